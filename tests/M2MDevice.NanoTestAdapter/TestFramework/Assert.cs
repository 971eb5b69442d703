using System;
using System.Runtime.CompilerServices;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Assertions with the surface and semantics of nanoFramework.TestFramework 3.0.80 (Assert.cs): a
    /// failure throws <see cref="AssertFailedException"/>; message defaults to the caller's expression.
    /// Written against nano's mscorlib too, so the nano test gate compiles the test sources against it.
    /// </summary>
    public sealed partial class Assert
    {
        private const string ObjectAsString = "(object)";
        private const string NullAsString = "(null)";

        /// <summary>Fails when both refer to the same object.</summary>
        public static void AreNotSame(object notExpected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                HandleFail("Assert.AreNotSame", ReplaceNulls(message));
            }
        }

        /// <summary>Fails unless both refer to the same object.</summary>
        public static void AreSame(object expected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (!ReferenceEquals(expected, actual))
            {
                HandleFail("Assert.AreSame", ReplaceNulls(message));
            }
        }

        /// <summary>Fails unless value contains expected.</summary>
        public static void Contains(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.Contains");
            EnsureParameterIsNotNull(value, "Assert.Contains");
            if (value.IndexOf(expected) < 0)
            {
                HandleFail("Assert.Contains", "'" + expected + "' not found in '" + value + "'. " + ReplaceNulls(message));
            }
        }

        /// <summary>Fails when value contains notExpected.</summary>
        public static void DoesNotContains(string notExpected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(notExpected, "Assert.DoesNotContains");
            EnsureParameterIsNotNull(value, "Assert.DoesNotContains");
            if (value.IndexOf(notExpected) >= 0)
            {
                HandleFail("Assert.DoesNotContains", "'" + notExpected + "' found in '" + value + "'. " + ReplaceNulls(message));
            }
        }

        /// <summary>Fails unless value ends with expected.</summary>
        public static void EndsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.EndsWith");
            EnsureParameterIsNotNull(value, "Assert.EndsWith");
            if (!value.EndsWith(expected))
            {
                HandleFail("Assert.EndsWith", "'" + value + "' does not end with '" + expected + "'. " + ReplaceNulls(message));
            }
        }

        /// <summary>Fails unless value starts with expected.</summary>
        public static void StartsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.StartsWith");
            EnsureParameterIsNotNull(value, "Assert.StartsWith");
            if (!value.StartsWith(expected))
            {
                HandleFail("Assert.StartsWith", "'" + value + "' does not start with '" + expected + "'. " + ReplaceNulls(message));
            }
        }

        /// <summary>Fails unless condition is false.</summary>
        public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (condition)
            {
                HandleFail("Assert.IsFalse", message);
            }
        }

        /// <summary>Fails unless condition is true.</summary>
        public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
        {
            if (!condition)
            {
                HandleFail("Assert.IsTrue", message);
            }
        }

        /// <summary>Fails unless value is an instance of expected (or derived).</summary>
        public static void IsInstanceOfType(object value, Type expected, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(expected, "Assert.IsInstanceOfType");
            if (value == null || !IsAssignable(expected, value.GetType()))
            {
                HandleFail("Assert.IsInstanceOfType", ReplaceNulls(message));
            }
        }

        /// <summary>Fails when value is an instance of notExpected (or derived).</summary>
        public static void IsNotInstanceOfType(object value, Type notExpected, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            EnsureParameterIsNotNull(notExpected, "Assert.IsNotInstanceOfType");
            if (value != null && IsAssignable(notExpected, value.GetType()))
            {
                HandleFail("Assert.IsNotInstanceOfType", ReplaceNulls(message));
            }
        }

        /// <summary>Fails when value is null.</summary>
        public static void IsNotNull(object value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value == null)
            {
                HandleFail("Assert.IsNotNull", message);
            }
        }

        /// <summary>Fails unless value is null.</summary>
        public static void IsNull(object value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value != null)
            {
                HandleFail("Assert.IsNull", message);
            }
        }

        /// <summary>Skips the running test (throws <see cref="SkipTestException"/>).</summary>
        public static void SkipTest(string message = null)
        {
            throw new SkipTestException(message);
        }

        /// <summary>Fails unless action throws exactly the type exception (not a derived type).</summary>
        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression(nameof(action))] string message = "")
        {
            EnsureParameterIsNotNull(action, "Assert.ThrowsException");
            EnsureParameterIsNotNull(exception, "Assert.ThrowsException");
            try
            {
                action.Invoke();
            }
            catch (Exception ex)
            {
                if (exception == ex.GetType())
                {
                    return;
                }

                HandleFail("Assert.ThrowsException", "Threw exception " + ex.GetType().Name + ", but exception " + exception.Name
                    + " was expected. " + ReplaceNulls(message) + "\r\nException Message: " + ex.Message);
            }

            HandleFail("Assert.ThrowsException", "No exception thrown. " + exception.Name + " exception was expected. " + ReplaceNulls(message));
        }

        internal static void HandleFail(string assertion, string message)
        {
            string safeMessage = string.Empty;
            if (message != null && message.Length > 0)
            {
                safeMessage = ReplaceNulls(message);
            }

            throw new AssertFailedException(assertion + " failed. " + safeMessage);
        }

        internal static string ReplaceNulls(object input)
        {
            if (input == null)
            {
                return NullAsString;
            }

            string text = input.ToString();
            return text ?? ObjectAsString;
        }

        internal static void EnsureParameterIsNotNull(object parameter, string assertion)
        {
            if (parameter == null)
            {
                HandleFail(assertion, "Parameter is null.");
            }
        }

        private static void HandleAreEqualFail(object expected, object actual, string message)
        {
            HandleFail("Assert.AreEqual", "Expected:<" + ReplaceNulls(expected) + ">. Actual:<" + ReplaceNulls(actual) + ">. " + ReplaceNulls(message));
        }

        private static void HandleAreNotEqualFail(object notExpected, object actual, string message)
        {
            HandleFail("Assert.AreNotEqual", "Expected any value except:<" + ReplaceNulls(notExpected) + ">. Actual:<" + ReplaceNulls(actual) + ">. " + ReplaceNulls(message));
        }

        private static bool IsAssignable(Type target, Type candidate)
        {
            for (Type type = candidate; type != null; type = type.BaseType)
            {
                if (type == target)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
