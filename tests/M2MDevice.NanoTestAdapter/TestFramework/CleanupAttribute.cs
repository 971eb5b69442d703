using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks the method run after the class's tests (nanoFramework.TestFramework 3.0.80 surface).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute
    {
    }
}
