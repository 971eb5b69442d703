using System;

namespace nanoFramework.TestFramework
{
    /// <summary>One row of arguments for a test method (nanoFramework.TestFramework 3.0.80 surface).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        /// <summary>Keeps the row.</summary>
        public DataRowAttribute(params object[] methodParameters)
        {
            MethodParameters = methodParameters;
        }

        /// <summary>The arguments, in parameter order.</summary>
        public object[] MethodParameters { get; }
    }
}
