using System;
using System.Security.Cryptography;
using CsCheck;
using M2MDevice.Crypto;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Crypto
{
    public class Aes128Tests
    {
        // FIPS-197 Appendix C.1 and Appendix B, NIST AESAVS (GFSbox, KeySbox, VarTxt, VarKey) AES-128 samples.
        [Theory]
        [InlineData("FIPS-197 C.1", "000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a")]
        [InlineData("FIPS-197 B", "2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734", "3925841d02dc09fbdc118597196a0b32")]
        [InlineData("AESAVS GFSbox 0", "00000000000000000000000000000000", "f34481ec3cc627bacd5dc3fb08f273e6", "0336763e966d92595a567cc9ce537f5e")]
        [InlineData("AESAVS GFSbox 1", "00000000000000000000000000000000", "9798c4640bad75c7c3227db910174e72", "a9a1631bf4996954ebc093957b234589")]
        [InlineData("AESAVS KeySbox 0", "10a58869d74be5a374cf867cfb473859", "00000000000000000000000000000000", "6d251e6944b051e04eaa6fb4dbf78465")]
        [InlineData("AESAVS VarTxt 0", "00000000000000000000000000000000", "80000000000000000000000000000000", "3ad78e726c1ec02b7ebfe92b23d9ec34")]
        [InlineData("AESAVS VarKey 0", "80000000000000000000000000000000", "00000000000000000000000000000000", "0edd33d3c621e546455bd8ba1418bec8")]
        public void EncryptBlock_KnownAnswer_MatchesVector(string source, string key, string plaintext, string ciphertext)
        {
            Assert.NotNull(source);
            var aes = new Aes128(Hex(key));
            byte[] output = new byte[16];
            aes.EncryptBlock(Hex(plaintext), 0, output, 0);
            Assert.Equal(ciphertext, ToHex(output));
        }

        [Fact]
        public void EncryptBlock_SameBufferWithOffsets_MatchesSeparateBuffers()
        {
            var aes = new Aes128(Hex("000102030405060708090a0b0c0d0e0f"));
            byte[] buffer = new byte[20];
            Hex("00112233445566778899aabbccddeeff").CopyTo(buffer, 3);
            aes.EncryptBlock(buffer, 3, buffer, 3);
            Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", ToHex(buffer.AsSpan(3, 16).ToArray()));
        }

        [Fact]
        public void SetKey_AtOffset_RekeysWithoutNewInstance()
        {
            var aes = new Aes128(new byte[16]);
            byte[] keyBuffer = new byte[40];
            Hex("2b7e151628aed2a6abf7158809cf4f3c").CopyTo(keyBuffer, 7);
            aes.SetKey(keyBuffer, 7);
            byte[] output = new byte[16];
            aes.EncryptBlock(Hex("3243f6a8885a308d313198a2e0370734"), 0, output, 0);
            Assert.Equal("3925841d02dc09fbdc118597196a0b32", ToHex(output));
        }

        [Fact]
        public void Clear_AfterUse_ChangesOutputUntilRekeyed()
        {
            byte[] key = Hex("000102030405060708090a0b0c0d0e0f");
            var aes = new Aes128(key);
            aes.Clear();
            byte[] output = new byte[16];
            aes.EncryptBlock(Hex("00112233445566778899aabbccddeeff"), 0, output, 0);
            Assert.NotEqual("69c4e0d86a7b0430d8cdb78070b4c55a", ToHex(output));
            aes.SetKey(key, 0);
            aes.EncryptBlock(Hex("00112233445566778899aabbccddeeff"), 0, output, 0);
            Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", ToHex(output));
        }

        [Fact]
        public void Constructor_WrongKeyLength_Throws()
        {
            Assert.Throws<ArgumentException>(() => new Aes128(new byte[15]));
            Assert.Throws<ArgumentNullException>(() => new Aes128(null!));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Aes128(new byte[16]).SetKey(new byte[20], 5));
        }

        [Fact]
        public void EncryptBlock_RandomKeysAndBlocks_MatchesSystemAes()
        {
            Gen.Byte.Array[16].Select(Gen.Byte.Array[16]).Sample((key, block) =>
            {
                using Aes reference = Aes.Create();
                reference.Key = key;
                byte[] expected = reference.EncryptEcb(block, PaddingMode.None);
                byte[] actual = new byte[16];
                new Aes128(key).EncryptBlock(block, 0, actual, 0);
                Assert.Equal(expected, actual);
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void EncryptBlock_AfterWarmUp_AllocatesNothing()
        {
            var aes = new Aes128(Hex("000102030405060708090a0b0c0d0e0f"));
            byte[] block = new byte[16];
            aes.EncryptBlock(block, 0, block, 0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                aes.EncryptBlock(block, 0, block, 0);
            }

            long after = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(0, after - before);
        }
    }
}
