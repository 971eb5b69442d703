// Facade of nanoFramework.System.Net 1.11.60 (IPAddress.cs): the type only. Compile-only.
namespace System.Net
{
    /// <summary>Facade: an IP address.</summary>
    public class IPAddress
    {
        public IPAddress(byte[] address)
        {
            throw new NotImplementedException();
        }
    }
}
