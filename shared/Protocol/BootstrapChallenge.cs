namespace M2MDevice.Protocol
{
    /// <summary>
    /// RS to device: the challenge of the Ub AKA (TS 33.220 4.5.2 step 3; TS 33.102 6.3.3), RAND and AUTN drawn
    /// from RS's own IND so the access AKA's CK/IK never protect anything past the radio. Not MAC'd: the USIM
    /// verifies AUTN's MAC-A before answering.
    /// </summary>
    public sealed class BootstrapChallenge : IMessageFields
    {
        /// <summary>RAND, 16 bytes (tag 0x02).</summary>
        public byte[] Rand;

        /// <summary>AUTN, SQN xor AK || AMF || MAC-A: 16 bytes (MILENAGE) or 16, 24, 40 (TUAK MAC 8, 16, 32) (tag 0x03).</summary>
        public byte[] Autn;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.Fixed(Rand, ProtocolLimits.RandSize);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            result = FieldRules.Range(Autn, 16, 40);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            // TS 33.102 6.3.2: AUTN = SQN xor AK (6) || AMF (2) || MAC (8; TUAK 8, 16 or 32, TS 35.231 5.1).
            int macLength = Autn.Length - 8;
            return macLength == 8 || macLength == 16 || macLength == 32 ? ProtocolResult.Success : ProtocolResult.BadLength;
        }

        /// <summary>Writes the message to buffer[offset], at most capacity bytes.</summary>
        public ProtocolResult Encode(byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(this, MessageType.BootstrapChallenge, buffer, offset, capacity, out length);
        }

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out BootstrapChallenge message)
        {
            BootstrapChallenge decoded = new BootstrapChallenge();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.BootstrapChallenge, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out BootstrapChallenge message)
        {
            BootstrapChallenge decoded = new BootstrapChallenge();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.BootstrapChallenge, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.Rand, Rand);
            writer.WriteBytes(ProtocolTag.Autn, Autn);
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
                    case ProtocolTag.Rand:
                        Rand = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.Autn:
                        Autn = reader.CopyValue(valueOffset, valueLength);
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
