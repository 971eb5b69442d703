namespace M2MDevice.At
{
    /// <summary>
    /// The remote-SIM channel on AT, defined once for both sides (docs/remote-sim.md):
    /// <list type="bullet">
    /// <item>modem to device, URC: <c>+M2MSIM: &lt;id&gt;,"&lt;type&gt;"[,"&lt;C-APDU hex&gt;"]</c>, type INIT, APDU,
    /// RESET or DEINIT, hex only (and always) for APDU;</item>
    /// <item>device to modem, command: <c>AT+M2MSIM=&lt;id&gt;,&lt;status&gt;[,"&lt;hex&gt;"]</c>, status 0 with the
    /// ATR (INIT, RESET) or R-APDU (APDU) or nothing (DEINIT), or a non-zero <see cref="RemoteSimStatus"/>
    /// without data. The modem answers OK, or +CME ERROR: 50 when id is not the outstanding request.</item>
    /// </list>
    /// Hex is upper-case when written and accepted in either case. Lengths are checked against the limits
    /// below (ISO/IEC 7816-4 short APDUs; ISO/IEC 7816-3 ATR).
    /// </summary>
    public static class RemoteSimMessage
    {
        /// <summary>Prefix of the request URC.</summary>
        public const string UrcPrefix = "+M2MSIM:";

        /// <summary>Prefix of the answer command.</summary>
        public const string CommandPrefix = "AT+M2MSIM=";

        /// <summary>Largest request id.</summary>
        public const int MaxId = 65535;

        /// <summary>Smallest C-APDU: CLA INS P1 P2 (ISO/IEC 7816-4 5.1, case 1).</summary>
        public const int MinCommandApduLength = 4;

        /// <summary>Largest short C-APDU: header, Lc, 255 data bytes, Le (ISO/IEC 7816-4 5.1, case 4).</summary>
        public const int MaxCommandApduLength = 261;

        /// <summary>Largest short R-APDU: 256 data bytes and SW1 SW2.</summary>
        public const int MaxResponseApduLength = 258;

        /// <summary>Smallest ATR: TS and T0 (ISO/IEC 7816-3 8.2).</summary>
        public const int MinAtrLength = 2;

        /// <summary>Largest ATR: TS and at most 32 further characters (ISO/IEC 7816-3 8.2.1).</summary>
        public const int MaxAtrLength = 33;

        /// <summary>Longest line either direction produces; line buffers must hold at least this.</summary>
        public const int MaxLineLength = 560;

        /// <summary>Name of the SIM source selection command (docs/remote-sim.md, "Selecting the remote SIM").</summary>
        public const string SelectCommand = "AT+M2MSIMSEL";

        /// <summary>Prefix of the SIM source selection read response.</summary>
        public const string SelectPrefix = "+M2MSIMSEL:";

        /// <summary>
        /// AT+M2MSIMSEL=&lt;mode&gt; (device side): 1 makes the modem use the remote SIM served over +M2MSIM,
        /// 0 its own SIM slot. Accepted while the SIM is off (AT+CFUN=0); takes effect at the next AT+CFUN=1.
        /// </summary>
        public static void WriteSelect(AtWriter writer, bool remote)
        {
            writer.Append(SelectCommand).AppendByte((byte)'=').AppendInt(remote ? 1 : 0);
        }

        /// <summary>AT+M2MSIMSEL? (device side).</summary>
        public static void WriteSelectRead(AtWriter writer)
        {
            writer.Append(SelectCommand).AppendByte((byte)'?');
        }

        /// <summary>Parses the command line "AT+M2MSIMSEL=&lt;mode&gt;" (modem side); mode 0 or 1.</summary>
        public static bool TryParseSelect(AtReader reader, out bool remote)
        {
            remote = false;
            int saved = reader.Position;
            if (!reader.TryExpect(SelectCommand))
            {
                return false;
            }

            if (!reader.TrySkip((byte)'='))
            {
                return reader.Fail(AtParseResult.MissingParameter, saved);
            }

            if (!reader.TryReadInt(0, 1, out int mode) || !reader.TryEnd())
            {
                return reader.Fail(reader.Error, saved);
            }

            remote = mode == 1;
            return true;
        }

        /// <summary>Writes the read response "+M2MSIMSEL: &lt;mode&gt;" (modem side).</summary>
        public static void FormatSelectRead(AtWriter writer, bool remote)
        {
            writer.Append(SelectPrefix).AppendByte((byte)' ').AppendInt(remote ? 1 : 0);
        }

        /// <summary>Parses the read response "+M2MSIMSEL: &lt;mode&gt;" (device side).</summary>
        public static bool TryParseSelectRead(AtReader reader, out bool remote)
        {
            remote = false;
            int saved = reader.Position;
            if (!reader.TryExpect(SelectPrefix) || !reader.TryReadInt(0, 1, out int mode) || !reader.TryEnd())
            {
                return reader.Fail(reader.Error, saved);
            }

            remote = mode == 1;
            return true;
        }

        /// <summary>Writes the request URC line (modem side).</summary>
        public static void FormatRequest(AtWriter writer, int id, RemoteSimRequestType type, byte[] apdu, int offset, int count)
        {
            CheckId(id);
            writer.Append(UrcPrefix).AppendByte((byte)' ').AppendInt(id).AppendByte((byte)',').AppendQuoted(TypeName(type));
            if (type == RemoteSimRequestType.Apdu)
            {
                if (count < MinCommandApduLength || count > MaxCommandApduLength)
                {
                    throw new System.ArgumentOutOfRangeException(nameof(count));
                }

                writer.AppendByte((byte)',').AppendQuotedHex(apdu, offset, count);
            }
        }

        /// <summary>Writes the answer command line (device side); data is ignored unless status is Ok.</summary>
        public static void FormatResponse(AtWriter writer, int id, RemoteSimStatus status, byte[] data, int offset, int count)
        {
            CheckId(id);
            writer.Append(CommandPrefix).AppendInt(id).AppendByte((byte)',').AppendInt((int)status);
            if (status == RemoteSimStatus.Ok && count > 0)
            {
                if (count > MaxResponseApduLength)
                {
                    throw new System.ArgumentOutOfRangeException(nameof(count));
                }

                writer.AppendByte((byte)',').AppendQuotedHex(data, offset, count);
            }
        }

        /// <summary>Parses a request URC into request (device side).</summary>
        public static bool TryParseRequest(AtReader reader, RemoteSimRequest request)
        {
            int saved = reader.Position;
            if (!reader.TryExpect(UrcPrefix) || !reader.TryReadInt(0, MaxId, out int id) || !reader.TryReadComma()
                || !reader.TryReadQuoted(out int typeOffset, out int typeCount))
            {
                return reader.Fail(reader.Error, saved);
            }

            RemoteSimRequestType type;
            if (!TryParseType(reader.Buffer, typeOffset, typeCount, out type))
            {
                return reader.Fail(AtParseResult.UnknownValue, saved);
            }

            int dataStart = reader.Position;
            if (type == RemoteSimRequestType.Apdu)
            {
                // Validate into nothing first so that request keeps its previous content on failure.
                if (!reader.TryReadComma() || !TryMeasureHex(reader, MinCommandApduLength, MaxCommandApduLength) || !reader.TryEnd())
                {
                    return reader.Fail(reader.Error, saved);
                }

                reader.Seek(dataStart);
                reader.TryReadComma();
                reader.TryReadHexBytes(request.Data, 0, MaxCommandApduLength, out int length);
                reader.TryEnd();
                request.DataLength = length;
            }
            else
            {
                if (!reader.TryEnd())
                {
                    return reader.Fail(AtParseResult.TrailingData, saved);
                }

                request.DataLength = 0;
            }

            request.Id = id;
            request.Type = type;
            return true;
        }

        /// <summary>Reads just the id of a request URC, to answer a request that is otherwise malformed.</summary>
        public static bool TryParseRequestId(AtReader reader, out int id)
        {
            id = 0;
            int saved = reader.Position;
            if (!reader.TryExpect(UrcPrefix) || !reader.TryReadInt(0, MaxId, out int value) || !reader.PeekIs((byte)','))
            {
                return reader.Fail(reader.Error == AtParseResult.Ok ? AtParseResult.ExpectedComma : reader.Error, saved);
            }

            reader.Seek(saved);
            id = value;
            return true;
        }

        /// <summary>Parses an answer command line into response (modem side).</summary>
        public static bool TryParseResponse(AtReader reader, RemoteSimResponse response)
        {
            int saved = reader.Position;
            if (!reader.TryExpect(CommandPrefix) || !reader.TryReadInt(0, MaxId, out int id) || !reader.TryReadComma()
                || !reader.TryReadInt(0, 3, out int status))
            {
                return reader.Fail(reader.Error, saved);
            }

            int dataStart = reader.Position;
            bool hasData = reader.TrySkip((byte)',');
            if (hasData && status != (int)RemoteSimStatus.Ok)
            {
                return reader.Fail(AtParseResult.TrailingData, saved); // errors carry no data
            }

            if (hasData)
            {
                if (!TryMeasureHex(reader, MinAtrLength, MaxResponseApduLength) || !reader.TryEnd())
                {
                    return reader.Fail(reader.Error, saved);
                }

                reader.Seek(dataStart);
                reader.TryReadComma();
                reader.TryReadHexBytes(response.Data, 0, MaxResponseApduLength, out int length);
                reader.TryEnd();
                response.DataLength = length;
            }
            else
            {
                if (!reader.TryEnd())
                {
                    return reader.Fail(AtParseResult.TrailingData, saved);
                }

                response.DataLength = 0;
            }

            response.Id = id;
            response.Status = (RemoteSimStatus)status;
            return true;
        }

        /// <summary>The wire name of a request type.</summary>
        public static string TypeName(RemoteSimRequestType type)
        {
            switch (type)
            {
                case RemoteSimRequestType.Init:
                    return "INIT";
                case RemoteSimRequestType.Apdu:
                    return "APDU";
                case RemoteSimRequestType.Reset:
                    return "RESET";
                case RemoteSimRequestType.Deinit:
                    return "DEINIT";
                default:
                    throw new System.ArgumentOutOfRangeException(nameof(type));
            }
        }

        private static bool TryParseType(byte[] buffer, int offset, int count, out RemoteSimRequestType type)
        {
            type = RemoteSimRequestType.Init;
            if (AtAscii.EqualsText(buffer, offset, count, "INIT"))
            {
                return true;
            }

            if (AtAscii.EqualsText(buffer, offset, count, "APDU"))
            {
                type = RemoteSimRequestType.Apdu;
                return true;
            }

            if (AtAscii.EqualsText(buffer, offset, count, "RESET"))
            {
                type = RemoteSimRequestType.Reset;
                return true;
            }

            if (AtAscii.EqualsText(buffer, offset, count, "DEINIT"))
            {
                type = RemoteSimRequestType.Deinit;
                return true;
            }

            return false;
        }

        private static bool TryMeasureHex(AtReader reader, int minimumBytes, int maximumBytes)
        {
            int saved = reader.Position;
            if (!reader.TryReadQuoted(out int offset, out int count))
            {
                return false;
            }

            if ((count & 1) != 0)
            {
                return reader.Fail(AtParseResult.OddHexLength, saved);
            }

            for (int i = 0; i < count; i++)
            {
                if (AtAscii.HexValue(reader.Buffer[offset + i]) < 0)
                {
                    return reader.Fail(AtParseResult.InvalidHex, saved);
                }
            }

            if (count / 2 > maximumBytes)
            {
                return reader.Fail(AtParseResult.TooLong, saved);
            }

            if (count / 2 < minimumBytes)
            {
                return reader.Fail(AtParseResult.MissingParameter, saved);
            }

            return true;
        }

        private static void CheckId(int id)
        {
            if (id < 0 || id > MaxId)
            {
                throw new System.ArgumentOutOfRangeException(nameof(id));
            }
        }
    }
}
