using System;
using System.Collections.Generic;
using System.Reflection;
using nanoFramework.TestFramework;

namespace M2MDevice.NanoTestAdapter
{
    /// <summary>
    /// Finds the nanoFramework tests compiled into this assembly the way the device's UnitTestLauncher
    /// does: public classes marked [TestClass]; public methods with [DataRow]s (one case per row) or else
    /// [TestMethod]. Also enforces what the device needs and .NET would not notice.
    /// </summary>
    public static class NanoTestCatalog
    {
        private static readonly Lazy<IReadOnlyList<NanoTestCase>> Cases = new Lazy<IReadOnlyList<NanoTestCase>>(Discover);

        /// <summary>Every case, in declaration order.</summary>
        public static IReadOnlyList<NanoTestCase> All => Cases.Value;

        /// <summary>The case with this id.</summary>
        public static NanoTestCase Find(string id)
        {
            foreach (NanoTestCase testCase in All)
            {
                if (testCase.Id == id)
                {
                    return testCase;
                }
            }

            throw new ArgumentException("no nanoFramework test case " + id, nameof(id));
        }

        /// <summary>
        /// Problems that would make a test behave differently on the device: instance fields (the launcher
        /// invokes test methods without an instance), [DataRow] arity mismatches, duplicate ids.
        /// </summary>
        public static IReadOnlyList<string> FindDeviceProblems()
        {
            List<string> problems = new List<string>();
            HashSet<string> ids = new HashSet<string>();
            foreach (Type type in TestClasses())
            {
                foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    problems.Add(type.Name + "." + field.Name + ": instance field (nanoFramework runs tests with no instance; use static state set in [Setup])");
                }
            }

            foreach (NanoTestCase testCase in All)
            {
                if (!ids.Add(testCase.Id))
                {
                    problems.Add(testCase.Id + ": duplicate id");
                }

                int expected = testCase.Method.GetParameters().Length;
                int given = testCase.Arguments == null ? 0 : testCase.Arguments.Length;
                if (expected != given)
                {
                    problems.Add(testCase.Id + ": " + given + " arguments for " + expected + " parameters");
                }
            }

            return problems;
        }

        private static IEnumerable<Type> TestClasses()
        {
            foreach (Type type in typeof(NanoTestCatalog).Assembly.GetTypes())
            {
                if (type.IsClass && type.IsPublic && type.IsDefined(typeof(TestClassAttribute), false))
                {
                    yield return type;
                }
            }
        }

        private static IReadOnlyList<NanoTestCase> Discover()
        {
            List<NanoTestCase> cases = new List<NanoTestCase>();
            foreach (Type type in TestClasses())
            {
                MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
                Array.Sort(methods, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
                foreach (MethodInfo method in methods)
                {
                    DataRowAttribute[] rows = (DataRowAttribute[])method.GetCustomAttributes(typeof(DataRowAttribute), false);
                    if (rows.Length > 0)
                    {
                        for (int i = 0; i < rows.Length; i++)
                        {
                            cases.Add(new NanoTestCase(type, method, rows[i].MethodParameters ?? new object[] { null }, i));
                        }
                    }
                    else if (method.IsDefined(typeof(TestMethodAttribute), false))
                    {
                        cases.Add(new NanoTestCase(type, method, null, -1));
                    }
                }
            }

            return cases;
        }
    }
}
