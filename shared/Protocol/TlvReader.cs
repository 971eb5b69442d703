using System;

namespace M2MDevice.Protocol
{
    /// <summary>
    /// A cursor over received bytes that reads one message envelope and its TLVs (docs/protocol.md).
    /// TryBeginMessage checks the header, TryReadTlv reads one field, EndMessage moves past the MAC.
    /// Every Try method leaves Position unchanged when it fails, and says why. The message decoders are
    /// stateless functions over this cursor; the reader allocates nothing but the values CopyValue returns.
    /// </summary>
    public sealed class TlvReader
    {
        private readonly uint[] seen = new uint[8]; // one bit per tag value 0..255
        private byte[] buffer;
        private int position;
        private int end;
        private bool inMessage;
        private int messageStart;
        private int bodyEnd;
        private int messageEnd;
        private int lastTag;
        private MessageType messageType;

        /// <summary>Creates a reader over count bytes at buffer[offset].</summary>
        public TlvReader(byte[] buffer, int offset, int count)
        {
            Reset(buffer, offset, count);
        }

        /// <summary>Points the reader at count bytes at buffer[offset], outside any message.</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            this.buffer = buffer;
            position = offset;
            end = offset + count;
            inMessage = false;
        }

        /// <summary>The buffer read from.</summary>
        public byte[] Buffer
        {
            get { return buffer; }
        }

        /// <summary>Index in Buffer of the next byte to read.</summary>
        public int Position
        {
            get { return position; }
        }

        /// <summary>Bytes left between Position and the end of the input.</summary>
        public int Remaining
        {
            get { return end - position; }
        }

        /// <summary>True between a successful TryBeginMessage and EndMessage.</summary>
        public bool InMessage
        {
            get { return inMessage; }
        }

        /// <summary>Type of the message being read.</summary>
        public MessageType MessageType
        {
            get { return messageType; }
        }

        /// <summary>Index in Buffer of the first byte (the version) of the message being read.</summary>
        public int MessageStart
        {
            get { return messageStart; }
        }

        /// <summary>Length of the message being read: header, body and MAC.</summary>
        public int MessageLength
        {
            get { return messageEnd - messageStart; }
        }

        /// <summary>True when every TLV of the current message body has been read.</summary>
        public bool IsAtBodyEnd
        {
            get { return inMessage && position == bodyEnd; }
        }

        /// <summary>
        /// Reads the envelope header at Position (MessageEnvelope.TryReadHeader) and enters the body of a message of
        /// the expected type; WrongType if the header names another assigned type.
        /// </summary>
        public ProtocolResult TryBeginMessage(MessageType expected)
        {
            MessageType type;
            int bodyLength;
            int messageLength;
            ProtocolResult result = MessageEnvelope.TryReadHeader(
                buffer, position, end - position, out type, out bodyLength, out messageLength);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (type != expected)
            {
                return ProtocolResult.WrongType;
            }

            messageType = type;
            messageStart = position;
            bodyEnd = position + MessageEnvelope.HeaderSize + bodyLength;
            messageEnd = position + messageLength;
            position += MessageEnvelope.HeaderSize;
            lastTag = 0;
            Array.Clear(seen, 0, seen.Length);
            inMessage = true;
            return ProtocolResult.Success;
        }

        /// <summary>
        /// Reads the next TLV of the current body: its tag and where its value lies in Buffer. Rejects a reserved tag
        /// (UnknownCriticalTag), a repeated tag (DuplicateTag), a tag below the previous one (OutOfOrderTag), and a
        /// TLV that does not fit in the body (BadLength). Whether the tag belongs to the message is the caller's call.
        /// </summary>
        public ProtocolResult TryReadTlv(out byte tag, out int valueOffset, out int valueLength)
        {
            tag = 0;
            valueOffset = 0;
            valueLength = 0;
            if (!inMessage)
            {
                throw new InvalidOperationException("TryBeginMessage first");
            }

            int available = bodyEnd - position;
            if (available == 0)
            {
                return ProtocolResult.Truncated;
            }

            // The body length is known and complete here, so a TLV that overruns it is a length error, not truncation.
            if (available < MessageEnvelope.TlvHeaderSize)
            {
                return ProtocolResult.BadLength;
            }

            byte t = buffer[position];
            if (t == ProtocolTag.ReservedZero || t == ProtocolTag.ReservedExtension)
            {
                return ProtocolResult.UnknownCriticalTag;
            }

            if (HasSeen(t))
            {
                return ProtocolResult.DuplicateTag;
            }

            // Strictly ascending tags: one canonical encoding per message, so golden vectors and MACs are stable.
            if (t < lastTag)
            {
                return ProtocolResult.OutOfOrderTag;
            }

            int length = (buffer[position + 1] << 8) | buffer[position + 2];
            if (length > available - MessageEnvelope.TlvHeaderSize)
            {
                return ProtocolResult.BadLength;
            }

            tag = t;
            valueOffset = position + MessageEnvelope.TlvHeaderSize;
            valueLength = length;
            position = valueOffset + length;
            lastTag = t;
            seen[t >> 5] |= 1u << (t & 31);
            return ProtocolResult.Success;
        }

        /// <summary>True when the current message has already given a TLV with this tag.</summary>
        public bool HasSeen(byte tag)
        {
            return (seen[tag >> 5] & (1u << (tag & 31))) != 0;
        }

        /// <summary>Leaves the current message, whose TLVs have all been read: Position moves past its MAC (if any).</summary>
        public void EndMessage()
        {
            if (!inMessage || position != bodyEnd)
            {
                throw new InvalidOperationException("the body has not been read to its end");
            }

            position = messageEnd;
            inMessage = false;
        }

        /// <summary>A new array holding valueLength bytes at Buffer[valueOffset].</summary>
        public byte[] CopyValue(int valueOffset, int valueLength)
        {
            byte[] value = new byte[valueLength];
            Array.Copy(buffer, valueOffset, value, 0, valueLength);
            return value;
        }

        /// <summary>Reads a 1-byte value; BadLength for any other length.</summary>
        public ProtocolResult ReadByte(int valueOffset, int valueLength, out byte value)
        {
            value = 0;
            if (valueLength != 1)
            {
                return ProtocolResult.BadLength;
            }

            value = buffer[valueOffset];
            return ProtocolResult.Success;
        }

        /// <summary>Reads a 4-byte big-endian value; BadLength for any other length.</summary>
        public ProtocolResult ReadUInt32(int valueOffset, int valueLength, out uint value)
        {
            value = 0;
            if (valueLength != 4)
            {
                return ProtocolResult.BadLength;
            }

            value = ((uint)buffer[valueOffset] << 24) | ((uint)buffer[valueOffset + 1] << 16)
                | ((uint)buffer[valueOffset + 2] << 8) | buffer[valueOffset + 3];
            return ProtocolResult.Success;
        }

        /// <summary>Reads a 6-byte (48-bit) big-endian value; BadLength for any other length.</summary>
        public ProtocolResult ReadUInt48(int valueOffset, int valueLength, out long value)
        {
            value = 0;
            if (valueLength != 6)
            {
                return ProtocolResult.BadLength;
            }

            for (int i = 0; i < 6; i++)
            {
                value = (value << 8) | buffer[valueOffset + i];
            }

            return ProtocolResult.Success;
        }

        /// <summary>Returns to a position saved before a failed decode, outside any message.</summary>
        internal void Rewind(int savedPosition)
        {
            position = savedPosition;
            inMessage = false;
        }

        /// <summary>Throws for a null buffer or a range outside it: a programming error, not bad input.</summary>
        internal static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }
        }
    }
}
