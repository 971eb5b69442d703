namespace M2MDevice.Protocol
{
    /// <summary>
    /// HO to device: acknowledges an InstallReceipt or a FailureReport (ARCHITECTURE 3.5) after the HO has stored
    /// it. MAC'd under K_mac from Ks_NAF(HO) and the notification's device nonce, which it carries back.
    /// </summary>
    public sealed class NotificationAck : IMessageFields
    {
        /// <summary>The device nonce of the notification acknowledged, 16 bytes (tag 0x08).</summary>
        public byte[] DeviceNonce;

        /// <summary>Profile sequence of the notification acknowledged (tag 0x0F).</summary>
        public uint ProfileSequence;

        /// <summary>Type acknowledged: InstallReceipt or FailureReport (tag 0x16).</summary>
        public MessageType AcknowledgedType;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.Nonce(DeviceNonce);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (ProfileSequence == 0)
            {
                return ProtocolResult.BadValue;
            }

            return AcknowledgedType == MessageType.InstallReceipt || AcknowledgedType == MessageType.FailureReport
                ? ProtocolResult.Success
                : ProtocolResult.BadValue;
        }

        /// <summary>
        /// Writes the message to buffer[offset], at most capacity bytes, MAC'd under K_mac derived from Ks_NAF
        /// (32 bytes at ksNaf[ksNafOffset]) and this message's nonces (docs/protocol.md, "Keys"). Leaves protection keyed.
        /// </summary>
        public ProtocolResult Encode(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(
                this, MessageType.NotificationAck, protection, ksNaf, ksNafOffset, DeviceNonce, buffer, offset, capacity, out length);
        }

        /// <summary>
        /// Checks the MAC of the bytes this message was decoded from (count bytes at buffer[offset]) under K_mac
        /// derived from Ks_NAF and the nonces the message carries: the receiving server's check, after it has found
        /// Ks_NAF (by B-TID) for the decoded message. Success or MacMismatch.
        /// </summary>
        public ProtocolResult VerifyMac(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] buffer, int offset, int count)
        {
            return MessageCodec.VerifyMac(protection, ksNaf, ksNafOffset, DeviceNonce, 0, buffer, offset, count);
        }

        /// <summary>
        /// The device's whole check of an answer (docs/protocol.md, "Checks"): first the MAC under K_mac derived from
        /// Ks_NAF and the device's own nonce (expectedNonce, 16 bytes), compared in constant time; then the structure and
        /// field rules; then the nonce the answer carries must be the device's. Nothing of it may be used unless this succeeds.
        /// </summary>
        public static ProtocolResult TryOpen(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] expectedNonce, int expectedNonceOffset,
            byte[] buffer, int offset, int count, out NotificationAck message)
        {
            message = null;

            NotificationAck decoded = new NotificationAck();
            ProtocolResult result = MessageCodec.TryOpen(
                protection, ksNaf, ksNafOffset, expectedNonce, expectedNonceOffset, buffer, offset, count,
                MessageType.NotificationAck, decoded);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            result = MessageProtection.CheckNonce(decoded.DeviceNonce, expectedNonce, expectedNonceOffset);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            message = decoded;
            return ProtocolResult.Success;
        }

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out NotificationAck message)
        {
            NotificationAck decoded = new NotificationAck();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.NotificationAck, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out NotificationAck message)
        {
            NotificationAck decoded = new NotificationAck();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.NotificationAck, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.DeviceNonce, DeviceNonce);
            writer.WriteUInt32(ProtocolTag.ProfileSequence, ProfileSequence);
            writer.WriteByte(ProtocolTag.AcknowledgedType, (byte)AcknowledgedType);
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
                    case ProtocolTag.DeviceNonce:
                        DeviceNonce = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.ProfileSequence:
                        result = reader.ReadUInt32(valueOffset, valueLength, out ProfileSequence);
                        break;
                    case ProtocolTag.AcknowledgedType:
                        byte type;
                        result = reader.ReadByte(valueOffset, valueLength, out type);
                        AcknowledgedType = (MessageType)type;
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

            return reader.HasSeen(ProtocolTag.ProfileSequence) && reader.HasSeen(ProtocolTag.AcknowledgedType)
                ? ProtocolResult.Success
                : ProtocolResult.MissingTag;
        }
    }
}
