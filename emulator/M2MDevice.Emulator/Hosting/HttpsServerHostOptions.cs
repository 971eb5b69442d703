using System;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using M2MDevice.Emulator.Pki;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>Settings of one <see cref="HttpsServerHost"/>.</summary>
    public sealed class HttpsServerHostOptions
    {
        /// <summary>Name used in logs (e.g. "rs").</summary>
        public string Name { get; set; } = "server";

        /// <summary>TLS server certificate with its private key (required), typically from <see cref="EmulatorCa"/>.</summary>
        public X509Certificate2 Certificate { get; set; }

        /// <summary>Address to listen on; loopback by default.</summary>
        public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

        /// <summary>TCP port; 0 picks a free one (read the bound URL from <see cref="HttpsServerHost.BaseAddress"/>).</summary>
        public int Port { get; set; }

        /// <summary>
        /// When set, clients may present a certificate, which is accepted only if it chains to this CA; endpoints
        /// read it from HttpContext.Connection.ClientCertificate. Null: no client certificates.
        /// </summary>
        public EmulatorCa ClientCertificateAuthority { get; set; }

        /// <summary>With <see cref="ClientCertificateAuthority"/>: refuse the TLS handshake without a client certificate.</summary>
        public bool RequireClientCertificate { get; set; }

        /// <summary>Logger factory (wrapped in <see cref="RedactingLoggerFactory"/>); null logs nothing.</summary>
        public ILoggerFactory LoggerFactory { get; set; }

        /// <summary>Largest request body Kestrel accepts, in bytes.</summary>
        public long MaxRequestBodySize { get; set; } = 1024 * 1024;
    }
}
