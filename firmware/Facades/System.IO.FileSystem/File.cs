// Facade of nanoFramework.System.IO.FileSystem 1.1.93 (File.cs): members used only. Compile-only.
namespace System.IO
{
    /// <summary>Facade: static file operations.</summary>
    public static class File
    {
        public static bool Exists(string path)
        {
            throw new NotImplementedException();
        }
    }
}
