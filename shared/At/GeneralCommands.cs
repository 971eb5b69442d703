namespace M2MDevice.At
{
    /// <summary>
    /// V.250 and TS 27.007 clause 5 general commands (ATE, +CMEE, +CGMI, +CGMM, +CGMR, +CGSN, +CIMI) and
    /// the extended error report +CEER (6.10): builders write the command text, parsers read one
    /// response line.
    /// </summary>
    public static class GeneralCommands
    {
        /// <summary>Longest information text accepted (TS 27.007 5.1-5.3 give no limit; 2048 by convention).</summary>
        public const int MaxInformationLength = 2048;

        /// <summary>Prefix of the +CEER response.</summary>
        public const string ExtendedErrorPrefix = "+CEER:";

        /// <summary>Prefix some modems put before the +CGSN serial number (TS 27.007 5.4 with &lt;snt&gt;).</summary>
        public const string SerialNumberPrefix = "+CGSN:";

        /// <summary>ATE0 / ATE1 (V.250 6.2.4): command echo off or on.</summary>
        public static void WriteEcho(AtWriter writer, bool enabled)
        {
            writer.Append(enabled ? "ATE1" : "ATE0");
        }

        /// <summary>AT+CMEE=&lt;n&gt; (TS 27.007 9.1): 0 plain ERROR, 1 numeric +CME ERROR, 2 verbose.</summary>
        public static void WriteErrorReporting(AtWriter writer, int mode)
        {
            if (mode < 0 || mode > 2)
            {
                throw new System.ArgumentOutOfRangeException(nameof(mode));
            }

            writer.Append("AT+CMEE=").AppendInt(mode);
        }

        /// <summary>AT+CGMI (TS 27.007 5.1): manufacturer.</summary>
        public static void WriteManufacturer(AtWriter writer)
        {
            writer.Append("AT+CGMI");
        }

        /// <summary>AT+CGMM (TS 27.007 5.2): model.</summary>
        public static void WriteModel(AtWriter writer)
        {
            writer.Append("AT+CGMM");
        }

        /// <summary>AT+CGMR (TS 27.007 5.3): revision.</summary>
        public static void WriteRevision(AtWriter writer)
        {
            writer.Append("AT+CGMR");
        }

        /// <summary>AT+CGSN (TS 27.007 5.4): serial number (IMEI).</summary>
        public static void WriteSerialNumber(AtWriter writer)
        {
            writer.Append("AT+CGSN");
        }

        /// <summary>AT+CIMI (TS 27.007 5.6): IMSI.</summary>
        public static void WriteImsi(AtWriter writer)
        {
            writer.Append("AT+CIMI");
        }

        /// <summary>AT+CEER (TS 27.007 6.10): extended error report of the last failure.</summary>
        public static void WriteExtendedErrorReport(AtWriter writer)
        {
            writer.Append("AT+CEER");
        }

        /// <summary>An information text line (+CGMI/+CGMM/+CGMR): non-empty, at most maxLength, not a '+' line.</summary>
        public static bool TryParseInformationText(AtReader reader, int maxLength, out string text)
        {
            text = null;
            int saved = reader.Position;
            if (reader.IsAtEnd)
            {
                return reader.Fail(AtParseResult.MissingParameter, saved);
            }

            if (reader.PeekIs((byte)'+'))
            {
                return reader.Fail(AtParseResult.WrongPrefix, saved);
            }

            return reader.TryReadRestAsText(maxLength, out text);
        }

        /// <summary>
        /// The IMSI line of +CIMI: 6 to 15 digits (TS 23.003 2.2: MCC 3 + MNC 2..3 + MSIN, at most 15).
        /// </summary>
        public static bool TryParseImsi(AtReader reader, out string imsi)
        {
            return TryParseDigits(reader, 6, 15, out imsi);
        }

        /// <summary>
        /// The serial number line of +CGSN, with or without a "+CGSN: " prefix, quoted or not: 14 to 17
        /// digits (TS 23.003 6.2: IMEI 15 digits, IMEISV 16).
        /// </summary>
        public static bool TryParseSerialNumber(AtReader reader, out string serialNumber)
        {
            serialNumber = null;
            int saved = reader.Position;
            if (reader.PeekIs((byte)'+') && !reader.TryExpect(SerialNumberPrefix))
            {
                return false;
            }

            bool quoted = reader.TrySkip((byte)'"');
            int digitsStart = reader.Position;
            if (!TryParseDigits(reader, 14, 17, quoted, out serialNumber))
            {
                AtParseResult reason = reader.Error;
                reader.Seek(digitsStart);
                return reader.Fail(reason, saved);
            }

            if (quoted && !reader.TrySkip((byte)'"'))
            {
                serialNumber = null;
                return reader.Fail(AtParseResult.UnterminatedString, saved);
            }

            if (!reader.TryEnd())
            {
                serialNumber = null;
                return reader.Fail(AtParseResult.TrailingData, saved);
            }

            return true;
        }

        /// <summary>"+CEER: &lt;report&gt;": the report text (quotes removed if present).</summary>
        public static bool TryParseExtendedErrorReport(AtReader reader, out string report)
        {
            report = null;
            int saved = reader.Position;
            if (!reader.TryExpect(ExtendedErrorPrefix))
            {
                return false;
            }

            if (!reader.TryReadRestAsText(MaxInformationLength, out report))
            {
                return reader.Fail(reader.Error, saved);
            }

            return true;
        }

        private static bool TryParseDigits(AtReader reader, int minimum, int maximum, out string digits)
        {
            int saved = reader.Position;
            if (!TryParseDigits(reader, minimum, maximum, false, out digits))
            {
                return false;
            }

            if (!reader.TryEnd())
            {
                digits = null;
                return reader.Fail(AtParseResult.TrailingData, saved);
            }

            return true;
        }

        private static bool TryParseDigits(AtReader reader, int minimum, int maximum, bool stopAtQuote, out string digits)
        {
            digits = null;
            int saved = reader.Position;
            reader.SkipSpaces();
            byte[] buffer = reader.Buffer;
            int start = reader.Position;
            int p = start;
            while (p < reader.End && AtAscii.IsDigit(buffer[p]))
            {
                p++;
            }

            int count = p - start;
            if (count == 0)
            {
                return reader.Fail(reader.IsAtEnd ? AtParseResult.MissingParameter : AtParseResult.InvalidNumber, saved);
            }

            if (p < reader.End && buffer[p] != (byte)' ' && !(stopAtQuote && buffer[p] == (byte)'"'))
            {
                return reader.Fail(AtParseResult.InvalidNumber, saved);
            }

            if (count < minimum || count > maximum)
            {
                return reader.Fail(AtParseResult.OutOfRange, saved);
            }

            reader.Seek(p);
            digits = AtAscii.GetString(buffer, start, count);
            return true;
        }
    }
}
