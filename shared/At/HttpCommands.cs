namespace M2MDevice.At
{
    /// <summary>
    /// SIMCom A76xx/SIM7600 HTTP(S) commands (A76XX Series AT Command Manual, HTTP(S) chapter):
    /// AT+HTTPINIT, AT+HTTPPARA, AT+HTTPDATA (answered "DOWNLOAD", then the body, then OK),
    /// AT+HTTPACTION (OK, later the URC "+HTTPACTION: &lt;method&gt;,&lt;status&gt;,&lt;datalen&gt;"),
    /// AT+HTTPREAD (OK, then "+HTTPREAD: &lt;len&gt;" or "+HTTPREAD: DATA,&lt;len&gt;", len raw bytes,
    /// and "+HTTPREAD: 0" at the end) and AT+HTTPTERM.
    /// </summary>
    public static class HttpCommands
    {
        /// <summary>Prefix of the +HTTPACTION URC.</summary>
        public const string ActionPrefix = "+HTTPACTION:";

        /// <summary>Prefix of +HTTPREAD responses.</summary>
        public const string ReadPrefix = "+HTTPREAD:";

        /// <summary>The line that ends an AT+HTTPREAD=&lt;offset&gt;,&lt;size&gt; transfer.</summary>
        public const string ReadEndLine = "+HTTPREAD: 0";

        /// <summary>The line with which the modem asks for the AT+HTTPDATA body.</summary>
        public const string DownloadPrompt = "DOWNLOAD";

        /// <summary>HTTPACTION method GET.</summary>
        public const int MethodGet = 0;

        /// <summary>HTTPACTION method POST.</summary>
        public const int MethodPost = 1;

        /// <summary>HTTPACTION method HEAD.</summary>
        public const int MethodHead = 2;

        /// <summary>HTTPACTION method DELETE.</summary>
        public const int MethodDelete = 3;

        /// <summary>HTTPACTION method PUT.</summary>
        public const int MethodPut = 4;

        /// <summary>Largest body AT+HTTPDATA accepts on the A76xx (manual: 1..153600 bytes).</summary>
        public const int MaxDataLength = 153600;

        /// <summary>AT+HTTPINIT: starts the HTTP service.</summary>
        public static void WriteInit(AtWriter writer)
        {
            writer.Append("AT+HTTPINIT");
        }

        /// <summary>AT+HTTPTERM: stops the HTTP service.</summary>
        public static void WriteTerm(AtWriter writer)
        {
            writer.Append("AT+HTTPTERM");
        }

        /// <summary>AT+HTTPPARA="&lt;name&gt;","&lt;value&gt;" (URL, CONTENT, USERDATA, ACCEPT ...).</summary>
        public static void WriteParameter(AtWriter writer, string name, string value)
        {
            writer.Append("AT+HTTPPARA=").AppendQuoted(name).AppendByte((byte)',').AppendQuoted(value);
        }

        /// <summary>AT+HTTPPARA="&lt;name&gt;",&lt;value&gt; (SSLCFG, CONNECTTO, RECVTO, READMODE ...).</summary>
        public static void WriteParameter(AtWriter writer, string name, int value)
        {
            writer.Append("AT+HTTPPARA=").AppendQuoted(name).AppendByte((byte)',').AppendInt(value);
        }

        /// <summary>AT+HTTPDATA=&lt;size&gt;,&lt;time&gt;: the modem answers DOWNLOAD and waits time seconds for size bytes.</summary>
        public static void WriteData(AtWriter writer, int size, int timeSeconds)
        {
            if (size < 1 || size > MaxDataLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(size));
            }

            writer.Append("AT+HTTPDATA=").AppendInt(size).AppendByte((byte)',').AppendInt(timeSeconds);
        }

        /// <summary>AT+HTTPACTION=&lt;method&gt;.</summary>
        public static void WriteAction(AtWriter writer, int method)
        {
            if (method < MethodGet || method > MethodPut)
            {
                throw new System.ArgumentOutOfRangeException(nameof(method));
            }

            writer.Append("AT+HTTPACTION=").AppendInt(method);
        }

        /// <summary>AT+HTTPREAD? : asks the length of the received body ("+HTTPREAD: LEN,&lt;len&gt;").</summary>
        public static void WriteReadLength(AtWriter writer)
        {
            writer.Append("AT+HTTPREAD?");
        }

        /// <summary>AT+HTTPREAD=&lt;offset&gt;,&lt;size&gt;: reads size body bytes from offset.</summary>
        public static void WriteRead(AtWriter writer, int offset, int size)
        {
            writer.Append("AT+HTTPREAD=").AppendInt(offset).AppendByte((byte)',').AppendInt(size);
        }

        /// <summary>
        /// The URC "+HTTPACTION: &lt;method&gt;,&lt;statuscode&gt;,&lt;datalen&gt;". Status is the HTTP status, or a
        /// SIMCom error code (7xx, e.g. 715 TLS handshake failure) when the request failed.
        /// </summary>
        public static bool TryParseAction(AtReader reader, out int method, out int status, out int dataLength)
        {
            method = 0;
            status = 0;
            dataLength = 0;
            int saved = reader.Position;
            if (!reader.TryExpect(ActionPrefix) || !reader.TryReadInt(MethodGet, MethodPut, out int m) || !reader.TryReadComma()
                || !reader.TryReadInt(0, 999, out int s) || !reader.TryReadComma() || !reader.TryReadInt(out int length)
                || !reader.TryEnd())
            {
                return reader.Fail(reader.Error, saved);
            }

            method = m;
            status = s;
            dataLength = length;
            return true;
        }

        /// <summary>"+HTTPREAD: LEN,&lt;len&gt;" (answer of AT+HTTPREAD?).</summary>
        public static bool TryParseReadLength(AtReader reader, out int length)
        {
            length = 0;
            int saved = reader.Position;
            if (!reader.TryExpect(ReadPrefix) || !reader.TryExpect("LEN") || !reader.TryReadComma()
                || !reader.TryReadInt(out int value) || !reader.TryEnd())
            {
                return reader.Fail(reader.Error, saved);
            }

            length = value;
            return true;
        }

        /// <summary>
        /// A data header "+HTTPREAD: &lt;len&gt;" (A76xx) or "+HTTPREAD: DATA,&lt;len&gt;" (SIM7600): len raw bytes
        /// follow its CR LF. length 0 is the end line.
        /// </summary>
        public static bool TryParseReadHeader(AtReader reader, out int length)
        {
            length = 0;
            int saved = reader.Position;
            if (!reader.TryExpect(ReadPrefix))
            {
                return false;
            }

            if (reader.PeekIs((byte)'D') && (!reader.TryExpect("DATA") || !reader.TryReadComma()))
            {
                return reader.Fail(reader.Error, saved);
            }

            if (!reader.TryReadInt(out int value) || !reader.TryEnd())
            {
                return reader.Fail(reader.Error, saved);
            }

            length = value;
            return true;
        }

        /// <summary>Writes the +HTTPACTION URC (DCE side).</summary>
        public static void FormatAction(AtWriter writer, int method, int status, int dataLength)
        {
            writer.Append(ActionPrefix).AppendByte((byte)' ').AppendInt(method).AppendByte((byte)',').AppendInt(status)
                .AppendByte((byte)',').AppendInt(dataLength);
        }

        /// <summary>Writes the A76xx data header "+HTTPREAD: &lt;len&gt;" (DCE side; 0 gives the end line).</summary>
        public static void FormatReadHeader(AtWriter writer, int length)
        {
            writer.Append(ReadPrefix).AppendByte((byte)' ').AppendInt(length);
        }
    }
}
