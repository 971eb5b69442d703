using System;
using CsCheck;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    public class ManufactureImageTests
    {
        [Fact]
        public void EncodeDecode_EveryField_RoundTrips()
        {
            ManufactureImage image = KeyStoreTestKit.Image();
            image.Preliminary = KeyStoreTestKit.EveryFieldProfile();
            byte[] bytes = ManufactureImage.Encode(image, KeyStoreTestKit.Keys(), KeyStoreTestKit.Fill(8, 1));

            // Trailing erased flash after the image is ignored.
            byte[] partition = new byte[bytes.Length + 100];
            Array.Fill(partition, (byte)0xFF);
            Array.Copy(bytes, partition, bytes.Length);
            Assert.Equal(RecordStatus.Valid, ManufactureImage.TryDecode(partition, 0, partition.Length, KeyStoreTestKit.Keys(), out ManufactureImage decoded));
            Assert.Equal(image.DeviceId, decoded.DeviceId);
            Assert.Equal(image.RsAddress, decoded.RsAddress);
            Assert.Equal(image.RsTrustAnchor, decoded.RsTrustAnchor);
            Assert.Equal(image.AllowedNetworks, decoded.AllowedNetworks);
            KeyStoreTestKit.AssertSameFields(image.Preliminary, decoded.Preliminary);
        }

        [Fact]
        public void Encode_Layout_MatchesDocumentedHeader()
        {
            byte[] bytes = KeyStoreTestKit.ImageBytes();
            Assert.Equal("4D324D490100", Convert.ToHexString(bytes, 0, 6));
            uint bodyLength = RecordCodec.ReadUInt32(bytes, 6);
            Assert.Equal(ManufactureImage.HeaderSize + bodyLength + 16, (uint)bytes.Length);
            Assert.Equal(KeyStoreTestKit.Fill(8, 0xA0), bytes[10..18]);
        }

        [Fact]
        public void TryDecode_DamagedImage_ClearReason()
        {
            byte[] bytes = KeyStoreTestKit.ImageBytes();
            FixedKeyProvider keys = KeyStoreTestKit.Keys();
            Assert.Equal(RecordStatus.Truncated, ManufactureImage.TryDecode(bytes, 0, bytes.Length - 1, keys, out _));
            Assert.Equal(RecordStatus.Truncated, ManufactureImage.TryDecode(bytes, 0, 10, keys, out _));

            byte[] magic = (byte[])bytes.Clone();
            magic[0] = 0x4E;
            Assert.Equal(RecordStatus.BadMagic, ManufactureImage.TryDecode(magic, 0, magic.Length, keys, out _));

            byte[] version = (byte[])bytes.Clone();
            version[4] = 9;
            Assert.Equal(RecordStatus.UnsupportedVersion, ManufactureImage.TryDecode(version, 0, version.Length, keys, out _));

            byte[] length = (byte[])bytes.Clone();
            length[6] = 1;
            Assert.Equal(RecordStatus.BadLength, ManufactureImage.TryDecode(length, 0, length.Length, keys, out _));

            byte[] body = (byte[])bytes.Clone();
            body[40] ^= 1;
            Assert.Equal(RecordStatus.BadMac, ManufactureImage.TryDecode(body, 0, body.Length, keys, out _));

            var otherDevice = new FixedKeyProvider(KeyStoreTestKit.EncryptionKey, new byte[16]);
            Assert.Equal(RecordStatus.BadMac, ManufactureImage.TryDecode(bytes, 0, bytes.Length, otherDevice, out _));

            byte[] erased = new byte[64];
            Array.Fill(erased, (byte)0xFF);
            Assert.Equal(RecordStatus.Empty, ManufactureImage.TryDecode(erased, 0, erased.Length, keys, out _));
        }

        [Fact]
        public void TryDecode_RandomBytes_NeverThrows()
        {
            FixedKeyProvider keys = KeyStoreTestKit.Keys();
            byte[] valid = KeyStoreTestKit.ImageBytes();
            Gen.Select(Gen.Byte.Array[0, 64], Gen.Int[0, 3]).Sample((bytes, mode) =>
            {
                byte[] input = bytes;
                if (mode == 1)
                {
                    // Valid header, random rest.
                    input = new byte[Math.Max(18, bytes.Length)];
                    Array.Copy(valid, input, 18);
                    Array.Copy(bytes, 0, input, 18, Math.Max(0, bytes.Length - 18));
                }

                RecordStatus status = ManufactureImage.TryDecode(input, 0, input.Length, keys, out ManufactureImage image);
                Assert.True(Enum.IsDefined(status));
                Assert.NotEqual(RecordStatus.Valid, status);
                Assert.Null(image);
            }, iter: 5000, seed: "0N0XIzNsQ0O2");
        }
    }
}
