namespace M2MDevice.Protocol
{
    /// <summary>
    /// Device to RS: "who is my home operator" (ARCHITECTURE 3.3), after bootstrap. MAC'd under K_mac from
    /// Ks_NAF(RS) and the device nonce; RS finds Ks by B-TID, derives Ks_NAF(RS) (TS 33.220 B.3) and verifies.
    /// </summary>
    public sealed class HomeOperatorRequest : IMessageFields
    {
        /// <summary>B-TID from the BootstrapResult (tag 0x06).</summary>
        public byte[] BTid;

        /// <summary>Fresh random device nonce, 16 bytes (tag 0x08); the answer must carry it back.</summary>
        public byte[] DeviceNonce;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            return FieldRules.First(FieldRules.BTidValue(BTid), FieldRules.Nonce(DeviceNonce));
        }

        /// <summary>
        /// Writes the message to buffer[offset], at most capacity bytes, MAC'd under K_mac derived from Ks_NAF
        /// (32 bytes at ksNaf[ksNafOffset]) and this message's nonces (docs/protocol.md, "Keys"). Leaves protection keyed.
        /// </summary>
        public ProtocolResult Encode(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(
                this, MessageType.HomeOperatorRequest, protection, ksNaf, ksNafOffset, DeviceNonce, buffer, offset, capacity, out length);
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
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out HomeOperatorRequest message)
        {
            HomeOperatorRequest decoded = new HomeOperatorRequest();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.HomeOperatorRequest, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out HomeOperatorRequest message)
        {
            HomeOperatorRequest decoded = new HomeOperatorRequest();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.HomeOperatorRequest, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.BTid, BTid);
            writer.WriteBytes(ProtocolTag.DeviceNonce, DeviceNonce);
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
