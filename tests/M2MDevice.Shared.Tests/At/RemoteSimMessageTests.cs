using System;
using M2MDevice.At;
using static M2MDevice.Shared.Tests.At.AtTestText;

namespace M2MDevice.Shared.Tests.At
{
    public class RemoteSimMessageTests
    {
        // Golden lines as documented in docs/remote-sim.md.
        private const string InitUrc = "+M2MSIM: 1,\"INIT\"";
        private const string ApduUrc = "+M2MSIM: 2,\"APDU\",\"00A4080C027FFF\"";
        private const string AtrAnswer = "AT+M2MSIM=1,0,\"3B9A96801FC78031E073FE211B\"";
        private const string ApduAnswer = "AT+M2MSIM=2,0,\"9000\"";

        [Fact]
        public void FormatRequest_Golden()
        {
            var writer = new AtWriter(RemoteSimMessage.MaxLineLength);
            RemoteSimMessage.FormatRequest(writer, 1, RemoteSimRequestType.Init, null, 0, 0);
            Assert.Equal(InitUrc, writer.ToString());
            byte[] apdu = Convert.FromHexString("00A4080C027FFF");
            RemoteSimMessage.FormatRequest(writer.Clear(), 2, RemoteSimRequestType.Apdu, apdu, 0, apdu.Length);
            Assert.Equal(ApduUrc, writer.ToString());
            RemoteSimMessage.FormatRequest(writer.Clear(), 65535, RemoteSimRequestType.Deinit, null, 0, 0);
            Assert.Equal("+M2MSIM: 65535,\"DEINIT\"", writer.ToString());
        }

        [Fact]
        public void FormatResponse_Golden()
        {
            var writer = new AtWriter(RemoteSimMessage.MaxLineLength);
            byte[] atr = Convert.FromHexString("3B9A96801FC78031E073FE211B");
            RemoteSimMessage.FormatResponse(writer, 1, RemoteSimStatus.Ok, atr, 0, atr.Length);
            Assert.Equal(AtrAnswer, writer.ToString());
            RemoteSimMessage.FormatResponse(writer.Clear(), 2, RemoteSimStatus.Ok, new byte[] { 0x90, 0x00 }, 0, 2);
            Assert.Equal(ApduAnswer, writer.ToString());
            RemoteSimMessage.FormatResponse(writer.Clear(), 3, RemoteSimStatus.CardNotPowered, new byte[] { 0x90, 0x00 }, 0, 2);
            Assert.Equal("AT+M2MSIM=3,1", writer.ToString());
        }

        [Fact]
        public void TryParseRequest_Golden_Fields()
        {
            var request = new RemoteSimRequest();
            Assert.True(RemoteSimMessage.TryParseRequest(Reader(ApduUrc), request));
            Assert.Equal(2, request.Id);
            Assert.Equal(RemoteSimRequestType.Apdu, request.Type);
            Assert.Equal("00A4080C027FFF", Convert.ToHexString(request.Data, 0, request.DataLength));
            Assert.True(RemoteSimMessage.TryParseRequest(Reader(InitUrc), request));
            Assert.Equal(RemoteSimRequestType.Init, request.Type);
            Assert.Equal(0, request.DataLength);
            Assert.True(RemoteSimMessage.TryParseRequest(Reader("+M2MSIM: 7,\"APDU\",\"00a4080c027fff\""), request));
            Assert.Equal(7, request.Id);
        }

        [Fact]
        public void TryParseResponse_Golden_Fields()
        {
            var response = new RemoteSimResponse();
            Assert.True(RemoteSimMessage.TryParseResponse(Reader(AtrAnswer), response));
            Assert.Equal(1, response.Id);
            Assert.Equal(RemoteSimStatus.Ok, response.Status);
            Assert.Equal(13, response.DataLength);
            Assert.True(RemoteSimMessage.TryParseResponse(Reader("AT+M2MSIM=9,0"), response));
            Assert.Equal(0, response.DataLength);
            Assert.True(RemoteSimMessage.TryParseResponse(Reader("AT+M2MSIM=9,3"), response));
            Assert.Equal(RemoteSimStatus.CardError, response.Status);
        }

        [Theory]
        [InlineData("+M2MSIM: 1,\"APDU\"", AtParseResult.MissingParameter)] // APDU without data
        [InlineData("+M2MSIM: 1,\"INIT\",\"00\"", AtParseResult.TrailingData)] // INIT with data
        [InlineData("+M2MSIM: 1,\"BOOT\"", AtParseResult.UnknownValue)]
        [InlineData("+M2MSIM: 70000,\"INIT\"", AtParseResult.OutOfRange)]
        [InlineData("+M2MSIM: 1,\"APDU\",\"00A408\"", AtParseResult.MissingParameter)] // shorter than a header
        [InlineData("+M2MSIM: 1,\"APDU\",\"00A4080C0\"", AtParseResult.OddHexLength)]
        [InlineData("+M2MSIM: 1,\"APDU\",\"00A4080Z\"", AtParseResult.InvalidHex)]
        [InlineData("+M2MSIM: 1,APDU", AtParseResult.ExpectedQuote)]
        [InlineData("+M2MSIM 1,\"INIT\"", AtParseResult.WrongPrefix)]
        public void TryParseRequest_Malformed_ReasonAndRequestUnchanged(string line, AtParseResult reason)
        {
            var request = new RemoteSimRequest();
            Assert.True(RemoteSimMessage.TryParseRequest(Reader(ApduUrc), request));
            AtReader reader = Reader(line);
            Assert.False(RemoteSimMessage.TryParseRequest(reader, request));
            Assert.Equal(reason, reader.Error);
            Assert.Equal(0, reader.Position);
            Assert.Equal(2, request.Id);
            Assert.Equal("00A4080C027FFF", Convert.ToHexString(request.Data, 0, request.DataLength));
        }

        [Fact]
        public void TryParseRequest_ApduOverLimit_TooLong()
        {
            string line = "+M2MSIM: 1,\"APDU\",\"" + new string('A', 2 * (RemoteSimMessage.MaxCommandApduLength + 1)) + "\"";
            AtReader reader = Reader(line);
            Assert.False(RemoteSimMessage.TryParseRequest(reader, new RemoteSimRequest()));
            Assert.Equal(AtParseResult.TooLong, reader.Error);
        }

        [Fact]
        public void TryParseRequestId_MalformedBody_StillGivesId()
        {
            Assert.True(RemoteSimMessage.TryParseRequestId(Reader("+M2MSIM: 42,\"BOOT\""), out int id));
            Assert.Equal(42, id);
            Assert.False(RemoteSimMessage.TryParseRequestId(Reader("+M2MSIM: x"), out _));
        }

        [Theory]
        [InlineData("AT+M2MSIM=1,1,\"9000\"", AtParseResult.TrailingData)] // error with data
        [InlineData("AT+M2MSIM=1,4", AtParseResult.OutOfRange)]
        [InlineData("AT+M2MSIM=1,0,\"90\"", AtParseResult.MissingParameter)] // shorter than SW1 SW2
        [InlineData("AT+M2MSIM=1", AtParseResult.MissingParameter)]
        public void TryParseResponse_Malformed_Reason(string line, AtParseResult reason)
        {
            AtReader reader = Reader(line);
            Assert.False(RemoteSimMessage.TryParseResponse(reader, new RemoteSimResponse()));
            Assert.Equal(reason, reader.Error);
            Assert.Equal(0, reader.Position);
        }

        [Fact]
        public void RoundTrip_LongestApdus_FitLineLimit()
        {
            var writer = new AtWriter(RemoteSimMessage.MaxLineLength);
            byte[] apdu = new byte[RemoteSimMessage.MaxCommandApduLength];
            new Random(5).NextBytes(apdu);
            RemoteSimMessage.FormatRequest(writer, RemoteSimMessage.MaxId, RemoteSimRequestType.Apdu, apdu, 0, apdu.Length);
            var request = new RemoteSimRequest();
            var reader = new AtReader();
            reader.Reset(writer.Buffer, 0, writer.Length);
            Assert.True(RemoteSimMessage.TryParseRequest(reader, request));
            Assert.Equal(apdu, request.Data[..request.DataLength]);

            byte[] rapdu = new byte[RemoteSimMessage.MaxResponseApduLength];
            new Random(6).NextBytes(rapdu);
            RemoteSimMessage.FormatResponse(writer.Clear(), RemoteSimMessage.MaxId, RemoteSimStatus.Ok, rapdu, 0, rapdu.Length);
            var response = new RemoteSimResponse();
            reader.Reset(writer.Buffer, 0, writer.Length);
            Assert.True(RemoteSimMessage.TryParseResponse(reader, response));
            Assert.Equal(rapdu, response.Data[..response.DataLength]);
        }
    }
}
