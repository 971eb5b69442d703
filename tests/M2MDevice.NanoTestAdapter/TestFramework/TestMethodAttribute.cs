using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a test method (nanoFramework.TestFramework 3.0.80 surface).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }
}
