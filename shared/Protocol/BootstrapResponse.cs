namespace M2MDevice.Protocol
{
    /// <summary>
    /// Device to RS: the USIM's answer to a BootstrapChallenge (TS 33.220 4.5.2 step 4): RES when AUTN verified,
    /// or AUTS after a synchronisation failure (TS 33.102 6.3.5; RS resynchronises and challenges again).
    /// Exactly one of the two. Echoes RAND so RS finds the pending challenge. Not MAC'd: RES itself proves the USIM.
    /// A device never sends RES for a challenge whose MAC-A failed (it sends nothing).
    /// </summary>
    public sealed class BootstrapResponse : IMessageFields
    {
        /// <summary>RAND of the challenge answered, 16 bytes (tag 0x02).</summary>
        public byte[] Rand;

        /// <summary>RES, 4..32 bytes (tag 0x04), or null when Auts is set. Secret until RS has checked it.</summary>
        public byte[] Res;

        /// <summary>AUTS, SQN_MS xor AK* (6) || MAC-S: 14, 22 or 38 bytes (tag 0x05), or null when Res is set.</summary>
        public byte[] Auts;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.Fixed(Rand, ProtocolLimits.RandSize);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (Res == null && Auts == null)
            {
                return ProtocolResult.MissingTag;
            }

            if (Res != null && Auts != null)
            {
                return ProtocolResult.UnexpectedTag;
            }

            if (Res != null)
            {
                // TS 33.102 6.3.7: RES is 32 to 128 bits; TUAK (TS 35.231 5.1) adds 256.
                return FieldRules.Range(Res, ProtocolLimits.MinResLength, ProtocolLimits.MaxResLength);
            }

            result = FieldRules.Range(Auts, 14, 38);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            // TS 33.102 6.3.3: AUTS = SQN_MS xor AK* (6) || MAC-S (8; TUAK 8, 16 or 32).
            int macLength = Auts.Length - 6;
            return macLength == 8 || macLength == 16 || macLength == 32 ? ProtocolResult.Success : ProtocolResult.BadLength;
        }

        /// <summary>Writes the message to buffer[offset], at most capacity bytes.</summary>
        public ProtocolResult Encode(byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(this, MessageType.BootstrapResponse, buffer, offset, capacity, out length);
        }

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out BootstrapResponse message)
        {
            BootstrapResponse decoded = new BootstrapResponse();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.BootstrapResponse, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out BootstrapResponse message)
        {
            BootstrapResponse decoded = new BootstrapResponse();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.BootstrapResponse, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.Rand, Rand);
            if (Res != null)
            {
                writer.WriteBytes(ProtocolTag.Res, Res);
            }
            else
            {
                writer.WriteBytes(ProtocolTag.Auts, Auts);
            }
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
                    case ProtocolTag.Res:
                        Res = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.Auts:
                        Auts = reader.CopyValue(valueOffset, valueLength);
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
