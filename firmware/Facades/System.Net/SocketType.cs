// Facade of nanoFramework.System.Net 1.11.60 (Sockets/SocketType.cs): members used. Compile-only.
namespace System.Net.Sockets
{
    /// <summary>Facade: socket type.</summary>
    public enum SocketType
    {
        Stream = 1,
    }
}
