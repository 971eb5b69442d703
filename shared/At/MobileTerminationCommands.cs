namespace M2MDevice.At
{
    /// <summary>
    /// TS 27.007 clause 8 mobile termination control and status: +CFUN (8.2), +CPIN (8.3), +CSQ (8.5),
    /// +CSIM generic UICC access (8.17) and +CRSM restricted SIM access (8.18).
    /// </summary>
    public static class MobileTerminationCommands
    {
        /// <summary>Prefix of +CFUN read responses.</summary>
        public const string FunctionalityPrefix = "+CFUN:";

        /// <summary>Prefix of +CPIN read responses.</summary>
        public const string PinPrefix = "+CPIN:";

        /// <summary>Prefix of +CSQ responses.</summary>
        public const string SignalQualityPrefix = "+CSQ:";

        /// <summary>Prefix of +CSIM responses.</summary>
        public const string GenericSimAccessPrefix = "+CSIM:";

        /// <summary>Prefix of +CRSM responses.</summary>
        public const string RestrictedSimAccessPrefix = "+CRSM:";

        /// <summary>+CSQ &lt;rssi&gt; and &lt;ber&gt; value for "not known or not detectable" (TS 27.007 8.5).</summary>
        public const int SignalNotKnown = 99;

        /// <summary>AT+CFUN=&lt;fun&gt;[,&lt;rst&gt;] (8.2): 0 minimum, 1 full, 4 radio off; reset 1 resets the MT first.</summary>
        public static void WriteFunctionality(AtWriter writer, int functionality, bool reset)
        {
            if (functionality < 0 || functionality > 127)
            {
                throw new System.ArgumentOutOfRangeException(nameof(functionality));
            }

            writer.Append("AT+CFUN=").AppendInt(functionality);
            if (reset)
            {
                writer.Append(",1");
            }
        }

        /// <summary>AT+CFUN?</summary>
        public static void WriteFunctionalityRead(AtWriter writer)
        {
            writer.Append("AT+CFUN?");
        }

        /// <summary>AT+CPIN? (8.3).</summary>
        public static void WritePinRead(AtWriter writer)
        {
            writer.Append("AT+CPIN?");
        }

        /// <summary>AT+CSQ (8.5).</summary>
        public static void WriteSignalQuality(AtWriter writer)
        {
            writer.Append("AT+CSQ");
        }

        /// <summary>AT+CSIM=&lt;length&gt;,"&lt;command&gt;" (8.17): length counts hex characters.</summary>
        public static void WriteGenericSimAccess(AtWriter writer, byte[] command, int offset, int count)
        {
            writer.Append("AT+CSIM=").AppendInt(count * 2).AppendByte((byte)',').AppendQuotedHex(command, offset, count);
        }

        /// <summary>
        /// AT+CRSM=&lt;command&gt;,&lt;fileid&gt;,&lt;P1&gt;,&lt;P2&gt;,&lt;P3&gt;[,"&lt;data&gt;"] (8.18), e.g. 176 READ BINARY,
        /// 178 READ RECORD, 192 GET RESPONSE, 214 UPDATE BINARY. data may be null.
        /// </summary>
        public static void WriteRestrictedSimAccess(AtWriter writer, int command, int fileId, int p1, int p2, int p3, byte[] data, int offset, int count)
        {
            writer.Append("AT+CRSM=").AppendInt(command).AppendByte((byte)',').AppendInt(fileId)
                .AppendByte((byte)',').AppendInt(p1).AppendByte((byte)',').AppendInt(p2).AppendByte((byte)',').AppendInt(p3);
            if (data != null)
            {
                writer.AppendByte((byte)',').AppendQuotedHex(data, offset, count);
            }
        }

        /// <summary>"+CFUN: &lt;fun&gt;" (extra parameters tolerated).</summary>
        public static bool TryParseFunctionality(AtReader reader, out int functionality)
        {
            functionality = 0;
            int saved = reader.Position;
            if (!reader.TryExpect(FunctionalityPrefix) || !reader.TryReadInt(0, 127, out int value) || !reader.TrySkipRemainingParameters())
            {
                return reader.Fail(reader.Error, saved);
            }

            functionality = value;
            return true;
        }

        /// <summary>"+CPIN: &lt;code&gt;" (8.3): READY, SIM PIN, SIM PUK, SIM PIN2, SIM PUK2 or a PH- lock.</summary>
        public static bool TryParsePinStatus(AtReader reader, out PinStatus status)
        {
            status = PinStatus.Ready;
            int saved = reader.Position;
            if (!reader.TryExpect(PinPrefix) || !reader.TryReadRestAsText(16, out string code))
            {
                return reader.Fail(reader.Error, saved);
            }

            switch (code)
            {
                case "READY":
                    status = PinStatus.Ready;
                    return true;
                case "SIM PIN":
                    status = PinStatus.SimPin;
                    return true;
                case "SIM PUK":
                    status = PinStatus.SimPuk;
                    return true;
                case "SIM PIN2":
                    status = PinStatus.SimPin2;
                    return true;
                case "SIM PUK2":
                    status = PinStatus.SimPuk2;
                    return true;
            }

            if (code.Length > 3 && code[0] == 'P' && code[1] == 'H' && code[2] == '-')
            {
                status = PinStatus.PhoneLock;
                return true;
            }

            return reader.Fail(AtParseResult.UnknownValue, saved);
        }

        /// <summary>"+CSQ: &lt;rssi&gt;,&lt;ber&gt;" (8.5): rssi 0..31 or 99, ber 0..7 or 99.</summary>
        public static bool TryParseSignalQuality(AtReader reader, out int rssi, out int bitErrorRate)
        {
            rssi = SignalNotKnown;
            bitErrorRate = SignalNotKnown;
            int saved = reader.Position;
            if (!reader.TryExpect(SignalQualityPrefix) || !reader.TryReadInt(0, 99, out int strength)
                || !reader.TryReadComma() || !reader.TryReadInt(0, 99, out int errors) || !reader.TryEnd())
            {
                return reader.Fail(reader.Error, saved);
            }

            if ((strength > 31 && strength != SignalNotKnown) || (errors > 7 && errors != SignalNotKnown))
            {
                return reader.Fail(AtParseResult.OutOfRange, saved);
            }

            rssi = strength;
            bitErrorRate = errors;
            return true;
        }

        /// <summary>
        /// "+CSIM: &lt;length&gt;,"&lt;response&gt;"" (8.17) into response[offset..]; length must equal the hex
        /// character count. count is the number of response bytes (data and SW1 SW2).
        /// </summary>
        public static bool TryParseGenericSimAccess(AtReader reader, byte[] response, int offset, int maxCount, out int count)
        {
            count = 0;
            int saved = reader.Position;
            if (!reader.TryExpect(GenericSimAccessPrefix) || !reader.TryReadInt(out int length) || !reader.TryReadComma()
                || !reader.TryReadHexBytes(response, offset, maxCount, out int bytes) || !reader.TryEnd())
            {
                return reader.Fail(reader.Error, saved);
            }

            if (length != bytes * 2)
            {
                return reader.Fail(AtParseResult.LengthMismatch, saved);
            }

            if (bytes < 2)
            {
                return reader.Fail(AtParseResult.MissingParameter, saved);
            }

            count = bytes;
            return true;
        }

        /// <summary>"+CRSM: &lt;sw1&gt;,&lt;sw2&gt;[,&lt;response&gt;]" (8.18); responseCount 0 when absent.</summary>
        public static bool TryParseRestrictedSimAccess(AtReader reader, out int statusWord1, out int statusWord2, byte[] response, int offset, int maxCount, out int responseCount)
        {
            statusWord1 = 0;
            statusWord2 = 0;
            responseCount = 0;
            int saved = reader.Position;
            if (!reader.TryExpect(RestrictedSimAccessPrefix) || !reader.TryReadInt(0, 255, out int sw1)
                || !reader.TryReadComma() || !reader.TryReadInt(0, 255, out int sw2))
            {
                return reader.Fail(reader.Error, saved);
            }

            int bytes = 0;
            if (reader.TrySkip((byte)','))
            {
                if (!reader.IsParameterOmitted() && !reader.TryReadHexBytes(response, offset, maxCount, out bytes))
                {
                    return reader.Fail(reader.Error, saved);
                }
            }

            if (!reader.TryEnd())
            {
                return reader.Fail(AtParseResult.TrailingData, saved);
            }

            statusWord1 = sw1;
            statusWord2 = sw2;
            responseCount = bytes;
            return true;
        }
    }
}
