// Facade of nanoFramework.System.Net 1.11.60 (Sockets/SocketErrors.cs): members used. Compile-only.
namespace System.Net.Sockets
{
    /// <summary>Facade: socket error codes (Winsock numbering).</summary>
    public enum SocketError : int
    {
        TimedOut = (10000 + 60),
    }
}
