namespace M2MDevice.Protocol
{
    /// <summary>
    /// RS to device: bootstrap succeeded (TS 33.220 4.5.2 steps 6-7): the B-TID naming Ks = CK || IK and the key
    /// lifetime. Not MAC'd: altering it only makes the next, MAC'd, exchange fail; RS enforces the lifetime itself.
    /// </summary>
    public sealed class BootstrapResult : IMessageFields
    {
        /// <summary>B-TID, "base64(RAND)@RS-host" (TS 33.220 4.5.2), BTid.MinLength..MaxLength bytes (tag 0x06).</summary>
        public byte[] BTid;

        /// <summary>Key lifetime in seconds from now, at least 1 (tag 0x07).</summary>
        public uint Lifetime;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.BTidValue(BTid);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            return Lifetime == 0 ? ProtocolResult.BadValue : ProtocolResult.Success;
        }

        /// <summary>Writes the message to buffer[offset], at most capacity bytes.</summary>
        public ProtocolResult Encode(byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(this, MessageType.BootstrapResult, buffer, offset, capacity, out length);
        }

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out BootstrapResult message)
        {
            BootstrapResult decoded = new BootstrapResult();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.BootstrapResult, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out BootstrapResult message)
        {
            BootstrapResult decoded = new BootstrapResult();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.BootstrapResult, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.BTid, BTid);
            writer.WriteUInt32(ProtocolTag.Lifetime, Lifetime);
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
                    case ProtocolTag.BTid:
                        BTid = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.Lifetime:
                        result = reader.ReadUInt32(valueOffset, valueLength, out Lifetime);
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

            return reader.HasSeen(ProtocolTag.Lifetime) ? ProtocolResult.Success : ProtocolResult.MissingTag;
        }
    }
}
