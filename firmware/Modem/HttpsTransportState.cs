namespace M2MDevice.Firmware.Modem
{
    /// <summary>States of the <see cref="ModemHttpsTransport"/> (docs/cellular.md, HTTPS POST).</summary>
    public enum HttpsTransportState
    {
        /// <summary>No request in flight.</summary>
        Idle = 0,

        /// <summary>AT+HTTPTERM left over from a cancelled request (errors ignored).</summary>
        Cleaning = 1,

        /// <summary>AT+CCERTDOWN of the trust anchor as PEM.</summary>
        UploadingCertificate = 2,

        /// <summary>AT+CSSLCFG: TLS 1.2, server authentication, CA file, SNI.</summary>
        ConfiguringTls = 3,

        /// <summary>AT+HTTPINIT and AT+HTTPPARA (URL, CONTENT, SSLCFG).</summary>
        Preparing = 4,

        /// <summary>AT+HTTPDATA: DOWNLOAD prompt, then the body.</summary>
        SendingBody = 5,

        /// <summary>AT+HTTPACTION=1 sent; waiting for its OK and the +HTTPACTION URC.</summary>
        Acting = 6,

        /// <summary>AT+HTTPREAD=0,&lt;len&gt;: the body arrives as raw bytes.</summary>
        Reading = 7,

        /// <summary>AT+HTTPTERM, then the outcome is reported.</summary>
        Terminating = 8,
    }
}
