// Facade of nanoFramework.System.IO.Streams 1.1.96 (SeekOrigin.cs). Compile-only.
namespace System.IO
{
    /// <summary>Facade: reference point for Stream.Seek.</summary>
    public enum SeekOrigin
    {
        Begin = 0,
        Current = 1,
        End = 2,
    }
}
