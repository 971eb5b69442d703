using System;

namespace M2MDevice.Protocol
{
    /// <summary>
    /// Writes one message into a caller's buffer: Begin(type), fields in strictly ascending tag order, then
    /// Finish (or Finish with a MessageProtection for authenticated types, which appends the AES-CMAC).
    /// Running out of room or over a length limit is not an exception: the first failure sticks in Result and
    /// Finish returns it. Writing tags out of order is a programming error and throws. Allocates nothing.
    /// </summary>
    public sealed class TlvWriter
    {
        private readonly byte[] buffer;
        private readonly int start;
        private readonly int capacity;
        private int length;
        private int lastTag;
        private bool begun;
        private MessageType messageType;
        private ProtocolResult result;

        /// <summary>Creates a writer over capacity bytes at buffer[offset].</summary>
        public TlvWriter(byte[] buffer, int offset, int capacity)
        {
            TlvReader.CheckRange(buffer, offset, capacity);
            this.buffer = buffer;
            start = offset;
            this.capacity = capacity;
        }

        /// <summary>The first failure so far, or Success.</summary>
        public ProtocolResult Result
        {
            get { return result; }
        }

        /// <summary>Bytes written so far, from the start of the message.</summary>
        public int Length
        {
            get { return length; }
        }

        /// <summary>Starts a message of the given type, discarding anything written before.</summary>
        public void Begin(MessageType type)
        {
            messageType = type;
            begun = true;
            lastTag = 0;
            length = 0;
            result = ProtocolResult.Success;
            if (capacity < MessageEnvelope.HeaderSize)
            {
                result = ProtocolResult.BufferTooSmall;
                return;
            }

            buffer[start] = MessageEnvelope.Version;
            buffer[start + 1] = (byte)type;
            buffer[start + 2] = 0;
            buffer[start + 3] = 0;
            length = MessageEnvelope.HeaderSize;
        }

        /// <summary>Writes a TLV whose value is count bytes at value[offset].</summary>
        public void WriteBytes(byte tag, byte[] value, int offset, int count)
        {
            TlvReader.CheckRange(value, offset, count);
            if (!StartField(tag, count))
            {
                return;
            }

            Array.Copy(value, offset, buffer, start + length, count);
            length += count;
        }

        /// <summary>Writes a TLV whose value is the whole array.</summary>
        public void WriteBytes(byte tag, byte[] value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            WriteBytes(tag, value, 0, value.Length);
        }

        /// <summary>Writes a 1-byte TLV.</summary>
        public void WriteByte(byte tag, byte value)
        {
            if (StartField(tag, 1))
            {
                buffer[start + length++] = value;
            }
        }

        /// <summary>Writes a 4-byte big-endian TLV.</summary>
        public void WriteUInt32(byte tag, uint value)
        {
            if (StartField(tag, 4))
            {
                WriteBigEndian(value, 4);
            }
        }

        /// <summary>Writes a 6-byte (48-bit) big-endian TLV; value must be in [0, 2^48).</summary>
        public void WriteUInt48(byte tag, long value)
        {
            if (value < 0 || value > 0xFFFFFFFFFFFFL)
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            if (StartField(tag, 6))
            {
                WriteBigEndian(value, 6);
            }
        }

        /// <summary>Completes a message of an unauthenticated type; length is the whole message on success.</summary>
        public ProtocolResult Finish(out int messageLength)
        {
            RequireBegun();
            if (MessageEnvelope.IsAuthenticated(messageType))
            {
                throw new InvalidOperationException("authenticated type: Finish with a MessageProtection");
            }

            return Complete(null, out messageLength);
        }

        /// <summary>
        /// Completes a message of an authenticated type: fills in the body length, then appends
        /// AES-CMAC(K_mac, header || body) computed by the keyed protection (encrypt-then-MAC order for packages).
        /// </summary>
        public ProtocolResult Finish(MessageProtection protection, out int messageLength)
        {
            if (protection == null)
            {
                throw new ArgumentNullException(nameof(protection));
            }

            RequireBegun();
            if (!MessageEnvelope.IsAuthenticated(messageType))
            {
                throw new InvalidOperationException("unauthenticated type: Finish without a MessageProtection");
            }

            return Complete(protection, out messageLength);
        }

        private ProtocolResult Complete(MessageProtection protection, out int messageLength)
        {
            messageLength = 0;
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            int bodyLength = length - MessageEnvelope.HeaderSize;
            buffer[start + 2] = (byte)(bodyLength >> 8);
            buffer[start + 3] = (byte)bodyLength;
            if (protection != null)
            {
                if (capacity - length < MessageEnvelope.MacSize)
                {
                    result = ProtocolResult.BufferTooSmall;
                    return result;
                }

                // docs/protocol.md "MAC": the tag covers every byte before it, header included.
                protection.Sign(buffer, start, length);
                length += MessageEnvelope.MacSize;
            }

            begun = false;
            messageLength = length;
            return ProtocolResult.Success;
        }

        private bool StartField(byte tag, int count)
        {
            RequireBegun();
            if (tag == ProtocolTag.ReservedZero || tag == ProtocolTag.ReservedExtension)
            {
                throw new ArgumentOutOfRangeException(nameof(tag), "reserved tag");
            }

            if (tag <= lastTag)
            {
                throw new InvalidOperationException("tags must be written in strictly ascending order");
            }

            lastTag = tag;
            if (result != ProtocolResult.Success)
            {
                return false;
            }

            int needed = MessageEnvelope.TlvHeaderSize + count;
            if (count > 0xFFFF || length - MessageEnvelope.HeaderSize + needed > MessageEnvelope.MaxBodyLength)
            {
                result = ProtocolResult.Oversized;
                return false;
            }

            if (capacity - length < needed)
            {
                result = ProtocolResult.BufferTooSmall;
                return false;
            }

            buffer[start + length] = tag;
            buffer[start + length + 1] = (byte)(count >> 8);
            buffer[start + length + 2] = (byte)count;
            length += MessageEnvelope.TlvHeaderSize;
            return true;
        }

        private void WriteBigEndian(long value, int count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                buffer[start + length + i] = (byte)value;
                value >>= 8;
            }

            length += count;
        }

        private void RequireBegun()
        {
            if (!begun)
            {
                throw new InvalidOperationException("Begin first");
            }
        }
    }
}
