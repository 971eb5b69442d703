namespace M2MDevice.At
{
    /// <summary>
    /// SIMCom A76xx/SIM7600 certificate and SSL-context commands (A76XX Series AT Command Manual, SSL
    /// chapter): AT+CCERTDOWN uploads a PEM file (the modem answers '&gt;', reads exactly the announced
    /// length, then OK), AT+CSSLCFG configures an SSL context, AT+HTTPPARA="SSLCFG",&lt;ctx&gt; binds it to HTTP.
    /// </summary>
    public static class SslCommands
    {
        /// <summary>Longest certificate file the modem accepts in one AT+CCERTDOWN (manual: 10240 bytes).</summary>
        public const int MaxCertificateLength = 10240;

        /// <summary>Highest SSL context index (0..9).</summary>
        public const int MaxContext = 9;

        /// <summary>authmode 0: no authentication.</summary>
        public const int AuthenticationNone = 0;

        /// <summary>authmode 1: the client verifies the server against the configured CA.</summary>
        public const int AuthenticationServer = 1;

        /// <summary>authmode 2: server and client authentication.</summary>
        public const int AuthenticationMutual = 2;

        /// <summary>sslversion 4: all versions (SSL 3.0 to TLS 1.2); 3 is TLS 1.2 only.</summary>
        public const int VersionAll = 4;

        /// <summary>sslversion 3: TLS 1.2.</summary>
        public const int VersionTls12 = 3;

        /// <summary>AT+CCERTDOWN="&lt;filename&gt;",&lt;len&gt;: then send len bytes after the '&gt;' prompt.</summary>
        public static void WriteCertificateDownload(AtWriter writer, string fileName, int length)
        {
            if (length < 1 || length > MaxCertificateLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(length));
            }

            writer.Append("AT+CCERTDOWN=").AppendQuoted(fileName).AppendByte((byte)',').AppendInt(length);
        }

        /// <summary>AT+CSSLCFG="&lt;name&gt;",&lt;ctx&gt;,&lt;value&gt; (sslversion, authmode, ignorelocaltime, enableSNI ...).</summary>
        public static void WriteContextParameter(AtWriter writer, string name, int context, int value)
        {
            CheckContext(context);
            writer.Append("AT+CSSLCFG=").AppendQuoted(name).AppendByte((byte)',').AppendInt(context)
                .AppendByte((byte)',').AppendInt(value);
        }

        /// <summary>AT+CSSLCFG="&lt;name&gt;",&lt;ctx&gt;,"&lt;file&gt;" (cacert, clientcert, clientkey).</summary>
        public static void WriteContextFile(AtWriter writer, string name, int context, string fileName)
        {
            CheckContext(context);
            writer.Append("AT+CSSLCFG=").AppendQuoted(name).AppendByte((byte)',').AppendInt(context)
                .AppendByte((byte)',').AppendQuoted(fileName);
        }

        private static void CheckContext(int context)
        {
            if (context < 0 || context > MaxContext)
            {
                throw new System.ArgumentOutOfRangeException(nameof(context));
            }
        }
    }
}
