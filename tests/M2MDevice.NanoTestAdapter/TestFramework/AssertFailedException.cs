using System;

namespace TestFrameworkShared
{
    /// <summary>Thrown by a failing assertion (nanoFramework.TestFramework 3.0.80 surface, same namespace).</summary>
    public class AssertFailedException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public AssertFailedException()
        {
        }

        /// <summary>Creates the exception with a message.</summary>
        public AssertFailedException(string msg)
            : base(msg)
        {
        }

        /// <summary>Creates the exception with a message and cause.</summary>
        public AssertFailedException(string msg, Exception ex)
            : base(msg, ex)
        {
        }
    }
}
