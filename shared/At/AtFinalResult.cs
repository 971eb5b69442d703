namespace M2MDevice.At
{
    /// <summary>
    /// Recognises and formats final result codes in verbose form (ATV1, V.250 6.2.6): OK, CONNECT (with
    /// optional text), ERROR, NO CARRIER, BUSY, NO ANSWER, NO DIALTONE, and the extended errors
    /// "+CME ERROR: &lt;err&gt;" (TS 27.007 9.2; numeric with AT+CMEE=1, verbose text with AT+CMEE=2) and
    /// "+CMS ERROR: &lt;err&gt;" (TS 27.005 3.2.5). Numeric result codes (ATV0) are not recognised: a bare
    /// digit line is indistinguishable from an information response such as +CGSN's.
    /// </summary>
    public static class AtFinalResult
    {
        /// <summary>Error number reported when there is none (plain ERROR) or the verbose text is unknown.</summary>
        public const int NoErrorNumber = -1;

        /// <summary>Prefix of a mobile termination error (TS 27.007 9.2).</summary>
        public const string CmeErrorPrefix = "+CME ERROR:";

        /// <summary>Prefix of a message service error (TS 27.005 3.2.5).</summary>
        public const string CmsErrorPrefix = "+CMS ERROR:";

        // TS 27.007 9.2.1 (general) and 9.2.2 (GPRS/packet domain) verbose texts with their numbers.
        private static readonly string[] CmeTexts = new string[]
        {
            "phone failure", "no connection to phone", "phone-adaptor link reserved", "operation not allowed",
            "operation not supported", "PH-SIM PIN required", "SIM not inserted", "SIM PIN required",
            "SIM PUK required", "SIM failure", "SIM busy", "SIM wrong", "incorrect password",
            "SIM PIN2 required", "SIM PUK2 required", "memory full", "invalid index", "not found",
            "memory failure", "text string too long", "invalid characters in text string",
            "dial string too long", "invalid characters in dial string", "no network service",
            "network timeout", "network not allowed - emergency calls only", "incorrect parameters",
            "unknown", "Illegal MS", "Illegal ME", "GPRS services not allowed", "PLMN not allowed",
            "Location area not allowed", "Roaming not allowed in this location area",
            "unspecified GPRS error", "PDP authentication failure", "invalid mobile class",
        };

        private static readonly int[] CmeNumbers = new int[]
        {
            0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32,
            50, 100, 103, 106, 107, 111, 112, 113, 148, 149, 150,
        };

        /// <summary>
        /// True when line is a final result code; code and errorNumber (CME/CMS number, or
        /// <see cref="NoErrorNumber"/>) are set. False leaves code None: the line is something else.
        /// </summary>
        public static bool TryParse(byte[] line, int offset, int count, out AtResultCode code, out int errorNumber)
        {
            AtAscii.CheckRange(line, offset, count);
            errorNumber = NoErrorNumber;
            code = AtResultCode.None;
            if (AtAscii.EqualsText(line, offset, count, "OK"))
            {
                code = AtResultCode.Ok;
            }
            else if (AtAscii.EqualsText(line, offset, count, "ERROR"))
            {
                code = AtResultCode.Error;
            }
            else if (AtAscii.StartsWith(line, offset, count, "CONNECT") && (count == 7 || line[offset + 7] == (byte)' '))
            {
                code = AtResultCode.Connect; // V.250 6.2.6: CONNECT may carry connection text
            }
            else if (AtAscii.EqualsText(line, offset, count, "NO CARRIER"))
            {
                code = AtResultCode.NoCarrier;
            }
            else if (AtAscii.EqualsText(line, offset, count, "BUSY"))
            {
                code = AtResultCode.Busy;
            }
            else if (AtAscii.EqualsText(line, offset, count, "NO ANSWER"))
            {
                code = AtResultCode.NoAnswer;
            }
            else if (AtAscii.EqualsText(line, offset, count, "NO DIALTONE"))
            {
                code = AtResultCode.NoDialtone;
            }
            else if (AtAscii.StartsWith(line, offset, count, CmeErrorPrefix))
            {
                code = AtResultCode.CmeError;
                errorNumber = ParseErrorValue(line, offset + CmeErrorPrefix.Length, count - CmeErrorPrefix.Length, true);
            }
            else if (AtAscii.StartsWith(line, offset, count, CmsErrorPrefix))
            {
                code = AtResultCode.CmsError;
                errorNumber = ParseErrorValue(line, offset + CmsErrorPrefix.Length, count - CmsErrorPrefix.Length, false);
            }

            return code != AtResultCode.None;
        }

        /// <summary>
        /// The TS 27.007 9.2 number of a verbose +CME ERROR text (case-insensitive), or
        /// <see cref="NoErrorNumber"/> when unknown.
        /// </summary>
        public static int CmeNumberOfText(byte[] text, int offset, int count)
        {
            for (int i = 0; i < CmeTexts.Length; i++)
            {
                if (AtAscii.EqualsTextIgnoreCase(text, offset, count, CmeTexts[i]))
                {
                    return CmeNumbers[i];
                }
            }

            return NoErrorNumber;
        }

        /// <summary>The TS 27.007 9.2 verbose text of a +CME ERROR number, or null when not in the table.</summary>
        public static string CmeTextOfNumber(int number)
        {
            for (int i = 0; i < CmeNumbers.Length; i++)
            {
                if (CmeNumbers[i] == number)
                {
                    return CmeTexts[i];
                }
            }

            return null;
        }

        /// <summary>
        /// Writes a final result line (no framing) for the DCE side. For CmeError and CmsError, errorNumber
        /// is written numerically, or, with verbose true, as the TS 27.007 text when it is known.
        /// Channel-only codes (Timeout, overflows, Cancelled, None) are a programming error.
        /// </summary>
        public static void Format(AtWriter writer, AtResultCode code, int errorNumber, bool verbose)
        {
            switch (code)
            {
                case AtResultCode.Ok:
                    writer.Append("OK");
                    break;
                case AtResultCode.Connect:
                    writer.Append("CONNECT");
                    break;
                case AtResultCode.Error:
                    writer.Append("ERROR");
                    break;
                case AtResultCode.NoCarrier:
                    writer.Append("NO CARRIER");
                    break;
                case AtResultCode.Busy:
                    writer.Append("BUSY");
                    break;
                case AtResultCode.NoAnswer:
                    writer.Append("NO ANSWER");
                    break;
                case AtResultCode.NoDialtone:
                    writer.Append("NO DIALTONE");
                    break;
                case AtResultCode.CmeError:
                    writer.Append(CmeErrorPrefix).AppendByte((byte)' ');
                    string text = verbose ? CmeTextOfNumber(errorNumber) : null;
                    if (text != null)
                    {
                        writer.Append(text);
                    }
                    else
                    {
                        writer.AppendInt(errorNumber);
                    }

                    break;
                case AtResultCode.CmsError:
                    writer.Append(CmsErrorPrefix).AppendByte((byte)' ').AppendInt(errorNumber);
                    break;
                default:
                    throw new System.ArgumentOutOfRangeException(nameof(code));
            }
        }

        private static int ParseErrorValue(byte[] line, int offset, int count, bool allowText)
        {
            while (count > 0 && line[offset] == (byte)' ')
            {
                offset++;
                count--;
            }

            while (count > 0 && line[offset + count - 1] == (byte)' ')
            {
                count--;
            }

            if (count == 0)
            {
                return NoErrorNumber;
            }

            int value = 0;
            bool numeric = count <= 9;
            for (int i = 0; i < count && numeric; i++)
            {
                byte c = line[offset + i];
                if (!AtAscii.IsDigit(c))
                {
                    numeric = false;
                }
                else
                {
                    value = (value * 10) + (c - '0');
                }
            }

            if (numeric)
            {
                return value;
            }

            return allowText ? CmeNumberOfText(line, offset, count) : NoErrorNumber;
        }
    }
}
