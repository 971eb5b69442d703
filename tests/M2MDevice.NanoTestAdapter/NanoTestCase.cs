using System;
using System.Reflection;
using nanoFramework.TestFramework;

namespace M2MDevice.NanoTestAdapter
{
    /// <summary>
    /// One runnable nanoFramework test: a [TestMethod], or one [DataRow] of it, with the class's [Setup]
    /// and [Cleanup]. Run on .NET the way the device's UnitTestLauncher runs it, except that Setup and
    /// Cleanup wrap every case (xUnit may run cases alone or in any order), so test classes keep no state
    /// between tests.
    /// </summary>
    public sealed class NanoTestCase
    {
        private const int ArgumentPreviewLength = 40;

        internal NanoTestCase(Type testClass, MethodInfo method, object[] arguments, int rowIndex)
        {
            TestClass = testClass;
            Method = method;
            Arguments = arguments;
            RowIndex = rowIndex;
            Id = BuildId(testClass, method, arguments, rowIndex);
        }

        /// <summary>The [TestClass].</summary>
        public Type TestClass { get; }

        /// <summary>The test method.</summary>
        public MethodInfo Method { get; }

        /// <summary>The [DataRow] arguments, or null for a plain [TestMethod].</summary>
        public object[] Arguments { get; }

        /// <summary>Index of the row among the method's [DataRow]s, or -1.</summary>
        public int RowIndex { get; }

        /// <summary>Unique display id: "Class.Method" or "Class.Method [row N: first argument]".</summary>
        public string Id { get; }

        /// <summary>
        /// Runs Setup, the test and Cleanup. Returns null when it passed, or the skip reason when
        /// [Setup] or the test called Assert.SkipTest; assertion failures propagate.
        /// </summary>
        public string Execute()
        {
            object instance = Method.IsStatic ? null : Activator.CreateInstance(TestClass);
            MethodInfo setup = FindMarked(TestClass, typeof(SetupAttribute));
            MethodInfo cleanup = FindMarked(TestClass, typeof(CleanupAttribute));
            try
            {
                if (setup != null)
                {
                    Invoke(setup, instance, null);
                }

                Invoke(Method, instance, Arguments);
                return null;
            }
            catch (SkipTestException skip)
            {
                return skip.Message ?? "skipped";
            }
            finally
            {
                if (cleanup != null)
                {
                    Invoke(cleanup, instance, null);
                }
            }
        }

        internal static MethodInfo FindMarked(Type type, Type attribute)
        {
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.IsDefined(attribute, false))
                {
                    return method;
                }
            }

            return null;
        }

        private static void Invoke(MethodInfo method, object instance, object[] arguments)
        {
            try
            {
                method.Invoke(method.IsStatic ? null : instance, arguments);
            }
            catch (TargetInvocationException wrapped) when (wrapped.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(wrapped.InnerException).Throw();
            }
        }

        private static string BuildId(Type testClass, MethodInfo method, object[] arguments, int rowIndex)
        {
            string id = testClass.Name + "." + method.Name;
            if (rowIndex < 0)
            {
                return id;
            }

            string preview = arguments.Length == 0 || arguments[0] == null ? string.Empty : arguments[0].ToString();
            if (preview.Length > ArgumentPreviewLength)
            {
                preview = preview.Substring(0, ArgumentPreviewLength) + "...";
            }

            return id + " [row " + rowIndex + ": " + preview + "]";
        }
    }
}
