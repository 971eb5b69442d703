namespace M2MDevice.NanoLint.Tests
{
    /// <summary>The reference assemblies a snippet is compiled against.</summary>
    public enum LintPlatform
    {
        /// <summary>nanoFramework.CoreLibrary's mscorlib only, as in the nano gate projects.</summary>
        Nano,

        /// <summary>The running .NET's assemblies, where every BCL symbol resolves.</summary>
        Net,
    }
}
