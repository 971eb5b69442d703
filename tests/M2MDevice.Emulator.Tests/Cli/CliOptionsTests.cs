using CsCheck;
using M2MDevice.Cli;

namespace M2MDevice.Emulator.Tests.Cli
{
    public class CliOptionsTests
    {
        [Theory]
        [InlineData("0", 0L)]
        [InlineData("42", 42L)]
        [InlineData("0x2a", 42L)]
        [InlineData("0X2A", 42L)]
        [InlineData("0xff9bb4d0b607", 0xff9bb4d0b607L)]
        [InlineData("281474976710655", 281474976710655L)]
        public void TryParseNumber_DecimalOrHex_ParsesValue(string text, long expected)
        {
            Assert.True(CliOptions.TryParseNumber(text, out long value, out string problem));
            Assert.Null(problem);
            Assert.Equal(expected, value);
        }

        [Theory]
        [InlineData("")]
        [InlineData("-1")]
        [InlineData("+1")]
        [InlineData("1.5")]
        [InlineData("0x")]
        [InlineData("0xg1")]
        [InlineData("12a")]
        [InlineData("99999999999999999999")]
        [InlineData("0xffffffffffffffff")]
        [InlineData("0x10000000000000000")]
        public void TryParseNumber_Malformed_ReturnsFalseWithProblem(string text)
        {
            Assert.False(CliOptions.TryParseNumber(text, out long value, out string problem));
            Assert.Equal(0, value);
            Assert.False(string.IsNullOrEmpty(problem));
        }

        [Theory]
        [InlineData("00ff", new byte[] { 0x00, 0xff })]
        [InlineData("00FF", new byte[] { 0x00, 0xff })]
        [InlineData("0xAbCd", new byte[] { 0xab, 0xcd })]
        public void TryParseHex_WellFormed_ParsesBytes(string text, byte[] expected)
        {
            Assert.True(CliOptions.TryParseHex(text, out byte[] bytes, out _));
            Assert.Equal(expected, bytes);
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData("abc", "odd number")]
        [InlineData("zz", "not hex")]
        [InlineData("0 11", "not hex")]
        [InlineData("0x", "empty")]
        public void TryParseHex_Malformed_ReturnsFalseWithProblem(string text, string expectedProblem)
        {
            Assert.False(CliOptions.TryParseHex(text, out byte[] bytes, out string problem));
            Assert.Null(bytes);
            Assert.Contains(expectedProblem, problem);
        }

        [Fact]
        public void TryParseHex_RandomBytes_RoundTripsThroughToHex()
        {
            Gen.Byte.Array[1, 64].Sample(
                bytes =>
                {
                    Assert.True(CliOptions.TryParseHex(CliOptions.ToHex(bytes), out byte[] parsed, out _));
                    Assert.Equal(bytes, parsed);
                    Assert.Equal(CliOptions.ToHex(bytes).ToLowerInvariant(), CliOptions.ToHex(bytes));
                },
                iter: 2000,
                seed: "0N0XIzNsQ0O2");
        }
    }
}
