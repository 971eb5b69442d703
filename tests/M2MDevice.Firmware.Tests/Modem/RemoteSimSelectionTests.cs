using M2MDevice.At;
using M2MDevice.Firmware.Modem;

namespace M2MDevice.Firmware.Tests.Modem
{
    public sealed class RemoteSimSelectionTests
    {
        [Theory]
        [InlineData(true, "AT+M2MSIMSEL=1")]
        [InlineData(false, "AT+M2MSIMSEL=0")]
        public void Select_WriteThenParse_RoundTrips(bool remote, string line)
        {
            var writer = new AtWriter(64);
            RemoteSimMessage.WriteSelect(writer, remote);
            Assert.Equal(line, writer.ToString());

            var reader = new AtReader();
            reader.Reset(writer.Buffer, 0, writer.Length);
            Assert.True(RemoteSimMessage.TryParseSelect(reader, out bool parsed));
            Assert.Equal(remote, parsed);

            writer.Clear();
            RemoteSimMessage.FormatSelectRead(writer, remote);
            Assert.Equal("+M2MSIMSEL: " + (remote ? "1" : "0"), writer.ToString());
            reader.Reset(writer.Buffer, 0, writer.Length);
            Assert.True(RemoteSimMessage.TryParseSelectRead(reader, out parsed));
            Assert.Equal(remote, parsed);
        }

        [Theory]
        [InlineData("AT+M2MSIMSEL=2")]
        [InlineData("AT+M2MSIMSEL")]
        [InlineData("AT+M2MSIMSEL=1,0")]
        [InlineData("AT+M2MSIM=1,0")]
        public void Select_Malformed_Rejected(string line)
        {
            var reader = new AtReader();
            byte[] bytes = AtAscii.GetBytes(line);
            reader.Reset(bytes, 0, bytes.Length);
            Assert.False(RemoteSimMessage.TryParseSelect(reader, out _));
            Assert.Equal(0, reader.Position);
        }

        [Fact]
        public void Responder_SynchronisationFailureThroughGetResponse_Counted()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            h.Card.AuthenticateAnswer = new byte[] { 0x61, 0x10 };
            h.Card.GetResponseAnswer = System.Convert.FromHexString("DC0E0102030405060708090A0B0C0D0E9000");
            h.Modem.Expect("AT+M2MSIM=1,0,\"6110\"", CellularStateMachineTests.L("OK", "+M2MSIM: 2,\"APDU\",\"00C0000010\""));
            h.Modem.Expect("AT+M2MSIM=2,0,\"DC0E0102030405060708090A0B0C0D0E9000\"", CellularStateMachineTests.L("OK"));

            h.Modem.Unsolicited(CellularStateMachineTests.L("+M2MSIM: 1,\"APDU\",\"0088008122" + new string('0', 68) + "\""));
            h.Pump();
            h.Advance(100);

            Assert.Equal(1, h.RemoteSim.AuthenticationRequests);
            Assert.Equal(1, h.RemoteSim.SynchronisationFailures);
            Assert.Equal(0, h.RemoteSim.MacFailures);
            Assert.Equal(1, h.Cellular.SynchronisationFailureCount);
            Assert.Empty(h.Modem.Failures);
            Assert.True(h.Modem.Finished);
        }
    }
}
