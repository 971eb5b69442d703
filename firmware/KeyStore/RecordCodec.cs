using System;
using M2MDevice.Crypto;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>
    /// Encodes and decodes key-store records (docs/keystore-format.md section 2):
    /// header (magic "KS", version, type, body length, sequence), body encrypted with AES-CTR under the
    /// storage key, AES-CMAC under the MAC key over the record's flash address, header and encrypted
    /// body, then a 0x00 commit trailer. The counter block is unique per write: record type, sequence
    /// and flash address. Work buffers are allocated once; the codec is not thread-safe.
    /// </summary>
    public sealed class RecordCodec
    {
        /// <summary>Header length: magic (2), version (1), type (1), body length (2), sequence (4).</summary>
        public const int HeaderSize = 10;

        /// <summary>AES-CMAC tag length.</summary>
        public const int MacSize = 16;

        /// <summary>Commit trailer length.</summary>
        public const int TrailerSize = 1;

        /// <summary>Bytes a record adds to its body.</summary>
        public const int Overhead = HeaderSize + MacSize + TrailerSize;

        /// <summary>Records start at multiples of this many bytes within a sector.</summary>
        public const int Alignment = 8;

        /// <summary>First magic byte, 'K'.</summary>
        public const byte Magic0 = 0x4B;

        /// <summary>Second magic byte, 'S'.</summary>
        public const byte Magic1 = 0x53;

        /// <summary>The record format version this firmware writes and reads.</summary>
        public const byte Version = 1;

        /// <summary>Value of the commit trailer, written last; never 0xFF so the end of a record is never erased-looking.</summary>
        public const byte Trailer = 0x00;

        /// <summary>Largest body length the format allows.</summary>
        public const int MaxBodyLength = 0xFFFF;

        private readonly Aes128 encryptionCipher;
        private readonly Aes128 macCipher;
        private readonly AesCtr ctr;
        private readonly AesCmac cmac;
        private readonly byte[] counterBlock = new byte[16];
        private readonly byte[] addressBytes = new byte[4];
        private readonly byte[] tag = new byte[MacSize];

        /// <summary>Keys the codec with the storage keys of the board; the key copies are zeroed at once.</summary>
        public RecordCodec(IKeyProvider keys)
        {
            if (keys == null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            byte[] key = new byte[16];
            keys.GetStorageEncryptionKey(key, 0);
            encryptionCipher = new Aes128(key);
            keys.GetStorageMacKey(key, 0);
            macCipher = new Aes128(key);
            ConstantTime.Clear(key);
            ctr = new AesCtr(encryptionCipher);
            cmac = new AesCmac(macCipher);
        }

        /// <summary>AES-CTR under the storage encryption key (the manufacture image is protected with the same keys).</summary>
        internal AesCtr Ctr => ctr;

        /// <summary>AES-CMAC under the storage MAC key.</summary>
        internal AesCmac Cmac => cmac;

        /// <summary>Total length of a record with the given body length (without alignment padding).</summary>
        public static int RecordLength(int bodyLength)
        {
            return bodyLength + Overhead;
        }

        /// <summary>Rounds a record length up to <see cref="Alignment"/>: the distance to the next record.</summary>
        public static int AlignedLength(int recordLength)
        {
            return (recordLength + Alignment - 1) / Alignment * Alignment;
        }

        /// <summary>
        /// Turns buffer[offset..] into a record in place. The caller has put the plaintext body at
        /// buffer[offset + HeaderSize], bodyLength bytes; this writes the header, encrypts the body,
        /// appends MAC and trailer and returns the record length. address is where the record will be
        /// programmed (it is bound into the counter block and the MAC).
        /// </summary>
        public int EncodeInPlace(byte[] buffer, int offset, RecordType type, uint sequence, int address, int bodyLength)
        {
            if (bodyLength < 0 || bodyLength > MaxBodyLength || offset + RecordLength(bodyLength) > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(bodyLength));
            }

            buffer[offset] = Magic0;
            buffer[offset + 1] = Magic1;
            buffer[offset + 2] = Version;
            buffer[offset + 3] = (byte)type;
            buffer[offset + 4] = (byte)(bodyLength >> 8);
            buffer[offset + 5] = (byte)bodyLength;
            WriteUInt32(buffer, offset + 6, sequence);
            int bodyOffset = offset + HeaderSize;
            Crypt((byte)type, sequence, address, buffer, bodyOffset, bodyLength);
            ComputeMac(address, buffer, offset, HeaderSize + bodyLength, buffer, bodyOffset + bodyLength);
            buffer[bodyOffset + bodyLength + MacSize] = Trailer;
            return RecordLength(bodyLength);
        }

        /// <summary>
        /// Decodes the record at buffer[offset..offset+available) that was read from flash address
        /// <paramref name="address"/>. On <see cref="RecordStatus.Valid"/> the body is decrypted in place at
        /// buffer[bodyOffset], bodyLength bytes. type and sequence are set whenever the header parsed
        /// (status Valid, BadLength, Truncated after the header, BadTrailer or BadMac), else 0.
        /// recordLength is the record's length when the header parsed, else 0. Never throws for any content.
        /// </summary>
        public RecordStatus Decode(
            byte[] buffer,
            int offset,
            int available,
            int address,
            out RecordType type,
            out uint sequence,
            out int bodyOffset,
            out int bodyLength,
            out int recordLength)
        {
            type = 0;
            sequence = 0;
            bodyOffset = offset + HeaderSize;
            bodyLength = 0;
            recordLength = 0;
            if (buffer == null || offset < 0 || available < 0 || offset + available > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(available));
            }

            int headerBytes = available < HeaderSize ? available : HeaderSize;
            bool erased = true;
            for (int i = 0; i < headerBytes; i++)
            {
                if (buffer[offset + i] != 0xFF)
                {
                    erased = false;
                    break;
                }
            }

            if (erased)
            {
                return RecordStatus.Empty;
            }

            if (buffer[offset] != Magic0 || (available >= 2 && buffer[offset + 1] != Magic1))
            {
                return RecordStatus.BadMagic;
            }

            if (available < 3)
            {
                return RecordStatus.Truncated;
            }

            if (buffer[offset + 2] != Version)
            {
                return RecordStatus.UnsupportedVersion;
            }

            if (available < 4)
            {
                return RecordStatus.Truncated;
            }

            byte typeByte = buffer[offset + 3];
            if (typeByte < (byte)RecordType.DeviceInfo || typeByte > (byte)RecordType.Notifications)
            {
                return RecordStatus.UnknownType;
            }

            if (available < HeaderSize)
            {
                return RecordStatus.Truncated;
            }

            type = (RecordType)typeByte;
            sequence = ReadUInt32(buffer, offset + 6);
            int length = (buffer[offset + 4] << 8) | buffer[offset + 5];
            if (!IsLengthAllowed(type, length))
            {
                return RecordStatus.BadLength;
            }

            recordLength = RecordLength(length);
            if (recordLength > available)
            {
                return RecordStatus.Truncated;
            }

            if (buffer[offset + recordLength - 1] != Trailer)
            {
                return RecordStatus.BadTrailer;
            }

            ComputeMac(address, buffer, offset, HeaderSize + length, tag, 0);
            bool macOk = ConstantTime.AreEqual(tag, 0, buffer, offset + HeaderSize + length, MacSize);
            ConstantTime.Clear(tag);
            if (!macOk)
            {
                return RecordStatus.BadMac;
            }

            Crypt(typeByte, sequence, address, buffer, offset + HeaderSize, length);
            bodyLength = length;
            return RecordStatus.Valid;
        }

        /// <summary>Writes value big-endian at buffer[offset].</summary>
        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }

        /// <summary>Reads a big-endian value at buffer[offset].</summary>
        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16)
                | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
        }

        // Body length limits per type (docs/keystore-format.md section 3); a wrong length is BadLength
        // before any MAC work.
        private static bool IsLengthAllowed(RecordType type, int length)
        {
            switch (type)
            {
                case RecordType.SqnCheckpoint:
                    return length == KeyStoreLimits.SqnCheckpointBodyLength;
                case RecordType.SqnEntry:
                    return length == KeyStoreLimits.SqnEntryBodyLength;
                case RecordType.Preliminary:
                case RecordType.Profiles:
                case RecordType.DeviceInfo:
                case RecordType.FilesCheckpoint:
                case RecordType.FileEntry:
                case RecordType.ProvisioningState:
                case RecordType.Notifications:
                    return length >= 1 && length <= KeyStoreLimits.MaxRecordBodyLength;
                default:
                    return false;
            }
        }

        /// <summary>
        /// A 16-byte fingerprint of a subscription identity (EF_IMSI content and K) keyed with the
        /// storage MAC key, so the store can tell later whether a new profile is the same subscription
        /// without keeping K. Domain-separated from record MACs: those start with a record address,
        /// always a multiple of 8; this input starts with FF FF FF FF, which never is.
        /// </summary>
        internal void ComputeIdentityFingerprint(byte[] efImsi, byte[] k, byte[] output, int outputOffset)
        {
            cmac.Reset();
            for (int i = 0; i < 4; i++)
            {
                addressBytes[i] = 0xFF;
            }

            cmac.Update(addressBytes, 0, 4);
            addressBytes[0] = (byte)(efImsi.Length >> 8);
            addressBytes[1] = (byte)efImsi.Length;
            cmac.Update(addressBytes, 0, 2);
            cmac.Update(efImsi, 0, efImsi.Length);
            addressBytes[0] = (byte)(k.Length >> 8);
            addressBytes[1] = (byte)k.Length;
            cmac.Update(addressBytes, 0, 2);
            cmac.Update(k, 0, k.Length);
            cmac.Final(output, outputOffset);
        }

        private void Crypt(byte type, uint sequence, int address, byte[] buffer, int offset, int count)
        {
            if (count == 0)
            {
                return;
            }

            // Counter block: type, sequence, flash address, then a 32-bit block counter from 0. Unique
            // per write: sequences never repeat within an area and the address separates torn retries.
            Array.Clear(counterBlock, 0, 16);
            counterBlock[0] = type;
            WriteUInt32(counterBlock, 1, sequence);
            WriteUInt32(counterBlock, 5, (uint)address);
            ctr.Transform(counterBlock, 0, buffer, offset, buffer, offset, count);
        }

        private void ComputeMac(int address, byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            WriteUInt32(addressBytes, 0, (uint)address);
            cmac.Reset();
            cmac.Update(addressBytes, 0, 4);
            cmac.Update(data, offset, count);
            cmac.Final(output, outputOffset);
        }
    }
}
