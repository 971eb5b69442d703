using System;

namespace M2MDevice.Protocol
{
    /// <summary>
    /// HO to device: the USIM package (ARCHITECTURE 3.5). The UsimPackageBody is encrypted with AES-CTR under K_enc, then
    /// the whole message is MAC'd with AES-CMAC under K_mac (encrypt-then-MAC); both keys come from Ks_NAF(HO), the
    /// device nonce of the PackageRequest and the HO nonce carried here (docs/protocol.md, "Keys"). The device checks,
    /// in order: structure, MAC, its nonce, then decrypts and decodes the body; the firmware then accepts the package
    /// only if ProfileSequence is above the last installed one and it was not installed before.
    /// </summary>
    public sealed class UsimPackage : IMessageFields
    {
        /// <summary>The device nonce of the PackageRequest, 16 bytes (tag 0x08).</summary>
        public byte[] DeviceNonce;

        /// <summary>Fresh random HO nonce, 16 bytes (tag 0x09); a new one for every package built.</summary>
        public byte[] ServerNonce;

        /// <summary>Profile sequence number, at least 1 (tag 0x0F). The firmware enforces that it increases.</summary>
        public uint ProfileSequence;

        /// <summary>The encrypted body as carried on the wire (tag 0x12); set by TryDecode and Encode.</summary>
        public byte[] EncryptedBody;

        /// <summary>The plaintext body: given to Encode, set by TryOpen. Not on the wire.</summary>
        public UsimPackageBody Body;

        /// <summary>Checks the carried fields against their rules (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.First(FieldRules.Nonce(DeviceNonce), FieldRules.Nonce(ServerNonce));
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (ProfileSequence == 0)
            {
                return ProtocolResult.BadValue;
            }

            return FieldRules.Range(EncryptedBody, MessageEnvelope.HeaderSize, ProtocolLimits.MaxPackageBodyLength);
        }

        /// <summary>
        /// Seals Body: encodes it, derives K_enc and K_mac from Ks_NAF(HO) (32 bytes at ksNaf[ksNafOffset]) and both
        /// nonces, encrypts the body into EncryptedBody and writes the MAC'd message to buffer[offset].
        /// </summary>
        public ProtocolResult Encode(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] buffer, int offset, int capacity, out int length)
        {
            length = 0;
            if (protection == null)
            {
                throw new ArgumentNullException(nameof(protection));
            }

            if (Body == null)
            {
                return ProtocolResult.MissingTag;
            }

            ProtocolResult result = FieldRules.First(FieldRules.Nonce(DeviceNonce), FieldRules.Nonce(ServerNonce));
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            byte[] plaintext = new byte[ProtocolLimits.MaxPackageBodyLength];
            int bodyLength;
            result = Body.Encode(plaintext, 0, plaintext.Length, out bodyLength);
            if (result == ProtocolResult.BufferTooSmall)
            {
                result = ProtocolResult.Oversized;
            }

            if (result != ProtocolResult.Success)
            {
                Array.Clear(plaintext, 0, plaintext.Length);
                return result;
            }

            protection.SetKeys(ksNaf, ksNafOffset, DeviceNonce, 0, ServerNonce, 0, ProtocolLimits.NonceSize);
            EncryptedBody = new byte[bodyLength];
            protection.Transform(plaintext, 0, EncryptedBody, 0, bodyLength);
            Array.Clear(plaintext, 0, plaintext.Length);
            result = Validate();
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            return MessageCodec.Write(this, MessageType.UsimPackage, protection, buffer, offset, capacity, out length);
        }

        /// <summary>
        /// The device's whole check of a package (docs/protocol.md, "Checks"): decode the structure; derive the keys
        /// from Ks_NAF(HO), the device's own nonce (expectedNonce, 16 bytes) and the HO nonce; verify the MAC over the
        /// whole message in constant time; check the carried device nonce; decrypt and decode the body into Body.
        /// Rejected packages leave message null. The sequence check against the last installed profile is the caller's.
        /// </summary>
        public static ProtocolResult TryOpen(
            MessageProtection protection, byte[] ksNaf, int ksNafOffset, byte[] expectedNonce, int expectedNonceOffset,
            byte[] buffer, int offset, int count, out UsimPackage message)
        {
            message = null;
            if (protection == null)
            {
                throw new ArgumentNullException(nameof(protection));
            }

            UsimPackage decoded;
            ProtocolResult result = TryDecode(buffer, offset, count, out decoded);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            // The HO nonce is read before the MAC is checked only to derive the key; nothing else is used until then.
            protection.SetKeys(ksNaf, ksNafOffset, expectedNonce, expectedNonceOffset, decoded.ServerNonce, 0, ProtocolLimits.NonceSize);
            result = protection.VerifyMac(buffer, offset, count);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            result = MessageProtection.CheckNonce(decoded.DeviceNonce, expectedNonce, expectedNonceOffset);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            byte[] plaintext = new byte[decoded.EncryptedBody.Length];
            protection.Transform(decoded.EncryptedBody, 0, plaintext, 0, plaintext.Length);
            UsimPackageBody body;
            result = UsimPackageBody.TryDecode(plaintext, 0, plaintext.Length, out body);
            Array.Clear(plaintext, 0, plaintext.Length);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            decoded.Body = body;
            message = decoded;
            return ProtocolResult.Success;
        }

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out UsimPackage message)
        {
            UsimPackage decoded = new UsimPackage();
            ProtocolResult result = MessageCodec.TryDecode(buffer, offset, count, MessageType.UsimPackage, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out UsimPackage message)
        {
            UsimPackage decoded = new UsimPackage();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.UsimPackage, decoded);
            message = result == ProtocolResult.Success ? decoded : null;
            return result;
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.DeviceNonce, DeviceNonce);
            writer.WriteBytes(ProtocolTag.ServerNonce, ServerNonce);
            writer.WriteUInt32(ProtocolTag.ProfileSequence, ProfileSequence);
            writer.WriteBytes(ProtocolTag.EncryptedBody, EncryptedBody);
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
                    case ProtocolTag.ServerNonce:
                        ServerNonce = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.ProfileSequence:
                        result = reader.ReadUInt32(valueOffset, valueLength, out ProfileSequence);
                        break;
                    case ProtocolTag.EncryptedBody:
                        EncryptedBody = reader.CopyValue(valueOffset, valueLength);
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
