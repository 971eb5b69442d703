using System;
using System.Security.Cryptography;
using CsCheck;
using M2MDevice.Crypto;
using M2MDevice.Host;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Crypto
{
    public class AesNiBlockCipherTests
    {
        private static IBatchBlockCipher CreateHost(byte[] key) => HostBlockCipher.Create(key);

        [Fact]
        public void Create_OnThisHost_PicksHardwareWhenSupported()
        {
            IBatchBlockCipher cipher = HostBlockCipher.Create(new byte[16]);
            if (AesNiBlockCipher.IsSupported)
            {
                Assert.IsType<AesNiBlockCipher>(cipher);
            }
            else
            {
                Assert.IsType<Aes128>(cipher);
                Assert.Throws<PlatformNotSupportedException>(() => new AesNiBlockCipher(new byte[16]));
            }
        }

        [Theory]
        [InlineData("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a")]
        [InlineData("2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734", "3925841d02dc09fbdc118597196a0b32")]
        [InlineData("10a58869d74be5a374cf867cfb473859", "00000000000000000000000000000000", "6d251e6944b051e04eaa6fb4dbf78465")]
        public void EncryptBlock_KnownAnswerInPlace_MatchesVector(string key, string plaintext, string ciphertext)
        {
            IBatchBlockCipher aes = CreateHost(Hex(key));
            byte[] buffer = Hex(plaintext);
            aes.EncryptBlock(buffer, 0, buffer, 0);
            Assert.Equal(ciphertext, ToHex(buffer));
        }

        [Fact]
        public void EncryptBlock_RandomKeysAndBlocks_EqualsAes128AndSystemAes()
        {
            Gen.Byte.Array[16].Select(Gen.Byte.Array[16]).Sample((key, block) =>
            {
                using Aes reference = Aes.Create();
                reference.Key = key;
                byte[] expected = reference.EncryptEcb(block, PaddingMode.None);
                byte[] managed = new byte[16];
                byte[] host = new byte[16];
                new Aes128(key).EncryptBlock(block, 0, managed, 0);
                CreateHost(key).EncryptBlock(block, 0, host, 0);
                Assert.Equal(expected, managed);
                Assert.Equal(expected, host);
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void EncryptBlocks_EveryCountUpTo21_EqualsSystemAesEcb()
        {
            byte[] key = Hex("2b7e151628aed2a6abf7158809cf4f3c");
            using Aes reference = Aes.Create();
            reference.Key = key;
            IBatchBlockCipher host = CreateHost(key);
            var managed = new Aes128(key);
            var random = new Random(20261127);
            for (int count = 0; count <= 21; count++)
            {
                byte[] input = new byte[3 + 16 * count];
                random.NextBytes(input);
                byte[] expected = reference.EncryptEcb(input.AsSpan(3), PaddingMode.None);

                byte[] output = new byte[5 + 16 * count];
                host.EncryptBlocks(input, 3, output, 5, count);
                Assert.Equal(expected, output[5..]);

                byte[] inPlace = (byte[])input.Clone();
                host.EncryptBlocks(inPlace, 3, inPlace, 3, count);
                Assert.Equal(expected, inPlace[3..]);

                byte[] managedOutput = new byte[16 * count];
                managed.EncryptBlocks(input, 3, managedOutput, 0, count);
                Assert.Equal(expected, managedOutput);
            }
        }

        [Fact]
        public void SetKeyAndClear_Rekey_MatchesFreshInstance()
        {
            if (!AesNiBlockCipher.IsSupported)
            {
                return; // Aes128's own tests cover the fallback.
            }

            var aes = new AesNiBlockCipher(new byte[16]);
            byte[] keyBuffer = new byte[30];
            Hex("000102030405060708090a0b0c0d0e0f").CopyTo(keyBuffer, 9);
            aes.Clear();
            aes.SetKey(keyBuffer, 9);
            byte[] output = new byte[16];
            aes.EncryptBlock(Hex("00112233445566778899aabbccddeeff"), 0, output, 0);
            Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", ToHex(output));
        }

        [Fact]
        public void EncryptBlocks_AfterWarmUp_AllocatesNothing()
        {
            IBatchBlockCipher aes = CreateHost(Hex("000102030405060708090a0b0c0d0e0f"));
            byte[] blocks = new byte[16 * 13];
            aes.EncryptBlocks(blocks, 0, blocks, 0, 13);
            aes.EncryptBlock(blocks, 0, blocks, 0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                aes.EncryptBlocks(blocks, 0, blocks, 0, 13);
                aes.EncryptBlock(blocks, 0, blocks, 0);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
