using M2MDevice.At;
using static M2MDevice.Shared.Tests.At.AtTestText;

namespace M2MDevice.Shared.Tests.At
{
    public class AtFinalResultTests
    {
        [Theory]
        [InlineData("OK", AtResultCode.Ok, -1)]
        [InlineData("ERROR", AtResultCode.Error, -1)]
        [InlineData("CONNECT", AtResultCode.Connect, -1)]
        [InlineData("CONNECT 115200", AtResultCode.Connect, -1)]
        [InlineData("NO CARRIER", AtResultCode.NoCarrier, -1)]
        [InlineData("BUSY", AtResultCode.Busy, -1)]
        [InlineData("NO ANSWER", AtResultCode.NoAnswer, -1)]
        [InlineData("NO DIALTONE", AtResultCode.NoDialtone, -1)]
        [InlineData("+CME ERROR: 10", AtResultCode.CmeError, 10)]
        [InlineData("+CME ERROR:3", AtResultCode.CmeError, 3)]
        [InlineData("+CME ERROR: 0", AtResultCode.CmeError, 0)]
        [InlineData("+CME ERROR: SIM not inserted", AtResultCode.CmeError, 10)]
        [InlineData("+CME ERROR: sim PIN required", AtResultCode.CmeError, 11)]
        [InlineData("+CME ERROR: operation not allowed ", AtResultCode.CmeError, 3)]
        [InlineData("+CME ERROR: PLMN not allowed", AtResultCode.CmeError, 111)]
        [InlineData("+CME ERROR: incorrect parameters", AtResultCode.CmeError, 50)]
        [InlineData("+CME ERROR: something vendor specific", AtResultCode.CmeError, -1)]
        [InlineData("+CME ERROR:", AtResultCode.CmeError, -1)]
        [InlineData("+CME ERROR: 99999999999", AtResultCode.CmeError, -1)]
        [InlineData("+CMS ERROR: 500", AtResultCode.CmsError, 500)]
        [InlineData("+CMS ERROR: unknown error", AtResultCode.CmsError, -1)]
        public void TryParse_FinalResultForms_CodeAndNumber(string line, AtResultCode code, int number)
        {
            byte[] bytes = Bytes(line);
            Assert.True(AtFinalResult.TryParse(bytes, 0, bytes.Length, out AtResultCode parsed, out int errorNumber));
            Assert.Equal(code, parsed);
            Assert.Equal(number, errorNumber);
        }

        [Theory]
        [InlineData("")]
        [InlineData("OK ")]
        [InlineData("ok")]
        [InlineData("OKAY")]
        [InlineData("CONNECTED")]
        [InlineData("0")]
        [InlineData("+CSQ: 20,99")]
        [InlineData("RING")]
        [InlineData("ERROR:")]
        [InlineData("+CME ERRORS: 3")]
        public void TryParse_NotFinal_False(string line)
        {
            byte[] bytes = Bytes(line);
            Assert.False(AtFinalResult.TryParse(bytes, 0, bytes.Length, out AtResultCode code, out int number));
            Assert.Equal(AtResultCode.None, code);
            Assert.Equal(AtFinalResult.NoErrorNumber, number);
        }

        [Theory]
        [InlineData(AtResultCode.Ok, -1, false, "OK")]
        [InlineData(AtResultCode.Error, -1, false, "ERROR")]
        [InlineData(AtResultCode.CmeError, 10, false, "+CME ERROR: 10")]
        [InlineData(AtResultCode.CmeError, 10, true, "+CME ERROR: SIM not inserted")]
        [InlineData(AtResultCode.CmeError, 777, true, "+CME ERROR: 777")]
        [InlineData(AtResultCode.CmsError, 302, true, "+CMS ERROR: 302")]
        [InlineData(AtResultCode.NoCarrier, -1, false, "NO CARRIER")]
        public void Format_ThenParse_RoundTrips(AtResultCode code, int number, bool verbose, string expected)
        {
            var writer = new AtWriter(64);
            AtFinalResult.Format(writer, code, number, verbose);
            Assert.Equal(expected, writer.ToString());
            Assert.True(AtFinalResult.TryParse(writer.Buffer, 0, writer.Length, out AtResultCode parsed, out int parsedNumber));
            Assert.Equal(code, parsed);
            Assert.Equal(number, parsedNumber);
        }

        [Fact]
        public void Format_ChannelOnlyCode_Throws()
        {
            Assert.Throws<System.ArgumentOutOfRangeException>(() => AtFinalResult.Format(new AtWriter(16), AtResultCode.Timeout, -1, false));
        }
    }
}
