using System;
using CsCheck;
using M2MDevice.Crypto;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Crypto
{
    public class AesCtrTests
    {
        private const string Key = "2b7e151628aed2a6abf7158809cf4f3c";
        private const string InitialCounter = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

        private const string Plaintext =
            "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

        private const string Ciphertext =
            "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";

        [Fact]
        public void Transform_Sp80038aF51_MatchesCiphertext()
        {
            var ctr = new AesCtr(new Aes128(Hex(Key)));
            byte[] output = new byte[64];
            ctr.Transform(Hex(InitialCounter), 0, Hex(Plaintext), 0, output, 0, 64);
            Assert.Equal(Ciphertext, ToHex(output));
        }

        [Fact]
        public void Transform_Sp80038aF52DecryptInPlace_MatchesPlaintext()
        {
            var ctr = new AesCtr(new Aes128(Hex(Key)));
            byte[] buffer = Hex(Ciphertext);
            ctr.Transform(Hex(InitialCounter), 0, buffer, 0, buffer, 0, 64);
            Assert.Equal(Plaintext, ToHex(buffer));
        }

        [Fact]
        public void Transform_InOddPieces_ContinuesKeyStream()
        {
            var ctr = new AesCtr(new Aes128(Hex(Key)));
            byte[] input = Hex(Plaintext);
            byte[] output = new byte[64];
            ctr.Start(Hex(InitialCounter), 0);
            int[] pieces = { 1, 15, 17, 0, 5, 26 };
            int offset = 0;
            foreach (int piece in pieces)
            {
                ctr.Transform(input, offset, output, offset, piece);
                offset += piece;
            }

            Assert.Equal(Ciphertext, ToHex(output));
        }

        [Fact]
        public void Transform_CounterAllOnes_WrapsModulo2To128()
        {
            var aes = new Aes128(Hex(Key));
            var ctr = new AesCtr(aes);
            byte[] counter = Hex("ffffffffffffffffffffffffffffffff");
            byte[] keyStream = new byte[32];
            ctr.Transform(counter, 0, new byte[32], 0, keyStream, 0, 32);
            byte[] expected = new byte[32];
            aes.EncryptBlock(counter, 0, expected, 0);
            aes.EncryptBlock(new byte[16], 0, expected, 16);
            Assert.Equal(expected, keyStream);
        }

        [Fact]
        public void Transform_Twice_RoundTrips()
        {
            Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[16], Gen.Byte.Array[0, 300]).Sample((key, counter, data) =>
            {
                var ctr = new AesCtr(new Aes128(key));
                byte[] buffer = (byte[])data.Clone();
                ctr.Transform(counter, 0, buffer, 0, buffer, 0, buffer.Length);
                ctr.Transform(counter, 0, buffer, 0, buffer, 0, buffer.Length);
                Assert.Equal(data, buffer);
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Transform_AfterWarmUp_AllocatesNothing()
        {
            var ctr = new AesCtr(new Aes128(Hex(Key)));
            byte[] counter = Hex(InitialCounter);
            byte[] buffer = new byte[100];
            ctr.Transform(counter, 0, buffer, 0, buffer, 0, buffer.Length);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                ctr.Transform(counter, 0, buffer, 0, buffer, 0, buffer.Length);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
