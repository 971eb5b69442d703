namespace M2MDevice.Protocol
{
    /// <summary>
    /// Device to HO: the new profile attached (ARCHITECTURE 3.5). MAC'd under K_mac from Ks_NAF(HO) and a fresh
    /// device nonce; retried until a NotificationAck carrying that nonce arrives.
    /// </summary>
    public sealed class InstallReceipt : IMessageFields
    {
        /// <summary>Current B-TID (tag 0x06).</summary>
        public byte[] BTid;

        /// <summary>Fresh device nonce, 16 bytes (tag 0x08).</summary>
        public byte[] DeviceNonce;

        /// <summary>Profile sequence now installed, at least 1 (tag 0x0F).</summary>
        public uint ProfileSequence;

        /// <summary>PLMN identity (3 bytes) the new profile attached on, or null (tag 0x13, optional).</summary>
        public byte[] Plmn;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.First(FieldRules.BTidValue(BTid), FieldRules.Nonce(DeviceNonce));
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (ProfileSequence == 0)
            {
                return ProtocolResult.BadValue;
            }

            return FieldRules.OptionalRange(Plmn, ProtocolLimits.PlmnSize, ProtocolLimits.PlmnSize);
        }

        /// <summary>
        /// Writes the message to buffer[offset], at most capacity bytes, MAC'd under K_mac derived from Ks_NAF
        /// (32 bytes at ksNaf[ksNafOffset]) and this message's nonces (docs/protocol.md, "Keys"). Leaves protection keyed.
        /// </summary>
        public ProtocolResult Encode(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(
                this, MessageType.InstallReceipt, protection, ksNaf, ksNafOffset, DeviceNonce, buffer, offset, capacity, out length);
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

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out InstallReceipt message)
        {
            InstallReceipt decoded = new InstallReceipt();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.InstallReceipt, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out InstallReceipt message)
        {
            InstallReceipt decoded = new InstallReceipt();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.InstallReceipt, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.BTid, BTid);
            writer.WriteBytes(ProtocolTag.DeviceNonce, DeviceNonce);
            writer.WriteUInt32(ProtocolTag.ProfileSequence, ProfileSequence);
            if (Plmn != null)
            {
                writer.WriteBytes(ProtocolTag.Plmn, Plmn);
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
                    case ProtocolTag.BTid:
                        BTid = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.DeviceNonce:
                        DeviceNonce = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.ProfileSequence:
                        result = reader.ReadUInt32(valueOffset, valueLength, out ProfileSequence);
                        break;
                    case ProtocolTag.Plmn:
                        Plmn = reader.CopyValue(valueOffset, valueLength);
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

            return reader.HasSeen(ProtocolTag.ProfileSequence) ? ProtocolResult.Success : ProtocolResult.MissingTag;
        }
    }
}
