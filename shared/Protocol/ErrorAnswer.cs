namespace M2MDevice.Protocol
{
    /// <summary>
    /// Any server to device: the request was refused, with a cause and optionally a retry delay. Not MAC'd (the
    /// server may not have, or may not trust, a key): the device treats it as advisory only: it backs off or
    /// bootstraps again, and never changes stored state because of it.
    /// </summary>
    public sealed class ErrorAnswer
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
            length = 0;
            ProtocolResult result = Validate();
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            TlvWriter writer = new TlvWriter(buffer, offset, capacity);
            writer.Begin(MessageType.ErrorAnswer);
            if (RetryAfter != 0)
            {
                writer.WriteUInt32(ProtocolTag.RetryAfter, RetryAfter);
            }

            writer.WriteByte(ProtocolTag.ErrorCause, (byte)Cause);
            return writer.Finish(out length);
        }

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out ErrorAnswer message)
        {
            TlvReader reader = new TlvReader(buffer, offset, count);
            ProtocolResult result = TryDecode(reader, out message);
            if (result == ProtocolResult.Success && reader.Remaining != 0)
            {
                message = null;
                return ProtocolResult.BadLength;
            }

            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out ErrorAnswer message)
        {
            message = null;
            int start = reader.Position;
            ProtocolResult result = reader.TryBeginMessage(MessageType.ErrorAnswer);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            ErrorAnswer decoded = new ErrorAnswer();
            result = decoded.ReadFields(reader);
            if (result == ProtocolResult.Success)
            {
                result = decoded.Validate();
            }

            if (result != ProtocolResult.Success)
            {
                reader.Rewind(start);
                return result;
            }

            reader.EndMessage();
            message = decoded;
            return ProtocolResult.Success;
        }

        private ProtocolResult ReadFields(TlvReader reader)
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
