namespace M2MDevice.Protocol
{
    /// <summary>
    /// HO to device: acknowledges an InstallReceipt or a FailureReport (ARCHITECTURE 3.5) after the HO has stored
    /// it. MAC'd under K_mac from Ks_NAF(HO) and the notification's device nonce, which it carries back.
    /// </summary>
    public sealed class NotificationAck
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
            length = 0;
            ProtocolResult result = Validate();
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            protection.SetKeys(ksNaf, ksNafOffset, DeviceNonce, 0, null, 0, 0);
            TlvWriter writer = new TlvWriter(buffer, offset, capacity);
            writer.Begin(MessageType.NotificationAck);
            WriteFields(writer);
            return writer.Finish(protection, out length);
        }

        /// <summary>
        /// Checks the MAC of the bytes this message was decoded from (count bytes at buffer[offset]) under K_mac
        /// derived from Ks_NAF and the nonces the message carries: the receiving server's check, after it has found
        /// Ks_NAF (by B-TID) for the decoded message. Success or MacMismatch.
        /// </summary>
        public ProtocolResult VerifyMac(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] buffer, int offset, int count)
        {
            protection.SetKeys(ksNaf, ksNafOffset, DeviceNonce, 0, null, 0, 0);
            return protection.VerifyMac(buffer, offset, count);
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

            // The key depends only on the device's own nonce, so the MAC is checked before any field is parsed.
            protection.SetKeys(ksNaf, ksNafOffset, expectedNonce, expectedNonceOffset, null, 0, 0);
            ProtocolResult result = protection.VerifyMac(buffer, offset, count);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            NotificationAck decoded;
            result = TryDecode(buffer, offset, count, out decoded);
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
        public static ProtocolResult TryDecode(TlvReader reader, out NotificationAck message)
        {
            message = null;
            int start = reader.Position;
            ProtocolResult result = reader.TryBeginMessage(MessageType.NotificationAck);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            NotificationAck decoded = new NotificationAck();
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

        private void WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.DeviceNonce, DeviceNonce);
            writer.WriteUInt32(ProtocolTag.ProfileSequence, ProfileSequence);
            writer.WriteByte(ProtocolTag.AcknowledgedType, (byte)AcknowledgedType);
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
