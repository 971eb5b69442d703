// Facade of nanoFramework.System.IO.FileSystem 1.1.93 (FileShare.cs). Compile-only.
namespace System.IO
{
    /// <summary>Facade: sharing of an open file.</summary>
    [Flags]
    public enum FileShare
    {
        None = 0,
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }
}
