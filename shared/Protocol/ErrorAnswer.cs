namespace M2MDevice.Protocol
{
    /// <summary>
    /// Any server to device: the request was refused, with a cause and optionally a retry delay. Not MAC'd (the
    /// server may not have, or may not trust, a key): the device treats it as advisory only: it backs off or
    /// bootstraps again, and never changes stored state because of it.
    /// </summary>
    public sealed class ErrorAnswer : IMessageFields
    {
        /// <summary>Seconds to wait before retrying, or 0 for no advice (tag 0x0B, present only when not 0).</summary>
        public uint RetryAfter;

        /// <summary>The cause (tag 0x17).</summary>
        public ErrorCause Cause;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            return Cause < ErrorCause.MalformedRequest || Cause > ErrorCause.ServerFailure
                ? ProtocolResult.BadValue
                : ProtocolResult.Success;
        }

        /// <summary>Writes the message to buffer[offset], at most capacity bytes.</summary>
        public ProtocolResult Encode(byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(this, MessageType.ErrorAnswer, buffer, offset, capacity, out length);
        }

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out ErrorAnswer message)
        {
            ErrorAnswer decoded = new ErrorAnswer();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.ErrorAnswer, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out ErrorAnswer message)
        {
            ErrorAnswer decoded = new ErrorAnswer();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.ErrorAnswer, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            if (RetryAfter != 0)
            {
                writer.WriteUInt32(ProtocolTag.RetryAfter, RetryAfter);
            }

            writer.WriteByte(ProtocolTag.ErrorCause, (byte)Cause);
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
                    case ProtocolTag.RetryAfter:
                        result = reader.ReadUInt32(valueOffset, valueLength, out RetryAfter);
                        if (result == ProtocolResult.Success && RetryAfter == 0)
                        {
                            result = ProtocolResult.BadValue;
                        }

                        break;
                    case ProtocolTag.ErrorCause:
                        byte cause;
                        result = reader.ReadByte(valueOffset, valueLength, out cause);
                        Cause = (ErrorCause)cause;
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

            return reader.HasSeen(ProtocolTag.ErrorCause) ? ProtocolResult.Success : ProtocolResult.MissingTag;
        }
    }
}
