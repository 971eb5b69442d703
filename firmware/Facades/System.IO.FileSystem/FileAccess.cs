// Facade of nanoFramework.System.IO.FileSystem 1.1.93 (FileAccess.cs). Compile-only.
namespace System.IO
{
    /// <summary>Facade: read/write access to a file.</summary>
    [Flags]
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }
}
