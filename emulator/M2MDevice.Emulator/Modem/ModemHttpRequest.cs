using System;
using System.Security.Cryptography.X509Certificates;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>One AT+HTTPACTION as the modem executes it (a snapshot of the HTTP session and SSL context).</summary>
    internal sealed class ModemHttpRequest
    {
        public int Method { get; init; }

        public string Url { get; init; }

        public string ContentType { get; init; }

        public string UserData { get; init; }

        public string Accept { get; init; }

        public byte[] Body { get; init; }

        public int AuthenticationMode { get; init; }

        public X509Certificate2Collection TrustAnchors { get; init; }

        public X509Certificate2 ClientCertificate { get; init; }

        public TimeSpan ConnectTimeout { get; init; }

        public TimeSpan ReceiveTimeout { get; init; }
    }
}
