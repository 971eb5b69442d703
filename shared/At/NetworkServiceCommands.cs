namespace M2MDevice.At
{
    /// <summary>
    /// TS 27.007 network service commands: operator selection +COPS (7.3) and the registration reports
    /// +CREG (7.2), +CGREG (10.1.20) and +CEREG (10.1.22), which share one layout parsed here.
    /// </summary>
    public static class NetworkServiceCommands
    {
        /// <summary>Prefix of +COPS responses.</summary>
        public const string OperatorPrefix = "+COPS:";

        /// <summary>Longest operator name kept (TS 27.007 7.3 leaves it to the MT; 16 is the GSM 03.38 EF_SPN size, modems use up to 32).</summary>
        public const int MaxOperatorNameLength = 64;

        /// <summary>Manual PLMN selection with the numeric format and optional access technology (-1: none).</summary>
        public static void WriteOperatorManual(AtWriter writer, string numeric, int accessTechnology)
        {
            CheckNumericPlmn(numeric);
            writer.Append("AT+COPS=1,2,").AppendQuoted(numeric);
            if (accessTechnology >= 0)
            {
                writer.AppendByte((byte)',').AppendInt(accessTechnology);
            }
        }

        /// <summary>AT+COPS=0: automatic selection.</summary>
        public static void WriteOperatorAutomatic(AtWriter writer)
        {
            writer.Append("AT+COPS=0");
        }

        /// <summary>AT+COPS=2: deregister from the network.</summary>
        public static void WriteOperatorDeregister(AtWriter writer)
        {
            writer.Append("AT+COPS=2");
        }

        /// <summary>AT+COPS=3,&lt;format&gt;: sets the format of the read response (2 numeric).</summary>
        public static void WriteOperatorFormat(AtWriter writer, int format)
        {
            if (format < 0 || format > 2)
            {
                throw new System.ArgumentOutOfRangeException(nameof(format));
            }

            writer.Append("AT+COPS=3,").AppendInt(format);
        }

        /// <summary>AT+COPS? (read).</summary>
        public static void WriteOperatorRead(AtWriter writer)
        {
            writer.Append("AT+COPS?");
        }

        /// <summary>AT+COPS=? (test: scan for operators; may take minutes).</summary>
        public static void WriteOperatorTest(AtWriter writer)
        {
            writer.Append("AT+COPS=?");
        }

        /// <summary>The prefix ("+CREG:", "+CGREG:", "+CEREG:") of a registration report.</summary>
        public static string RegistrationPrefix(RegistrationKind kind)
        {
            switch (kind)
            {
                case RegistrationKind.Gprs:
                    return "+CGREG:";
                case RegistrationKind.Eps:
                    return "+CEREG:";
                default:
                    return "+CREG:";
            }
        }

        /// <summary>AT+CREG=&lt;n&gt; (likewise +CGREG, +CEREG): 0 off, 1 stat URC, 2 with location, 3 with reject cause.</summary>
        public static void WriteRegistrationReporting(AtWriter writer, RegistrationKind kind, int mode)
        {
            if (mode < 0 || mode > 5)
            {
                throw new System.ArgumentOutOfRangeException(nameof(mode));
            }

            writer.Append(CommandName(kind)).AppendByte((byte)'=').AppendInt(mode);
        }

        /// <summary>AT+CREG? (likewise +CGREG?, +CEREG?).</summary>
        public static void WriteRegistrationRead(AtWriter writer, RegistrationKind kind)
        {
            writer.Append(CommandName(kind)).AppendByte((byte)'?');
        }

        /// <summary>
        /// "+COPS: &lt;mode&gt;[,&lt;format&gt;,&lt;oper&gt;[,&lt;AcT&gt;]]" (7.3 read). Writes selection only on success.
        /// </summary>
        public static bool TryParseOperatorRead(AtReader reader, OperatorSelection selection)
        {
            int saved = reader.Position;
            int format = -1;
            string name = null;
            int accessTechnology = -1;
            if (!reader.TryExpect(OperatorPrefix) || !reader.TryReadInt(0, 4, out int mode))
            {
                return reader.Fail(reader.Error, saved);
            }

            if (reader.TrySkip((byte)','))
            {
                if (!reader.TryReadInt(0, 2, out format) || !reader.TryReadComma()
                    || !reader.TryReadQuotedString(MaxOperatorNameLength, out name))
                {
                    return reader.Fail(reader.Error, saved);
                }

                if (reader.TrySkip((byte)',') && !reader.TryReadInt(0, 255, out accessTechnology))
                {
                    return reader.Fail(reader.Error, saved);
                }
            }

            if (!reader.TryEnd())
            {
                return reader.Fail(AtParseResult.TrailingData, saved);
            }

            selection.Mode = mode;
            selection.Format = format;
            selection.Operator = name;
            selection.AccessTechnology = accessTechnology;
            return true;
        }

        /// <summary>
        /// The +COPS=? test response (7.3): "+COPS: [(&lt;stat&gt;,"long","short","numeric"[,&lt;AcT&gt;]),...]
        /// [,,(list of &lt;mode&gt;s),(list of &lt;format&gt;s)]". Operator groups are told from the trailing
        /// range lists by their quoted strings, so a missing ",," or extra spaces do not matter; names may be
        /// empty or omitted. The list is written only when the whole line parses.
        /// </summary>
        public static bool TryParseOperatorList(AtReader reader, OperatorList list)
        {
            int saved = reader.Position;
            if (!ParseOperatorList(reader, list, false))
            {
                return reader.Fail(reader.Error, saved);
            }

            reader.Seek(saved);
            ParseOperatorList(reader, list, true);
            return true;
        }

        /// <summary>
        /// A registration read response ("+CREG: &lt;n&gt;,&lt;stat&gt;[,...]", readResponse true) or URC
        /// ("+CREG: &lt;stat&gt;[,...]"), per kind: [,[&lt;lac|tac&gt;],[&lt;ci&gt;],[&lt;AcT&gt;]] then for +CGREG
        /// [,&lt;rac&gt;], then [,&lt;cause_type&gt;,&lt;reject_cause&gt;] (mode 3) and PSM timers (modes 4, 5; skipped).
        /// Writes state only on success.
        /// </summary>
        public static bool TryParseRegistration(AtReader reader, RegistrationKind kind, bool readResponse, RegistrationState state)
        {
            int saved = reader.Position;
            int mode = -1;
            int area = -1;
            int cell = -1;
            int accessTechnology = -1;
            int routingArea = -1;
            int causeType = -1;
            int rejectCause = -1;
            if (!reader.TryExpect(RegistrationPrefix(kind)))
            {
                return false;
            }

            if (readResponse && (!reader.TryReadInt(0, 5, out mode) || !reader.TryReadComma()))
            {
                return reader.Fail(reader.Error, saved);
            }

            if (!reader.TryReadInt(0, 11, out int status))
            {
                return reader.Fail(reader.Error, saved);
            }

            // TS 27.007 7.2: <lac> 2-byte (EPS <tac> 2 or 3 bytes), <ci> up to 28 bits, both hex strings.
            if (reader.TrySkip((byte)','))
            {
                if (!TryReadOptionalHex(reader, 6, out area) || !reader.TryReadComma() || !TryReadOptionalHex(reader, 8, out cell))
                {
                    return reader.Fail(reader.Error, saved);
                }

                if (reader.TrySkip((byte)',') && !reader.TryReadOptionalInt(0, 255, out accessTechnology))
                {
                    return reader.Fail(reader.Error, saved);
                }

                if (kind == RegistrationKind.Gprs && reader.TrySkip((byte)',') && !TryReadOptionalHex(reader, 2, out routingArea))
                {
                    return reader.Fail(reader.Error, saved);
                }

                if (reader.TrySkip((byte)','))
                {
                    if (!reader.TryReadOptionalInt(0, 1, out causeType) || !reader.TryReadComma()
                        || !reader.TryReadOptionalInt(0, 65535, out rejectCause))
                    {
                        return reader.Fail(reader.Error, saved);
                    }
                }

                if (!reader.TrySkipRemainingParameters())
                {
                    return reader.Fail(reader.Error, saved);
                }
            }

            if (!reader.TryEnd())
            {
                return reader.Fail(AtParseResult.TrailingData, saved);
            }

            state.Kind = kind;
            state.Mode = mode;
            state.Status = (RegistrationStatus)status;
            state.AreaCode = area;
            state.CellId = cell;
            state.AccessTechnology = accessTechnology;
            state.RoutingAreaCode = routingArea;
            state.CauseType = causeType;
            state.RejectCause = rejectCause;
            return true;
        }

        /// <summary>
        /// Writes a registration URC line (DCE side): "+CEREG: &lt;stat&gt;" and, when mode &gt;= 2 and areaCode
        /// &gt;= 0, location fields; mode 3 adds cause type 0 and rejectCause when rejectCause &gt;= 0.
        /// </summary>
        public static void FormatRegistrationUrc(AtWriter writer, RegistrationKind kind, int mode, RegistrationStatus status, int areaCode, int cellId, int accessTechnology, int rejectCause)
        {
            writer.Append(RegistrationPrefix(kind)).AppendByte((byte)' ').AppendInt((int)status);
            if (mode < 2)
            {
                return;
            }

            writer.AppendByte((byte)',');
            if (areaCode >= 0)
            {
                writer.AppendQuotedHexNumber(areaCode, 4);
            }

            writer.AppendByte((byte)',');
            if (cellId >= 0)
            {
                writer.AppendQuotedHexNumber(cellId, 8);
            }

            writer.AppendByte((byte)',');
            if (accessTechnology >= 0)
            {
                writer.AppendInt(accessTechnology);
            }

            if (kind == RegistrationKind.Gprs && mode >= 3)
            {
                writer.AppendByte((byte)',');
            }

            if (mode >= 3 && rejectCause >= 0)
            {
                writer.Append(",0,").AppendInt(rejectCause);
            }
        }

        private static string CommandName(RegistrationKind kind)
        {
            switch (kind)
            {
                case RegistrationKind.Gprs:
                    return "AT+CGREG";
                case RegistrationKind.Eps:
                    return "AT+CEREG";
                default:
                    return "AT+CREG";
            }
        }

        private static bool TryReadOptionalHex(AtReader reader, int maxDigits, out int value)
        {
            if (reader.IsParameterOmitted())
            {
                value = -1;
                return true;
            }

            if (reader.PeekIs((byte)'"'))
            {
                int saved = reader.Position;
                if (reader.TryReadQuoted(out int _, out int count) && count == 0)
                {
                    value = -1;
                    return true; // "" is an omitted value
                }

                reader.Seek(saved);
            }

            return reader.TryReadHexNumber(maxDigits, out value);
        }

        private static void CheckNumericPlmn(string numeric)
        {
            if (numeric == null || numeric.Length < 5 || numeric.Length > 6)
            {
                throw new System.ArgumentException("numeric PLMN is MCC+MNC, 5 or 6 digits", nameof(numeric));
            }

            for (int i = 0; i < numeric.Length; i++)
            {
                if (numeric[i] < '0' || numeric[i] > '9')
                {
                    throw new System.ArgumentException("numeric PLMN is MCC+MNC, 5 or 6 digits", nameof(numeric));
                }
            }
        }

        private static bool ParseOperatorList(AtReader reader, OperatorList list, bool store)
        {
            int saved = reader.Position;
            if (!reader.TryExpect(OperatorPrefix))
            {
                return false;
            }

            int total = 0;
            bool expectSeparator = false;
            while (!reader.IsAtEnd)
            {
                if (expectSeparator)
                {
                    if (!reader.TryReadComma())
                    {
                        return reader.Fail(AtParseResult.ExpectedComma, saved);
                    }

                    expectSeparator = false;
                    continue;
                }

                if (reader.PeekIs((byte)','))
                {
                    reader.TrySkip((byte)','); // an empty element: the ",," before the range lists
                    continue;
                }

                if (!reader.PeekIs((byte)'('))
                {
                    return reader.Fail(AtParseResult.MalformedList, saved);
                }

                int groupStart = reader.Position;
                if (!reader.TrySkipParameter())
                {
                    return reader.Fail(AtParseResult.MalformedList, saved);
                }

                int groupEnd = reader.Position;
                if (ContainsQuote(reader.Buffer, groupStart, groupEnd))
                {
                    reader.Seek(groupStart);
                    OperatorEntry entry = store && total < list.Capacity ? list.Slot(total) : null;
                    if (!ParseOperatorEntry(reader, entry))
                    {
                        return reader.Fail(reader.Error, saved);
                    }

                    total++;
                }
                else if (!IsRangeList(reader.Buffer, groupStart, groupEnd))
                {
                    return reader.Fail(AtParseResult.MalformedList, saved);
                }

                expectSeparator = true;
            }

            if (store)
            {
                list.TotalCount = total;
                list.Count = total < list.Capacity ? total : list.Capacity;
            }

            return true;
        }

        private static bool ParseOperatorEntry(AtReader reader, OperatorEntry entry)
        {
            int saved = reader.Position;
            int accessTechnology = -1;
            if (!reader.TrySkip((byte)'(') || !reader.TryReadInt(0, 9, out int status) || !reader.TryReadComma()
                || !reader.TryReadOptionalQuotedString(MaxOperatorNameLength, out string longName) || !reader.TryReadComma()
                || !reader.TryReadOptionalQuotedString(MaxOperatorNameLength, out string shortName) || !reader.TryReadComma()
                || !reader.TryReadQuotedString(6, out string numeric))
            {
                return reader.Fail(reader.Error == AtParseResult.Ok ? AtParseResult.MalformedList : reader.Error, saved);
            }

            if (reader.TrySkip((byte)',') && !reader.TryReadInt(0, 255, out accessTechnology))
            {
                return reader.Fail(reader.Error, saved);
            }

            if (!reader.TrySkip((byte)')'))
            {
                return reader.Fail(AtParseResult.MalformedList, saved);
            }

            if (entry != null)
            {
                entry.Status = status;
                entry.LongName = longName ?? string.Empty;
                entry.ShortName = shortName ?? string.Empty;
                entry.Numeric = numeric;
                entry.AccessTechnology = accessTechnology;
            }

            return true;
        }

        private static bool ContainsQuote(byte[] buffer, int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                if (buffer[i] == (byte)'"')
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsRangeList(byte[] buffer, int from, int to)
        {
            // e.g. "(0-4)" or "(0,1,2)": digits, '-', ',' and spaces between the parentheses.
            for (int i = from; i < to; i++)
            {
                byte c = buffer[i];
                if (c != (byte)' ' && !AtAscii.IsDigit(c) && c != (byte)'-' && c != (byte)',' && c != (byte)'(' && c != (byte)')')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
