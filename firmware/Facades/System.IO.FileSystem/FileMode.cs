// Facade of nanoFramework.System.IO.FileSystem 1.1.93 (FileMode.cs). Compile-only.
namespace System.IO
{
    /// <summary>Facade: how the file system opens a file.</summary>
    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
        OpenOrCreate = 4,
        Truncate = 5,
        Append = 6,
    }
}
