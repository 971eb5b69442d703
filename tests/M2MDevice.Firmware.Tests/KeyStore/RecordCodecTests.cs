using System;
using System.Security.Cryptography;
using CsCheck;
using M2MDevice.Firmware.KeyStore;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    public class RecordCodecTests
    {
        private const int Address = 0x2010;

        private static RecordCodec Codec() => new RecordCodec(KeyStoreTestKit.Keys());

        private static byte[] Encode(RecordCodec codec, RecordType type, uint sequence, byte[] body, int address = Address)
        {
            var buffer = new byte[RecordCodec.RecordLength(body.Length)];
            Array.Copy(body, 0, buffer, RecordCodec.HeaderSize, body.Length);
            Assert.Equal(buffer.Length, codec.EncodeInPlace(buffer, 0, type, sequence, address, body.Length));
            return buffer;
        }

        private static RecordStatus Decode(RecordCodec codec, byte[] record, int available, int address, out RecordType type, out uint sequence, out byte[] body)
        {
            RecordStatus status = codec.Decode(record, 0, available, address, out type, out sequence, out int bodyOffset, out int bodyLength, out _);
            body = record[bodyOffset..(bodyOffset + bodyLength)];
            return status;
        }

        [Theory]
        [InlineData(RecordType.DeviceInfo, 40)]
        [InlineData(RecordType.Preliminary, 150)]
        [InlineData(RecordType.Profiles, 300)]
        [InlineData(RecordType.SqnCheckpoint, KeyStoreLimits.SqnCheckpointBodyLength)]
        [InlineData(RecordType.SqnEntry, KeyStoreLimits.SqnEntryBodyLength)]
        [InlineData(RecordType.FilesCheckpoint, 1)]
        [InlineData(RecordType.FileEntry, 16)]
        [InlineData(RecordType.ProvisioningState, 4)]
        [InlineData(RecordType.Notifications, KeyStoreLimits.MaxRecordBodyLength)]
        public void EncodeDecode_EveryType_RoundTrips(RecordType type, int bodyLength)
        {
            RecordCodec codec = Codec();
            byte[] body = KeyStoreTestKit.Fill(bodyLength, (byte)type);
            byte[] record = Encode(codec, type, 0x01020304, body);
            Assert.NotEqual(body, record[RecordCodec.HeaderSize..(RecordCodec.HeaderSize + bodyLength)]);
            Assert.Equal(RecordStatus.Valid, Decode(codec, record, record.Length, Address, out RecordType decodedType, out uint sequence, out byte[] decoded));
            Assert.Equal(type, decodedType);
            Assert.Equal(0x01020304u, sequence);
            Assert.Equal(body, decoded);
        }

        [Fact]
        public void Encode_GoldenVector_MatchesIndependentAesCtrAndCmac()
        {
            // Independent reference: .NET AES-ECB for the CTR key stream and an RFC 4493 CMAC written here.
            byte[] body = KeyStoreTestKit.Fill(20, 0x11);
            byte[] record = Encode(Codec(), RecordType.FileEntry, 7, body, 0x1000);
            byte[] header = Convert.FromHexString("4B5301070014" + "00000007");
            using Aes aes = Aes.Create();
            aes.Key = KeyStoreTestKit.EncryptionKey;
            byte[] counters = new byte[32];
            for (int block = 0; block < 2; block++)
            {
                counters[(block * 16) + 0] = (byte)RecordType.FileEntry;
                counters[(block * 16) + 4] = 7;
                counters[(block * 16) + 7] = 0x10; // address 0x00001000
                counters[(block * 16) + 15] = (byte)block;
            }

            byte[] stream = aes.EncryptEcb(counters, PaddingMode.None);
            byte[] cipher = new byte[20];
            for (int i = 0; i < 20; i++)
            {
                cipher[i] = (byte)(body[i] ^ stream[i]);
            }

            byte[] macInput = Convert.FromHexString("00001000" + Convert.ToHexString(header) + Convert.ToHexString(cipher));
            byte[] mac = ReferenceCmac(KeyStoreTestKit.MacKey, macInput);
            string expected = Convert.ToHexString(header) + Convert.ToHexString(cipher) + Convert.ToHexString(mac) + "00";
            Assert.Equal(expected, Convert.ToHexString(record));
        }

        [Fact]
        public void Decode_ErasedBytes_Empty()
        {
            byte[] erased = new byte[64];
            Array.Fill(erased, (byte)0xFF);
            Assert.Equal(RecordStatus.Empty, Decode(Codec(), erased, erased.Length, Address, out _, out _, out _));
            Assert.Equal(RecordStatus.Empty, Decode(Codec(), erased, 0, Address, out _, out _, out _));
        }

        [Fact]
        public void Decode_Truncated_EveryShorterLength_Truncated()
        {
            RecordCodec codec = Codec();
            byte[] record = Encode(codec, RecordType.SqnEntry, 3, new byte[8]);
            for (int available = 1; available < record.Length; available++)
            {
                byte[] copy = (byte[])record.Clone();
                Assert.Equal(RecordStatus.Truncated, Decode(codec, copy, available, Address, out _, out _, out _));
            }
        }

        [Fact]
        public void Decode_WrongMagic_BadMagic()
        {
            RecordCodec codec = Codec();
            byte[] record = Encode(codec, RecordType.SqnEntry, 3, new byte[8]);
            record[1] = 0x54;
            Assert.Equal(RecordStatus.BadMagic, Decode(codec, record, record.Length, Address, out _, out _, out _));
        }

        [Fact]
        public void Decode_WrongVersion_UnsupportedVersion()
        {
            RecordCodec codec = Codec();
            byte[] record = Encode(codec, RecordType.SqnEntry, 3, new byte[8]);
            record[2] = 2;
            Assert.Equal(RecordStatus.UnsupportedVersion, Decode(codec, record, record.Length, Address, out _, out _, out _));
        }

        [Fact]
        public void Decode_UnknownType_UnknownType()
        {
            RecordCodec codec = Codec();
            byte[] record = Encode(codec, RecordType.SqnEntry, 3, new byte[8]);
            record[3] = 0x7F;
            Assert.Equal(RecordStatus.UnknownType, Decode(codec, record, record.Length, Address, out _, out _, out _));
        }

        [Fact]
        public void Decode_LengthNotAllowedForType_BadLength()
        {
            RecordCodec codec = Codec();
            byte[] record = Encode(codec, RecordType.SqnEntry, 3, new byte[8]);
            record[5] = 9;
            Assert.Equal(RecordStatus.BadLength, Decode(codec, record, record.Length, Address, out _, out _, out _));
            record[4] = 0xFF;
            record[3] = (byte)RecordType.Profiles;
            Assert.Equal(RecordStatus.BadLength, Decode(codec, record, record.Length, Address, out _, out _, out _));
        }

        [Fact]
        public void Decode_MissingTrailer_BadTrailer()
        {
            RecordCodec codec = Codec();
            byte[] record = Encode(codec, RecordType.SqnEntry, 3, new byte[8]);
            record[^1] = 0xFF;
            Assert.Equal(RecordStatus.BadTrailer, Decode(codec, record, record.Length, Address, out _, out _, out _));
        }

        [Fact]
        public void Decode_AnyFlippedBit_Rejected()
        {
            RecordCodec codec = Codec();
            byte[] record = Encode(codec, RecordType.SqnEntry, 3, KeyStoreTestKit.Fill(8, 5));
            for (int bit = 0; bit < (record.Length - 1) * 8; bit++)
            {
                byte[] copy = (byte[])record.Clone();
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.NotEqual(RecordStatus.Valid, Decode(codec, copy, copy.Length, Address, out _, out _, out _));
            }
        }

        [Fact]
        public void Decode_WrongMacKeyOrMovedRecord_BadMac()
        {
            RecordCodec codec = Codec();
            byte[] record = Encode(codec, RecordType.SqnEntry, 3, new byte[8]);
            Assert.Equal(RecordStatus.BadMac, Decode(codec, (byte[])record.Clone(), record.Length, Address + 8, out _, out _, out _));
            var other = new RecordCodec(new M2MDevice.Firmware.Hal.FixedKeyProvider(KeyStoreTestKit.EncryptionKey, new byte[16]));
            Assert.Equal(RecordStatus.BadMac, Decode(other, (byte[])record.Clone(), record.Length, Address, out _, out _, out _));
        }

        [Fact]
        public void Decode_RandomBytes_NeverThrows_AlwaysAReason()
        {
            RecordCodec codec = Codec();
            Gen.Byte.Array[0, 120].Sample(bytes =>
            {
                RecordStatus status = codec.Decode(bytes, 0, bytes.Length, Address, out _, out _, out _, out _, out _);
                Assert.True(Enum.IsDefined(status));
                Assert.NotEqual(RecordStatus.Valid, status);
            }, iter: 20000, seed: "0N0XIzNsQ0O2", threads: 1); // one codec: not thread-safe by design
        }

        [Fact]
        public void Decode_ValidHeaderRandomRest_NeverThrows_NeverValid()
        {
            // Random bodies behind a plausible header reach the length, trailer and MAC checks.
            RecordCodec codec = Codec();
            Gen.Select(Gen.Byte[1, 9], Gen.Byte.Array[0, 80]).Sample((type, rest) =>
            {
                byte[] bytes = new byte[10 + rest.Length];
                bytes[0] = RecordCodec.Magic0;
                bytes[1] = RecordCodec.Magic1;
                bytes[2] = RecordCodec.Version;
                bytes[3] = type;
                bytes[5] = (byte)Math.Max(0, rest.Length - 17);
                Array.Copy(rest, 0, bytes, 10, rest.Length);
                bytes[^1] = 0;

                RecordStatus status = codec.Decode(bytes, 0, bytes.Length, Address, out _, out _, out _, out _, out _);
                Assert.True(Enum.IsDefined(status));
                Assert.NotEqual(RecordStatus.Valid, status);
            }, iter: 20000, seed: "0N0XIzNsQ0O2", threads: 1); // one codec: not thread-safe by design
        }

        // RFC 4493 AES-CMAC, written here independently of shared/Crypto.
        private static byte[] ReferenceCmac(byte[] key, byte[] message)
        {
            using Aes aes = Aes.Create();
            aes.Key = key;
            byte[] l = aes.EncryptEcb(new byte[16], PaddingMode.None);
            byte[] k1 = Double(l);
            byte[] k2 = Double(k1);
            int blocks = Math.Max(1, (message.Length + 15) / 16);
            bool complete = message.Length > 0 && message.Length % 16 == 0;
            byte[] last = new byte[16];
            int lastStart = (blocks - 1) * 16;
            for (int i = 0; i < 16; i++)
            {
                int at = lastStart + i;
                byte value = at < message.Length ? message[at] : (at == message.Length ? (byte)0x80 : (byte)0);
                last[i] = (byte)(value ^ (complete ? k1[i] : k2[i]));
            }

            byte[] x = new byte[16];
            for (int b = 0; b < blocks; b++)
            {
                for (int i = 0; i < 16; i++)
                {
                    x[i] ^= b == blocks - 1 ? last[i] : message[(b * 16) + i];
                }

                x = aes.EncryptEcb(x, PaddingMode.None);
            }

            return x;
        }

        private static byte[] Double(byte[] value)
        {
            byte[] result = new byte[16];
            for (int i = 0; i < 16; i++)
            {
                result[i] = (byte)((value[i] << 1) | (i < 15 ? value[i + 1] >> 7 : 0));
            }

            if ((value[0] & 0x80) != 0)
            {
                result[15] ^= 0x87;
            }

            return result;
        }
    }
}
