namespace M2MDevice.Protocol
{
    /// <summary>
    /// Device to RS: "who is my home operator" (ARCHITECTURE 3.3), after bootstrap. MAC'd under K_mac from
    /// Ks_NAF(RS) and the device nonce; RS finds Ks by B-TID, derives Ks_NAF(RS) (TS 33.220 B.3) and verifies.
    /// </summary>
    public sealed class HomeOperatorRequest
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
            length = 0;
            ProtocolResult result = Validate();
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            protection.SetKeys(ksNaf, ksNafOffset, DeviceNonce, 0, null, 0, 0);
            TlvWriter writer = new TlvWriter(buffer, offset, capacity);
            writer.Begin(MessageType.HomeOperatorRequest);
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

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out HomeOperatorRequest message)
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
        public static ProtocolResult TryDecode(TlvReader reader, out HomeOperatorRequest message)
        {
            message = null;
            int start = reader.Position;
            ProtocolResult result = reader.TryBeginMessage(MessageType.HomeOperatorRequest);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            HomeOperatorRequest decoded = new HomeOperatorRequest();
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
            writer.WriteBytes(ProtocolTag.BTid, BTid);
            writer.WriteBytes(ProtocolTag.DeviceNonce, DeviceNonce);
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
