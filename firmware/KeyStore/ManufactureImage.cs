using System;
using M2MDevice.Crypto;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>
    /// The factory data of one device (docs/keystore-format.md section 6): device id, RS address, RS
    /// trust anchor, allowed-network list and the preliminary credentials. The manufacturer tool
    /// encodes it under the device's storage keys and writes it to its own flash partition, which
    /// firmware updates leave alone; on first boot the firmware decodes it and loads it into the key
    /// store (<see cref="DeviceKeyStore.LoadManufactureImage"/>).
    /// </summary>
    public sealed class ManufactureImage
    {
        /// <summary>Image magic "M2MI".</summary>
        public static readonly byte[] Magic = new byte[] { 0x4D, 0x32, 0x4D, 0x49 };

        /// <summary>The image format version this firmware writes and reads.</summary>
        public const byte Version = 1;

        /// <summary>Header length: magic (4), version (1), reserved (1), body length (4), nonce (8).</summary>
        public const int HeaderSize = 18;

        /// <summary>Nonce length in bytes.</summary>
        public const int NonceSize = 8;

        /// <summary>Largest body length.</summary>
        public const int MaxBodyLength = 4096;

        /// <summary>Counter-block domain byte of the image (record counter blocks start with a record type below 0x80).</summary>
        public const byte CounterDomain = 0x80;

        internal const byte TagDeviceId = 1;
        internal const byte TagRsAddress = 2;
        internal const byte TagRsTrustAnchor = 3;
        internal const byte TagAllowedNetworks = 4;
        internal const byte TagPreliminary = 5;

        /// <summary>Device identifier (printable ASCII), e.g. the serial number the RS registered.</summary>
        public string DeviceId;

        /// <summary>Registration Service address (printable ASCII URL or host:port).</summary>
        public string RsAddress;

        /// <summary>RS trust anchor: DER-encoded CA certificate bytes.</summary>
        public byte[] RsTrustAnchor;

        /// <summary>Allowed networks for the preliminary attach: 3 bytes per PLMN (TS 24.008 10.5.1.13), or null for none.</summary>
        public byte[] AllowedNetworks;

        /// <summary>The preliminary credentials (PIMSI, K, OPc, ...). Secret.</summary>
        public UsimProfile Preliminary;

        /// <summary>
        /// Encodes the image: header with the 8-byte nonce (fresh random per image), body encrypted
        /// under the storage encryption key, AES-CMAC under the storage MAC key. Throws
        /// ArgumentException when a field is missing or too large.
        /// </summary>
        public static byte[] Encode(ManufactureImage image, IKeyProvider keys, byte[] nonce)
        {
            if (image == null || keys == null || nonce == null || nonce.Length != NonceSize)
            {
                throw new ArgumentException("image, keys and an 8-byte nonce are required");
            }

            if (image.Preliminary == null)
            {
                throw new ArgumentException("image lacks preliminary credentials", nameof(image));
            }

            int profileLength = ProfileCodec.GetEncodedLength(image.Preliminary);
            int bodyLength = image.GetDeviceInfoLength() + Tlv.FieldOverhead + profileLength;
            if (bodyLength > MaxBodyLength || profileLength > KeyStoreLimits.MaxProfileLength)
            {
                throw new ArgumentException("image too large", nameof(image));
            }

            byte[] output = new byte[HeaderSize + bodyLength + AesCmac.TagSize];
            Array.Copy(Magic, output, 4);
            output[4] = Version;
            output[5] = 0;
            RecordCodec.WriteUInt32(output, 6, (uint)bodyLength);
            Array.Copy(nonce, 0, output, 10, NonceSize);
            int p = image.EncodeDeviceInfo(output, HeaderSize);
            p = Tlv.PutHeader(output, p, TagPreliminary, profileLength);
            ProfileCodec.Encode(image.Preliminary, output, p);
            Protect(keys, output, bodyLength, true);
            return output;
        }

        /// <summary>
        /// Decodes an image at data[offset..offset+count) (bytes after the image, e.g. erased flash,
        /// are ignored). Returns Valid with the image, or the reason it was rejected. Never throws for
        /// any content.
        /// </summary>
        public static RecordStatus TryDecode(byte[] data, int offset, int count, IKeyProvider keys, out ManufactureImage image)
        {
            if (keys == null)
            {
                throw new ArgumentOutOfRangeException(nameof(keys));
            }

            return TryDecode(data, offset, count, keys, null, null, out image);
        }

        /// <summary>
        /// As <see cref="TryDecode(byte[], int, int, IKeyProvider, out ManufactureImage)"/> with the key store's codec
        /// (keyed with the same storage keys) instead of new ciphers, and workBuffer (the store's sector buffer, free
        /// while an image loads) instead of a new work copy when the image fits (issue 8.3).
        /// </summary>
        internal static RecordStatus TryDecode(byte[] data, int offset, int count, RecordCodec codec, byte[] workBuffer, out ManufactureImage image)
        {
            if (codec == null)
            {
                throw new ArgumentOutOfRangeException(nameof(codec));
            }

            return TryDecode(data, offset, count, null, codec, workBuffer, out image);
        }

        private static RecordStatus TryDecode(byte[] data, int offset, int count, IKeyProvider keys, RecordCodec codec, byte[] workBuffer, out ManufactureImage image)
        {
            image = null;
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            bool erased = true;
            for (int i = 0; i < count && i < HeaderSize; i++)
            {
                if (data[offset + i] != 0xFF)
                {
                    erased = false;
                    break;
                }
            }

            if (erased)
            {
                return RecordStatus.Empty;
            }

            for (int i = 0; i < 4; i++)
            {
                if (i >= count)
                {
                    return RecordStatus.Truncated;
                }

                if (data[offset + i] != Magic[i])
                {
                    return RecordStatus.BadMagic;
                }
            }

            if (count < 5)
            {
                return RecordStatus.Truncated;
            }

            if (data[offset + 4] != Version)
            {
                return RecordStatus.UnsupportedVersion;
            }

            if (count < HeaderSize)
            {
                return RecordStatus.Truncated;
            }

            uint declared = RecordCodec.ReadUInt32(data, offset + 6);
            if (data[offset + 5] != 0 || declared == 0 || declared > MaxBodyLength)
            {
                return RecordStatus.BadLength;
            }

            int bodyLength = (int)declared;
            int total = HeaderSize + bodyLength + AesCmac.TagSize;
            if (count < total)
            {
                return RecordStatus.Truncated;
            }

            byte[] work = workBuffer != null && workBuffer.Length >= total ? workBuffer : new byte[total];
            Array.Copy(data, offset, work, 0, total);
            bool authentic = codec != null
                ? Transform(codec.Ctr, codec.Cmac, work, bodyLength, false)
                : Protect(keys, work, bodyLength, false);
            if (!authentic)
            {
                ConstantTime.Clear(work, 0, total);
                return RecordStatus.BadMac;
            }

            ManufactureImage result = new ManufactureImage();
            RecordStatus status = result.DecodeFields(work, HeaderSize, bodyLength, true);
            ConstantTime.Clear(work, 0, total);
            if (status != RecordStatus.Valid)
            {
                ProfileCodec.Wipe(result.Preliminary);
                return status;
            }

            image = result;
            return RecordStatus.Valid;
        }

        /// <summary>Length of the device-info fields (everything but the preliminary credentials).</summary>
        internal int GetDeviceInfoLength()
        {
            if (DeviceId == null || RsAddress == null || RsTrustAnchor == null)
            {
                throw new ArgumentException("image lacks device id, RS address or RS trust anchor");
            }

            if (!Tlv.IsAscii(DeviceId) || !Tlv.IsAscii(RsAddress)
                || DeviceId.Length > KeyStoreLimits.MaxTextLength || RsAddress.Length > KeyStoreLimits.MaxTextLength)
            {
                throw new ArgumentException("device id and RS address must be printable ASCII of at most 200 characters");
            }

            if (RsTrustAnchor.Length > KeyStoreLimits.MaxTrustAnchorLength)
            {
                throw new ArgumentException("RS trust anchor too large");
            }

            if (AllowedNetworks != null
                && (AllowedNetworks.Length % 3 != 0 || AllowedNetworks.Length > KeyStoreLimits.MaxAllowedNetworksLength))
            {
                throw new ArgumentException("allowed networks must be 3 bytes per PLMN, at most 100 PLMNs");
            }

            return Tlv.TextSize(DeviceId) + Tlv.TextSize(RsAddress) + Tlv.Size(RsTrustAnchor) + Tlv.Size(AllowedNetworks);
        }

        /// <summary>Writes the device-info fields at buffer[position]; returns the position after them.</summary>
        internal int EncodeDeviceInfo(byte[] buffer, int position)
        {
            GetDeviceInfoLength();
            position = Tlv.PutText(buffer, position, TagDeviceId, DeviceId);
            position = Tlv.PutText(buffer, position, TagRsAddress, RsAddress);
            position = Tlv.PutBytes(buffer, position, TagRsTrustAnchor, RsTrustAnchor);
            position = Tlv.PutBytes(buffer, position, TagAllowedNetworks, AllowedNetworks);
            return position;
        }

        /// <summary>Parses the fields into this image; the preliminary field is required when withPreliminary, else forbidden.</summary>
        internal RecordStatus DecodeFields(byte[] buffer, int offset, int count, bool withPreliminary)
        {
            int end = offset + count;
            int p = offset;
            uint seen = 0;
            while (p < end)
            {
                byte tag;
                int valueOffset;
                int valueLength;
                if (!Tlv.TryRead(buffer, p, end, out tag, out valueOffset, out valueLength) || !Tlv.MarkSeen(ref seen, tag))
                {
                    return RecordStatus.BadBody;
                }

                bool ok;
                switch (tag)
                {
                    case TagDeviceId:
                        ok = valueLength <= KeyStoreLimits.MaxTextLength && Tlv.TryText(buffer, valueOffset, valueLength, out DeviceId);
                        break;
                    case TagRsAddress:
                        ok = valueLength <= KeyStoreLimits.MaxTextLength && Tlv.TryText(buffer, valueOffset, valueLength, out RsAddress);
                        break;
                    case TagRsTrustAnchor:
                        ok = valueLength <= KeyStoreLimits.MaxTrustAnchorLength;
                        RsTrustAnchor = Tlv.Copy(buffer, valueOffset, valueLength);
                        break;
                    case TagAllowedNetworks:
                        ok = valueLength % 3 == 0 && valueLength <= KeyStoreLimits.MaxAllowedNetworksLength;
                        AllowedNetworks = Tlv.Copy(buffer, valueOffset, valueLength);
                        break;
                    case TagPreliminary:
                        ok = withPreliminary && valueLength <= KeyStoreLimits.MaxProfileLength
                            && ProfileCodec.TryDecode(buffer, valueOffset, valueLength, out Preliminary) == RecordStatus.Valid;
                        break;
                    default:
                        ok = false;
                        break;
                }

                if (!ok)
                {
                    return RecordStatus.BadBody;
                }

                p = valueOffset + valueLength;
            }

            if (DeviceId == null || RsAddress == null || RsTrustAnchor == null || (withPreliminary && Preliminary == null))
            {
                return RecordStatus.BadBody;
            }

            return RecordStatus.Valid;
        }

        // Encrypts (encode) or verifies then decrypts (decode) the body of an image in buffer.
        private static bool Protect(IKeyProvider keys, byte[] buffer, int bodyLength, bool encode)
        {
            byte[] key = new byte[16];
            keys.GetStorageMacKey(key, 0);
            Aes128 macCipher = new Aes128(key);
            keys.GetStorageEncryptionKey(key, 0);
            Aes128 encryptionCipher = new Aes128(key);
            ConstantTime.Clear(key);
            AesCmac cmac = new AesCmac(macCipher);
            AesCtr ctr = new AesCtr(encryptionCipher);
            bool ok = Transform(ctr, cmac, buffer, bodyLength, encode);
            cmac.Clear();
            encryptionCipher.Clear();
            macCipher.Clear();
            return ok;
        }

        // Encrypts then MACs (encode) or verifies then decrypts (decode) with ctr and cmac keyed by the storage keys.
        private static bool Transform(AesCtr ctr, AesCmac cmac, byte[] buffer, int bodyLength, bool encode)
        {
            byte[] counterBlock = new byte[16];
            counterBlock[0] = CounterDomain;
            Array.Copy(buffer, 10, counterBlock, 1, NonceSize);
            int macOffset = HeaderSize + bodyLength;
            bool ok = true;
            if (encode)
            {
                ctr.Transform(counterBlock, 0, buffer, HeaderSize, buffer, HeaderSize, bodyLength);
                cmac.Compute(buffer, 0, macOffset, buffer, macOffset);
            }
            else
            {
                ok = cmac.Verify(buffer, 0, macOffset, buffer, macOffset, AesCmac.TagSize);
                if (ok)
                {
                    ctr.Transform(counterBlock, 0, buffer, HeaderSize, buffer, HeaderSize, bodyLength);
                }
            }

            return ok;
        }
    }
}
