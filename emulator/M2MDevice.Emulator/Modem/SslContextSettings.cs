namespace M2MDevice.Emulator.Modem
{
    /// <summary>One A76xx SSL context (AT+CSSLCFG, contexts 0..9) with the manual's defaults.</summary>
    internal sealed class SslContextSettings
    {
        /// <summary>sslversion: 4 = all (SSL 3.0 to TLS 1.2); the emulator always negotiates TLS 1.2 or 1.3.</summary>
        public int Version { get; set; } = 4;

        /// <summary>authmode: 0 none, 1 server, 2 server and client, 3 client only.</summary>
        public int AuthenticationMode { get; set; }

        /// <summary>ignorelocaltime: kept for read-back; certificate validity is always checked (docs/emulator-modem.md).</summary>
        public int IgnoreLocalTime { get; set; } = 1;

        /// <summary>negotiatetime: handshake timeout in seconds.</summary>
        public int NegotiateTime { get; set; } = 300;

        /// <summary>enableSNI.</summary>
        public int EnableSni { get; set; }

        /// <summary>cacert file name.</summary>
        public string CaCertificate { get; set; } = string.Empty;

        /// <summary>clientcert file name.</summary>
        public string ClientCertificate { get; set; } = string.Empty;

        /// <summary>clientkey file name.</summary>
        public string ClientKey { get; set; } = string.Empty;
    }
}
