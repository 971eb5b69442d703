namespace M2MDevice.Protocol
{
    /// <summary>
    /// Device to HO: the new profile failed and the device rolled back to the preliminary credentials
    /// (ARCHITECTURE 3.5). MAC'd under K_mac from Ks_NAF(HO) and a fresh device nonce; retried until acknowledged.
    /// </summary>
    public sealed class FailureReport : IMessageFields
    {
        /// <summary>Current B-TID (tag 0x06).</summary>
        public byte[] BTid;

        /// <summary>Fresh device nonce, 16 bytes (tag 0x08).</summary>
        public byte[] DeviceNonce;

        /// <summary>Profile sequence that failed, at least 1 (tag 0x0F).</summary>
        public uint ProfileSequence;

        /// <summary>Why it failed (tag 0x14).</summary>
        public FailureCause Cause;

        /// <summary>True when NetworkRejectCause is present (tag 0x15, optional).</summary>
        public bool HasNetworkRejectCause;

        /// <summary>The NAS reject cause of the network (TS 24.008 10.5.3.6, TS 24.301 9.9.3.9), when HasNetworkRejectCause.</summary>
        public byte NetworkRejectCause;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.First(FieldRules.BTidValue(BTid), FieldRules.Nonce(DeviceNonce));
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (ProfileSequence == 0 || Cause < FailureCause.AttachRejected || Cause > FailureCause.PackageInvalid)
            {
                return ProtocolResult.BadValue;
            }

            return HasNetworkRejectCause || NetworkRejectCause == 0 ? ProtocolResult.Success : ProtocolResult.BadValue;
        }

        /// <summary>
        /// Writes the message to buffer[offset], at most capacity bytes, MAC'd under K_mac derived from Ks_NAF
        /// (32 bytes at ksNaf[ksNafOffset]) and this message's nonces (docs/protocol.md, "Keys"). Leaves protection keyed.
        /// </summary>
        public ProtocolResult Encode(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(
                this, MessageType.FailureReport, protection, ksNaf, ksNafOffset, DeviceNonce, buffer, offset, capacity, out length);
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
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out FailureReport message)
        {
            FailureReport decoded = new FailureReport();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.FailureReport, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out FailureReport message)
        {
            FailureReport decoded = new FailureReport();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.FailureReport, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.BTid, BTid);
            writer.WriteBytes(ProtocolTag.DeviceNonce, DeviceNonce);
            writer.WriteUInt32(ProtocolTag.ProfileSequence, ProfileSequence);
            writer.WriteByte(ProtocolTag.FailureCause, (byte)Cause);
            if (HasNetworkRejectCause)
            {
                writer.WriteByte(ProtocolTag.NetworkRejectCause, NetworkRejectCause);
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
                    case ProtocolTag.FailureCause:
                        byte cause;
                        result = reader.ReadByte(valueOffset, valueLength, out cause);
                        Cause = (FailureCause)cause;
                        break;
                    case ProtocolTag.NetworkRejectCause:
                        result = reader.ReadByte(valueOffset, valueLength, out NetworkRejectCause);
                        HasNetworkRejectCause = true;
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

            return reader.HasSeen(ProtocolTag.ProfileSequence) && reader.HasSeen(ProtocolTag.FailureCause)
                ? ProtocolResult.Success
                : ProtocolResult.MissingTag;
        }
    }
}
