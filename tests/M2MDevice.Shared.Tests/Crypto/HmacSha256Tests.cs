using System;
using System.Linq;
using System.Text;
using CsCheck;
using M2MDevice.Crypto;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Crypto
{
    public class HmacSha256Tests
    {
        private const string Case7Data =
            "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.";

        // RFC 4231 4.2-4.8, test cases 1-7 (HMAC-SHA-256 column; case 5 is truncated to 128 bits).
        [Theory]
        [InlineData(1, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
        [InlineData(2, "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
        [InlineData(3, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")]
        [InlineData(4, "0102030405060708090a0b0c0d0e0f10111213141516171819", "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")]
        [InlineData(5, "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e", "a3b6167473100ee06e0c796c2955552b")]
        [InlineData(6, "aa*131", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
        [InlineData(7, "aa*131", "case7", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")]
        public void Compute_Rfc4231Case_MatchesTag(int testCase, string key, string data, string tag)
        {
            Assert.InRange(testCase, 1, 7);
            byte[] keyBytes = key == "aa*131" ? Enumerable.Repeat((byte)0xaa, 131).ToArray() : Hex(key);
            byte[] dataBytes = data == "case7" ? Encoding.ASCII.GetBytes(Case7Data) : Hex(data);
            var hmac = new HmacSha256(keyBytes);
            byte[] output = new byte[32];
            hmac.Compute(dataBytes, 0, dataBytes.Length, output, 0);
            Assert.Equal(tag, ToHex(output)[..tag.Length]);

            // The same instance gives the same tag when fed byte by byte.
            for (int i = 0; i < dataBytes.Length; i++)
            {
                hmac.Update(dataBytes, i, 1);
            }

            byte[] incremental = new byte[32];
            hmac.Final(incremental, 0);
            Assert.Equal(output, incremental);
        }

        [Fact]
        public void Compute_RandomKeysDataAndChunking_MatchesSystemHmac()
        {
            Gen.Select(Gen.Byte.Array[0, 150], Gen.Byte.Array[0, 400], Gen.Int[0, 100].Array[1, 8]).Sample((key, data, chunks) =>
            {
                var hmac = new HmacSha256(key);
                int offset = 0;
                foreach (int chunk in chunks)
                {
                    int take = Math.Min(chunk, data.Length - offset);
                    hmac.Update(data, offset, take);
                    offset += take;
                }

                hmac.Update(data, offset, data.Length - offset);
                byte[] actual = new byte[32];
                hmac.Final(actual, 0);
                Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(key, data), actual);
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void SetKey_Rekey_MatchesFreshInstance()
        {
            byte[] data = Encoding.ASCII.GetBytes("what do ya want for nothing?");
            var hmac = new HmacSha256(new byte[100]);
            byte[] keyBuffer = Hex("00004a65666500");
            hmac.SetKey(keyBuffer, 2, 4);
            byte[] output = new byte[32];
            hmac.Compute(data, 0, data.Length, output, 0);
            Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", ToHex(output));
        }

        [Fact]
        public void Compute_AfterWarmUp_AllocatesNothing()
        {
            var hmac = new HmacSha256(new byte[32]);
            byte[] data = new byte[200];
            byte[] output = new byte[32];
            hmac.Compute(data, 0, data.Length, output, 0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                hmac.SetKey(output, 0, 32);
                hmac.Compute(data, 0, data.Length, output, 0);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
