namespace M2MDevice.Protocol
{
    /// <summary>
    /// RS to device: the answer to a HomeOperatorRequest (ARCHITECTURE 3.3), MAC'd under K_mac from Ks_NAF(RS) and
    /// the device nonce, which it also carries. Associated: HO address (https URL), HO identity (its NAF_Id, for
    /// Ks_NAF(HO)), HO trust anchor (DER certificate) and how long to trust them. Pending: retry after N seconds.
    /// Unknown: RS has no registration for the device.
    /// </summary>
    public sealed class HomeOperatorAnswer : IMessageFields
    {
        private static readonly byte[] HttpsScheme = { 0x68, 0x74, 0x74, 0x70, 0x73, 0x3a, 0x2f, 0x2f }; // "https://"

        /// <summary>The device nonce of the request, 16 bytes (tag 0x08).</summary>
        public byte[] DeviceNonce;

        /// <summary>Status (tag 0x0A).</summary>
        public HomeOperatorStatus Status;

        /// <summary>Pending only: seconds to wait before asking again, at least 1 (tag 0x0B).</summary>
        public uint RetryAfter;

        /// <summary>Associated only: HO address, ASCII "https://..." without spaces, up to MaxUrlLength (tag 0x0C).</summary>
        public byte[] HomeOperatorAddress;

        /// <summary>Associated only: HO identity, its NAF_Id (TS 33.220 B.3), MinNafIdLength..MaxNafIdLength (tag 0x0D).</summary>
        public byte[] HomeOperatorId;

        /// <summary>Associated only: HO trust anchor, one DER certificate (a SEQUENCE, first byte 0x30) (tag 0x0E).</summary>
        public byte[] TrustAnchor;

        /// <summary>Associated only: seconds the device may rely on this association, at least 1 (tag 0x07).</summary>
        public uint Lifetime;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.Nonce(DeviceNonce);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            switch (Status)
            {
                case HomeOperatorStatus.Associated:
                    return ValidateAssociated();
                case HomeOperatorStatus.Pending:
                    if (HomeOperatorAddress != null || HomeOperatorId != null || TrustAnchor != null || Lifetime != 0)
                    {
                        return ProtocolResult.UnexpectedTag;
                    }

                    return RetryAfter == 0 ? ProtocolResult.MissingTag : ProtocolResult.Success;
                case HomeOperatorStatus.Unknown:
                    if (HomeOperatorAddress != null || HomeOperatorId != null || TrustAnchor != null || Lifetime != 0 || RetryAfter != 0)
                    {
                        return ProtocolResult.UnexpectedTag;
                    }

                    return ProtocolResult.Success;
                default:
                    return ProtocolResult.BadValue;
            }
        }

        /// <summary>
        /// Writes the message to buffer[offset], at most capacity bytes, MAC'd under K_mac derived from Ks_NAF
        /// (32 bytes at ksNaf[ksNafOffset]) and this message's nonces (docs/protocol.md, "Keys"). Leaves protection keyed.
        /// </summary>
        public ProtocolResult Encode(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(
                this, MessageType.HomeOperatorAnswer, protection, ksNaf, ksNafOffset, DeviceNonce, buffer, offset, capacity, out length);
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
            byte[] buffer, int offset, int count, out HomeOperatorAnswer message)
        {
            message = null;

            HomeOperatorAnswer decoded = new HomeOperatorAnswer();
            ProtocolResult result = MessageCodec.TryOpen(
                protection, ksNaf, ksNafOffset, expectedNonce, expectedNonceOffset, buffer, offset, count,
                MessageType.HomeOperatorAnswer, decoded);
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
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out HomeOperatorAnswer message)
        {
            HomeOperatorAnswer decoded = new HomeOperatorAnswer();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.HomeOperatorAnswer, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out HomeOperatorAnswer message)
        {
            HomeOperatorAnswer decoded = new HomeOperatorAnswer();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.HomeOperatorAnswer, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        private ProtocolResult ValidateAssociated()
        {
            if (RetryAfter != 0)
            {
                return ProtocolResult.UnexpectedTag;
            }

            ProtocolResult result = FieldRules.Range(HomeOperatorAddress, HttpsScheme.Length + 1, ProtocolLimits.MaxUrlLength);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            // ARCHITECTURE 3.5: the download runs over TLS pinned to TrustAnchor, so only https is acceptable.
            for (int i = 0; i < HttpsScheme.Length; i++)
            {
                if (HomeOperatorAddress[i] != HttpsScheme[i])
                {
                    return ProtocolResult.BadValue;
                }
            }

            if (!Ascii.IsPrintable(HomeOperatorAddress, 0, HomeOperatorAddress.Length, false))
            {
                return ProtocolResult.BadValue;
            }

            result = FieldRules.Range(HomeOperatorId, ProtocolLimits.MinNafIdLength, ProtocolLimits.MaxNafIdLength);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            result = FieldRules.Range(TrustAnchor, 2, ProtocolLimits.MaxTrustAnchorLength);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            // X.690 8.9 and RFC 5280 4.1: a DER certificate is a constructed SEQUENCE, identifier octet 0x30.
            if (TrustAnchor[0] != 0x30)
            {
                return ProtocolResult.BadValue;
            }

            return Lifetime == 0 ? ProtocolResult.MissingTag : ProtocolResult.Success;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            if (Status == HomeOperatorStatus.Associated)
            {
                writer.WriteUInt32(ProtocolTag.Lifetime, Lifetime);
            }

            writer.WriteBytes(ProtocolTag.DeviceNonce, DeviceNonce);
            writer.WriteByte(ProtocolTag.HomeOperatorStatus, (byte)Status);
            if (Status == HomeOperatorStatus.Pending)
            {
                writer.WriteUInt32(ProtocolTag.RetryAfter, RetryAfter);
            }

            if (Status == HomeOperatorStatus.Associated)
            {
                writer.WriteBytes(ProtocolTag.HomeOperatorAddress, HomeOperatorAddress);
                writer.WriteBytes(ProtocolTag.HomeOperatorId, HomeOperatorId);
                writer.WriteBytes(ProtocolTag.TrustAnchor, TrustAnchor);
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
                    case ProtocolTag.Lifetime:
                        result = reader.ReadUInt32(valueOffset, valueLength, out Lifetime);
                        if (result == ProtocolResult.Success && Lifetime == 0)
                        {
                            result = ProtocolResult.BadValue;
                        }

                        break;
                    case ProtocolTag.DeviceNonce:
                        DeviceNonce = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.HomeOperatorStatus:
                        byte status;
                        result = reader.ReadByte(valueOffset, valueLength, out status);
                        Status = (HomeOperatorStatus)status;
                        break;
                    case ProtocolTag.RetryAfter:
                        result = reader.ReadUInt32(valueOffset, valueLength, out RetryAfter);
                        if (result == ProtocolResult.Success && RetryAfter == 0)
                        {
                            result = ProtocolResult.BadValue;
                        }

                        break;
                    case ProtocolTag.HomeOperatorAddress:
                        HomeOperatorAddress = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.HomeOperatorId:
                        HomeOperatorId = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.TrustAnchor:
                        TrustAnchor = reader.CopyValue(valueOffset, valueLength);
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

            return reader.HasSeen(ProtocolTag.HomeOperatorStatus) ? ProtocolResult.Success : ProtocolResult.MissingTag;
        }
    }
}
