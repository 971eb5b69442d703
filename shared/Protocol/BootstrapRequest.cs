namespace M2MDevice.Protocol
{
    /// <summary>
    /// Device to RS: starts the GBA-style bootstrap (TS 33.220 4.5.2 step 1) over TLS. Carries the IMPI derived
    /// from the PIMSI (TS 23.003 13.3). Not MAC'd: no key exists yet.
    /// </summary>
    public sealed class BootstrapRequest : IMessageFields
    {
        /// <summary>IMPI, ASCII, printable without spaces, MinImpiLength..MaxImpiLength bytes (tag 0x01).</summary>
        public byte[] Impi;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.Range(Impi, ProtocolLimits.MinImpiLength, ProtocolLimits.MaxImpiLength);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            return Ascii.IsPrintable(Impi, 0, Impi.Length, false) ? ProtocolResult.Success : ProtocolResult.BadValue;
        }

        /// <summary>Writes the message to buffer[offset], at most capacity bytes.</summary>
        public ProtocolResult Encode(byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(this, MessageType.BootstrapRequest, buffer, offset, capacity, out length);
        }

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out BootstrapRequest message)
        {
            BootstrapRequest decoded = new BootstrapRequest();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.BootstrapRequest, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out BootstrapRequest message)
        {
            BootstrapRequest decoded = new BootstrapRequest();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.BootstrapRequest, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.Impi, Impi);
        }

        ProtocolResult IMessageFields.ReadFields(TlvReader reader)
        {
            while (!reader.IsAtBodyEnd)
            {
                byte tag;
                int valueOffset;
                int valueLength;
                ProtocolResult result = reader.TryReadTlv(out tag, out valueOffset, out valueLength);
                if (result != ProtocolResult.Success)
                {
                    return result;
                }

                switch (tag)
                {
                    case ProtocolTag.Impi:
                        Impi = reader.CopyValue(valueOffset, valueLength);
                        break;
                    default:
                        result = ProtocolTag.IsCritical(tag) ? ProtocolResult.UnknownCriticalTag : ProtocolResult.Success;
                        break;
                }

                if (result != ProtocolResult.Success)
                {
                    return result;
                }
            }

            return ProtocolResult.Success;
        }
    }
}
