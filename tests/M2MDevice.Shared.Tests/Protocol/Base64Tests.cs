using System;
using CsCheck;
using M2MDevice.Protocol;

namespace M2MDevice.Tests.Protocol
{
    public class Base64Tests
    {
        // RFC 4648 10: test vectors.
        [Theory]
        [InlineData("", "")]
        [InlineData("f", "Zg==")]
        [InlineData("fo", "Zm8=")]
        [InlineData("foo", "Zm9v")]
        [InlineData("foob", "Zm9vYg==")]
        [InlineData("fooba", "Zm9vYmE=")]
        [InlineData("foobar", "Zm9vYmFy")]
        public void Encode_Rfc4648Vectors_Match(string input, string expected)
        {
            byte[] data = Ascii.GetBytes(input);
            byte[] output = new byte[Base64.EncodedLength(data.Length)];
            Assert.Equal(expected.Length, Base64.Encode(data, 0, data.Length, output, 0));
            Assert.Equal(expected, Ascii.GetString(output));

            byte[] decoded = new byte[data.Length];
            Assert.True(Base64.TryDecode(output, 0, output.Length, decoded, 0, decoded.Length, out int length));
            Assert.Equal(data.Length, length);
            Assert.Equal(input, Ascii.GetString(decoded));
        }

        [Fact]
        public void EncodeAndDecode_RandomData_AgreeWithConvert()
        {
            Gen.Byte.Array[0, 100].Sample(data =>
            {
                byte[] output = new byte[Base64.EncodedLength(data.Length) + 2];
                int length = Base64.Encode(data, 0, data.Length, output, 1);
                Assert.Equal(Convert.ToBase64String(data), Ascii.GetString(output, 1, length));
                byte[] decoded = new byte[data.Length + 3];
                Assert.True(Base64.TryDecode(output, 1, length, decoded, 2, data.Length, out int decodedLength));
                Assert.Equal(data, decoded[2..(2 + decodedLength)]);
            }, iter: 5000, seed: "0Gd7Kq2Vn5Rx");
        }

        [Theory]
        [InlineData("Zg=")] // not a multiple of 4
        [InlineData("Zh==")] // non-zero unused bits
        [InlineData("Zm9=")] // non-zero unused bits
        [InlineData("Z===")] // too much padding
        [InlineData("Zm 9")] // not in the alphabet
        [InlineData("Zm-v")] // URL-safe alphabet is not the standard one
        [InlineData("=m9v")]
        [InlineData("Zg==Zg==")] // padding in the middle
        public void TryDecode_NonCanonical_IsFalse(string text)
        {
            byte[] input = Ascii.GetBytes(text);
            Assert.False(Base64.TryDecode(input, 0, input.Length, new byte[16], 0, 16, out _));
        }

        [Fact]
        public void TryDecode_OutputTooSmall_IsFalse()
        {
            byte[] input = Ascii.GetBytes("Zm9vYmFy");
            Assert.False(Base64.TryDecode(input, 0, input.Length, new byte[5], 0, 5, out _));
        }
    }
}
