namespace M2MDevice.Protocol
{
    /// <summary>
    /// Device to HO: ask for the USIM package (ARCHITECTURE 3.5), over TLS pinned to the HO trust anchor. MAC'd under
    /// K_mac from Ks_NAF(HO) and the device nonce. Carries the last installed profile sequence (the HO sends only a
    /// newer one) and a resume offset: to resume an interrupted download the device repeats the interrupted request's
    /// nonce with the number of package bytes it already holds, and the HO sends the rest of that same message.
    /// </summary>
    public sealed class PackageRequest : IMessageFields
    {
        /// <summary>B-TID whose Ks the HO fetches Ks_NAF(HO) for from RS (tag 0x06).</summary>
        public byte[] BTid;

        /// <summary>Device nonce, 16 bytes (tag 0x08): fresh, or the interrupted request's when resuming.</summary>
        public byte[] DeviceNonce;

        /// <summary>Profile sequence of the installed profile, 0 when only the preliminary one is (tag 0x10).</summary>
        public uint LastInstalledSequence;

        /// <summary>Bytes of the package message already received, 0 for a fresh download (tag 0x11).</summary>
        public uint ResumeOffset;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.First(FieldRules.BTidValue(BTid), FieldRules.Nonce(DeviceNonce));
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            return ResumeOffset >= MessageEnvelope.MaxMessageLength ? ProtocolResult.BadValue : ProtocolResult.Success;
        }

        /// <summary>
        /// Writes the message to buffer[offset], at most capacity bytes, MAC'd under K_mac derived from Ks_NAF
        /// (32 bytes at ksNaf[ksNafOffset]) and this message's nonces (docs/protocol.md, "Keys"). Leaves protection keyed.
        /// </summary>
        public ProtocolResult Encode(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(
                this, MessageType.PackageRequest, protection, ksNaf, ksNafOffset, DeviceNonce, buffer, offset, capacity, out length);
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
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out PackageRequest message)
        {
            PackageRequest decoded = new PackageRequest();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.PackageRequest, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out PackageRequest message)
        {
            PackageRequest decoded = new PackageRequest();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.PackageRequest, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.BTid, BTid);
            writer.WriteBytes(ProtocolTag.DeviceNonce, DeviceNonce);
            writer.WriteUInt32(ProtocolTag.LastInstalledSequence, LastInstalledSequence);
            writer.WriteUInt32(ProtocolTag.ResumeOffset, ResumeOffset);
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
                    case ProtocolTag.LastInstalledSequence:
                        result = reader.ReadUInt32(valueOffset, valueLength, out LastInstalledSequence);
                        break;
                    case ProtocolTag.ResumeOffset:
                        result = reader.ReadUInt32(valueOffset, valueLength, out ResumeOffset);
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

            return reader.HasSeen(ProtocolTag.LastInstalledSequence) && reader.HasSeen(ProtocolTag.ResumeOffset)
                ? ProtocolResult.Success
                : ProtocolResult.MissingTag;
        }
    }
}
