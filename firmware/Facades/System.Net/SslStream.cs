// Facade of nanoFramework.System.Net 1.11.60 (Security/SslStream.cs): members used. Compile-only.
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace System.Net.Security
{
    /// <summary>Facade: TLS over a socket (mbedTLS in the native firmware).</summary>
    public class SslStream : NetworkStream
    {
        public SslStream(Socket socket)
            : base(socket, false)
        {
            throw new NotImplementedException();
        }

        public SslVerification SslVerification
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        public void AuthenticateAsClient(string targetHost, X509Certificate clientCertificate, X509Certificate ca, SslProtocols enabledSslProtocols)
        {
            throw new NotImplementedException();
        }
    }
}
