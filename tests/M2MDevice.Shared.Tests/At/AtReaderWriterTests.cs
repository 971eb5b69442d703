using System;
using M2MDevice.At;
using static M2MDevice.Shared.Tests.At.AtTestText;

namespace M2MDevice.Shared.Tests.At
{
    public class AtReaderWriterTests
    {
        [Fact]
        public void Writer_AllAppends_ProduceExpectedText()
        {
            var writer = new AtWriter(64);
            writer.Append("AT+X=").AppendInt(0).AppendByte((byte)',').AppendInt(-42).AppendByte((byte)',').AppendInt(2147483647)
                .AppendByte((byte)',').AppendQuoted("a b").AppendByte((byte)',').AppendQuotedHex(new byte[] { 0x0A, 0xFF }, 0, 2)
                .AppendByte((byte)',').AppendQuotedHexNumber(0xC3, 4);
            Assert.Equal("AT+X=0,-42,2147483647,\"a b\",\"0AFF\",\"00C3\"", writer.ToString());
        }

        [Fact]
        public void Writer_OverCapacity_Throws()
        {
            var writer = new AtWriter(4);
            Assert.Throws<InvalidOperationException>(() => writer.Append("AT+CSQ"));
        }

        [Theory]
        [InlineData("a\"b")]
        [InlineData("line\r")]
        [InlineData("caf\u00e9")]
        public void Writer_UnquotableString_Throws(string text)
        {
            Assert.Throws<ArgumentException>(() => new AtWriter(32).AppendQuoted(text));
        }

        [Fact]
        public void Reader_MixedParameters_ReadsEach()
        {
            AtReader reader = Reader("+X: 12 , \"ab\",\"00c3\",,0AFF,7");
            Assert.True(reader.TryExpect("+X:"));
            Assert.True(reader.TryReadInt(out int number));
            Assert.Equal(12, number);
            Assert.True(reader.TryReadComma());
            Assert.True(reader.TryReadQuotedString(8, out string text));
            Assert.Equal("ab", text);
            Assert.True(reader.TryReadComma());
            Assert.True(reader.TryReadHexNumber(4, out int hex));
            Assert.Equal(0xC3, hex);
            Assert.True(reader.TryReadComma());
            Assert.True(reader.TryReadOptionalInt(0, 9, out int omitted));
            Assert.Equal(-1, omitted);
            Assert.True(reader.TryReadComma());
            byte[] bytes = new byte[4];
            Assert.True(reader.TryReadHexBytes(bytes, 0, 4, out int count));
            Assert.Equal(new byte[] { 0x0A, 0xFF }, bytes[..count]);
            Assert.True(reader.TryReadComma());
            Assert.True(reader.TryReadInt(0, 9, out int last));
            Assert.Equal(7, last);
            Assert.True(reader.TryEnd());
        }

        [Theory]
        [InlineData("x", AtParseResult.InvalidNumber)]
        [InlineData("", AtParseResult.MissingParameter)]
        [InlineData("1234567890", AtParseResult.OutOfRange)]
        public void Reader_BadInt_FailsWithReasonAndKeepsPosition(string line, AtParseResult reason)
        {
            AtReader reader = Reader(line);
            Assert.False(reader.TryReadInt(out _));
            Assert.Equal(reason, reader.Error);
            Assert.Equal(0, reader.Position);
        }

        [Theory]
        [InlineData("\"abc", AtParseResult.UnterminatedString)]
        [InlineData("abc", AtParseResult.ExpectedQuote)]
        [InlineData("\"abcdefghi\"", AtParseResult.TooLong)]
        public void Reader_BadQuoted_FailsWithReasonAndKeepsPosition(string line, AtParseResult reason)
        {
            AtReader reader = Reader(line);
            Assert.False(reader.TryReadQuotedString(8, out string value));
            Assert.Null(value);
            Assert.Equal(reason, reader.Error);
            Assert.Equal(0, reader.Position);
        }

        [Theory]
        [InlineData("\"ABC\"", AtParseResult.OddHexLength)]
        [InlineData("\"ABCG\"", AtParseResult.InvalidHex)]
        [InlineData("\"AABBCCDDEE\"", AtParseResult.TooLong)]
        public void Reader_BadHexBytes_FailsWithReasonAndKeepsPosition(string line, AtParseResult reason)
        {
            AtReader reader = Reader(line);
            Assert.False(reader.TryReadHexBytes(new byte[8], 0, 4, out int count));
            Assert.Equal(0, count);
            Assert.Equal(reason, reader.Error);
            Assert.Equal(0, reader.Position);
        }

        [Fact]
        public void Ascii_HexAndCase_Helpers()
        {
            Assert.Equal("00FF10", AtAscii.ToHex(new byte[] { 0, 255, 16 }, 0, 3));
            Assert.Equal(-1, AtAscii.HexValue((byte)'g'));
            Assert.True(AtAscii.EqualsTextIgnoreCase(Bytes("Sim Busy"), 0, 8, "SIM BUSY"));
            Assert.Equal("AT", AtAscii.GetString(AtAscii.GetBytes("AT"), 0, 2));
            Assert.Throws<ArgumentException>(() => AtAscii.GetBytes("\u0100"));
        }
    }
}
