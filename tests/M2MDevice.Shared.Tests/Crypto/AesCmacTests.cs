using System;
using CsCheck;
using M2MDevice.Crypto;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Crypto
{
    public class AesCmacTests
    {
        private const string Key = "2b7e151628aed2a6abf7158809cf4f3c";

        private const string Message =
            "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

        // RFC 4493 4, examples 1-4 (also NIST SP 800-38B D.1).
        [Theory]
        [InlineData(0, "bb1d6929e95937287fa37d129b756746")]
        [InlineData(16, "070a16b46b4d4144f79bdd9dd04a287c")]
        [InlineData(40, "dfa66747de9ae63030ca32611497c827")]
        [InlineData(64, "51f0bebf7e3b9d92fc49741779363cfe")]
        public void Compute_Rfc4493Example_MatchesTag(int length, string tag)
        {
            byte[] message = Hex(Message);
            var cmac = new AesCmac(new Aes128(Hex(Key)));
            byte[] output = new byte[16];
            cmac.Compute(message, 0, length, output, 0);
            Assert.Equal(tag, ToHex(output));
            Assert.True(cmac.Verify(message, 0, length, Hex(tag), 0, 16));
            Assert.True(cmac.Verify(message, 0, length, Hex(tag), 0, 8));

            // Byte by byte gives the same tag (a full last block must not be processed early).
            for (int i = 0; i < length; i++)
            {
                cmac.Update(message, i, 1);
            }

            byte[] incremental = new byte[16];
            cmac.Final(incremental, 0);
            Assert.Equal(tag, ToHex(incremental));
        }

        [Fact]
        public void Verify_OneBitFlipped_ReturnsFalse()
        {
            byte[] message = Hex(Message);
            var cmac = new AesCmac(new Aes128(Hex(Key)));
            byte[] tag = Hex("51f0bebf7e3b9d92fc49741779363cfe");
            tag[15] ^= 1;
            Assert.False(cmac.Verify(message, 0, 64, tag, 0, 16));
            Assert.True(cmac.Verify(message, 0, 64, tag, 0, 15));
        }

        [Fact]
        public void GenerateSubkeys_AfterRekey_MatchesFreshInstance()
        {
            var aes = new Aes128(new byte[16]);
            var cmac = new AesCmac(aes);
            aes.SetKey(Hex(Key), 0);
            cmac.GenerateSubkeys();
            byte[] output = new byte[16];
            cmac.Compute(Hex(Message), 0, 40, output, 0);
            Assert.Equal("dfa66747de9ae63030ca32611497c827", ToHex(output));
        }

        [Fact]
        public void Update_RandomChunking_MatchesOneShot()
        {
            // CsCheck runs samples on several threads: one instance per sample.
            Gen.Byte.Array[0, 200].Select(Gen.Int[0, 40].Array[1, 10]).Sample((data, chunks) =>
            {
                var cmac = new AesCmac(new Aes128(Hex(Key)));
                byte[] expected = new byte[16];
                cmac.Compute(data, 0, data.Length, expected, 0);
                int offset = 0;
                foreach (int chunk in chunks)
                {
                    int take = Math.Min(chunk, data.Length - offset);
                    cmac.Update(data, offset, take);
                    offset += take;
                }

                cmac.Update(data, offset, data.Length - offset);
                byte[] actual = new byte[16];
                cmac.Final(actual, 0);
                Assert.Equal(expected, actual);
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Compute_AfterWarmUp_AllocatesNothing()
        {
            var cmac = new AesCmac(new Aes128(Hex(Key)));
            byte[] data = new byte[100];
            byte[] tag = new byte[16];
            cmac.Compute(data, 0, data.Length, tag, 0);
            cmac.Verify(data, 0, data.Length, tag, 0, 16);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                cmac.Compute(data, 0, data.Length, tag, 0);
                cmac.Verify(data, 0, data.Length, tag, 0, 16);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
