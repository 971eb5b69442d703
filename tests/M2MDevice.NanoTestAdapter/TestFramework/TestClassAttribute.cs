using System;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Marks a class holding tests. Same surface as nanoFramework.TestFramework 3.0.80
    /// (TestFrameworkShared/TestClassAttribute.cs); this reimplementation lets the same test sources run
    /// under xUnit on .NET and compile in the nano test gate.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
        /// <summary>Lets a derived attribute substitute the test method attribute; returns it unchanged.</summary>
        public virtual TestMethodAttribute GetTestMethodAttribute(TestMethodAttribute testMethodAttribute)
        {
            return testMethodAttribute;
        }
    }
}
