// Facade of nanoFramework.System.Net 1.11.60 (IPEndPoint.cs): members used. Compile-only.
namespace System.Net
{
    /// <summary>Facade: an IP address and port.</summary>
    public class IPEndPoint : EndPoint
    {
        public IPEndPoint(IPAddress address, int port)
        {
            throw new NotImplementedException();
        }
    }
}
