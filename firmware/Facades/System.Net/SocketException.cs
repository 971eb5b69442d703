// Facade of nanoFramework.System.Net 1.11.60 (SocketException.cs): members used. Compile-only.
namespace System.Net.Sockets
{
    /// <summary>Facade: a socket operation failed.</summary>
    [Serializable]
    public class SocketException : Exception
    {
        public SocketException(SocketError errorCode)
        {
            throw new NotImplementedException();
        }

        public int ErrorCode => throw new NotImplementedException();
    }
}
