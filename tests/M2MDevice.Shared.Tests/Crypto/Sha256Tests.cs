using System;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using static M2MDevice.Tests.TestVectors;
using Sha256 = M2MDevice.Crypto.Sha256;

namespace M2MDevice.Tests.Crypto
{
    public class Sha256Tests
    {
        // FIPS 180-2 Appendix B / NIST CSRC SHA-256 examples.
        [Theory]
        [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
        [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
        [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
        public void Hash_Fips180Example_MatchesDigest(string message, string digest)
        {
            byte[] data = Encoding.ASCII.GetBytes(message);
            byte[] output = new byte[32];
            Sha256.Hash(data, 0, data.Length, output, 0);
            Assert.Equal(digest, ToHex(output));
        }

        [Fact]
        public void Update_MillionA_MatchesFips180Digest()
        {
            byte[] chunk = new byte[1000];
            Array.Fill(chunk, (byte)'a');
            var sha = new Sha256();
            for (int i = 0; i < 1000; i++)
            {
                sha.Update(chunk, 0, chunk.Length);
            }

            byte[] output = new byte[32];
            sha.Final(output, 0);
            Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", ToHex(output));
        }

        [Fact]
        public void Final_ThenReuse_StartsNewMessage()
        {
            var sha = new Sha256();
            byte[] abc = Encoding.ASCII.GetBytes("abc");
            byte[] output = new byte[40];
            sha.Update(abc, 0, 3);
            sha.Final(output, 0);
            sha.Update(abc, 0, 3);
            sha.Final(output, 8);
            Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ToHex(output[8..]));
        }

        [Fact]
        public void Update_RandomDataAndChunking_MatchesSystemSha256()
        {
            Gen.Byte.Array[0, 600].Select(Gen.Int[0, 130].Array[1, 12]).Sample((data, chunks) =>
            {
                var sha = new Sha256();
                int offset = 0;
                foreach (int chunk in chunks)
                {
                    int take = Math.Min(chunk, data.Length - offset);
                    sha.Update(data, offset, take);
                    offset += take;
                }

                sha.Update(data, offset, data.Length - offset);
                byte[] actual = new byte[32];
                sha.Final(actual, 0);
                Assert.Equal(SHA256.HashData(data), actual);
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void UpdateFinal_AfterWarmUp_AllocatesNothing()
        {
            var sha = new Sha256();
            byte[] data = new byte[300];
            byte[] output = new byte[32];
            sha.Update(data, 0, data.Length);
            sha.Final(output, 0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                sha.Update(data, 0, 7);
                sha.Update(data, 7, data.Length - 7);
                sha.Final(output, 0);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Fact]
        public void Update_BadRange_Throws()
        {
            var sha = new Sha256();
            Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(new byte[4], 2, 3));
            Assert.Throws<ArgumentNullException>(() => sha.Update(null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => sha.Final(new byte[31], 0));
        }
    }
}
