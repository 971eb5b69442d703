using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.At;

namespace M2MDevice.Emulator.Tests.Modem
{
    /// <summary>V.250 behaviour, the TS 27.007 commands' forms and error reporting (AT+CMEE=0/1/2) on the wire.</summary>
    public sealed class EmulatedModemCommandTests
    {
        private static AtReader Reader(string line)
        {
            var reader = new AtReader();
            byte[] bytes = Encoding.ASCII.GetBytes(line);
            reader.Reset(bytes, 0, bytes.Length);
            return reader;
        }

        [Fact]
        public async Task Echo_OnByDefault_EchoesCommandLineThenOffAfterAte0()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("ATE1"));
            Assert.Equal(new[] { "AT+CFUN?", "+CFUN: 0", "OK" }, await kit.Dte.CommandAsync("AT+CFUN?"));
            Assert.Equal(new[] { "ATE0", "OK" }, await kit.Dte.CommandAsync("ATE0"));
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT"));
        }

        [Fact]
        public async Task ResultFormat_V0_NumericCodesAndV1Restores()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            // V.250 6.2.6: numeric codes end with S3 alone (0 OK, 4 ERROR); the shared DTE parser does not take them.
            await kit.Dte.SendAsync("ATV0");
            Assert.Equal("0", await kit.Dte.NextAsync());
            await kit.Dte.SendAsync("AT+NOSUCH");
            Assert.Equal("4", await kit.Dte.NextAsync());
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("ATV1"));
        }

        [Fact]
        public async Task SParameters_ReadAndChangeS3_LinesEndWithNewTerminator()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            Assert.Equal(new[] { "013", "OK" }, await kit.Dte.CommandAsync("ATS3?"));
            Assert.Equal(new[] { "010", "OK" }, await kit.Dte.CommandAsync("ATS4?"));

            // S3 = '#': the modem now ends command lines and frames responses with '#' (#LF OK #LF).
            await kit.Dte.SendAsync("ATS3=35");
            Assert.Equal("#", await kit.Dte.NextAsync());
            Assert.Equal("OK#", await kit.Dte.NextAsync());
            await kit.Dte.SendRawAsync(Encoding.ASCII.GetBytes("ATS3=13#"));
            Assert.Equal("OK", await kit.Dte.NextAsync());
            Assert.Equal(new[] { "013", "OK" }, await kit.Dte.CommandAsync("ATS3?"));
        }

        [Theory]
        [InlineData(0, "ERROR")]
        [InlineData(1, "+CME ERROR: 3")]
        [InlineData(2, "+CME ERROR: operation not allowed")]
        public async Task ErrorReporting_EachMode_MeErrorInItsForm(int mode, string expected)
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CMEE=" + mode));
            Assert.Equal(new[] { "+CMEE: " + mode, "OK" }, await kit.Dte.CommandAsync("AT+CMEE?"));
            Assert.Equal(new[] { expected }, await kit.Dte.CommandAsync("AT+CIMI")); // SIM off at AT+CFUN=0
        }

        [Theory]
        [InlineData(0, "ERROR")]
        [InlineData(1, "+CME ERROR: 50")]
        [InlineData(2, "+CME ERROR: incorrect parameters")]
        public async Task ErrorReporting_BadParameter_IncorrectParametersInItsForm(int mode, string expected)
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            await kit.Dte.CommandAsync("AT+CMEE=" + mode);
            Assert.Equal(new[] { expected }, await kit.Dte.CommandAsync("AT+CREG=9"));
            Assert.Equal(new[] { expected }, await kit.Dte.CommandAsync("AT+CFUN=2"));
            Assert.Equal(new[] { expected }, await kit.Dte.CommandAsync("AT+CGDCONT=1,\"X25\",\"apn\""));
            Assert.Equal(new[] { expected }, await kit.Dte.CommandAsync("AT+CSIM=10,\"00A4\""));
        }

        [Fact]
        public async Task UnknownCommandOrSyntax_AnyMode_PlainError()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            await kit.Dte.CommandAsync("AT+CMEE=2");
            Assert.Equal(new[] { "ERROR" }, await kit.Dte.CommandAsync("AT+NOSUCH"));
            Assert.Equal(new[] { "ERROR" }, await kit.Dte.CommandAsync("ATE7"));
            Assert.Equal(new[] { "ERROR" }, await kit.Dte.CommandAsync("ATS99=1"));
        }

        [Fact]
        public async Task LongLine_OverLimit_ErrorAndNextCommandWorks()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            Assert.Equal(new[] { "ERROR" }, await kit.Dte.CommandAsync("AT+CGMI" + new string('A', 5000)));
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT"));
        }

        [Fact]
        public async Task Identification_Commands_TextsTheSharedParsersAccept()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            Assert.Equal(new[] { "M2MDevice", "OK" }, await kit.Dte.CommandAsync("AT+CGMI"));
            Assert.Equal(new[] { "EMU-A7670E", "OK" }, await kit.Dte.CommandAsync("AT+CGMM"));
            Assert.Equal("OK", (await kit.Dte.CommandAsync("AT+CGMR"))[1]);
            List<string> serial = await kit.Dte.CommandAsync("AT+CGSN");
            Assert.True(GeneralCommands.TryParseSerialNumber(Reader(serial[0]), out string imei));
            Assert.Equal("356938035643809", imei);
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CGMI=?"));
        }

        [Fact]
        public async Task CompoundLine_ExtendedCommands_RunInOrderWithOneFinalResult()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            Assert.Equal(new[] { "+CFUN: 0", "+CMEE: 1", "OK" }, await kit.Dte.CommandAsync("AT+CMEE=1;+CFUN?;+CMEE?"));

            // A failing command stops the line: +CMEE? after it does not run.
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+CREG=7;+CMEE?"));
        }

        [Fact]
        public async Task ReadAndTestForms_BeforePowerOn_DefaultsAndRanges()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            Assert.Equal(new[] { "+CFUN: (0,1,4),(0,1)", "OK" }, await kit.Dte.CommandAsync("AT+CFUN=?"));
            Assert.Equal(new[] { "+CREG: (0-3)", "OK" }, await kit.Dte.CommandAsync("AT+CREG=?"));
            Assert.Equal(new[] { "+CEREG: 0,0", "OK" }, await kit.Dte.CommandAsync("AT+CEREG?"));
            Assert.Equal(new[] { "+CSQ: 99,99", "OK" }, await kit.Dte.CommandAsync("AT+CSQ"));
            Assert.Equal(new[] { "+CSQ: (0-31,99),(0-7,99)", "OK" }, await kit.Dte.CommandAsync("AT+CSQ=?"));
            Assert.Equal(new[] { "+COPS: 0", "OK" }, await kit.Dte.CommandAsync("AT+COPS?"));
            Assert.Equal(new[] { "+CGATT: 0", "OK" }, await kit.Dte.CommandAsync("AT+CGATT?"));
            Assert.Equal(new[] { "+CMEE: (0-2)", "OK" }, await kit.Dte.CommandAsync("AT+CMEE=?"));
            Assert.Equal(new[] { "+M2MSIMSEL: 0", "OK" }, await kit.Dte.CommandAsync("AT+M2MSIMSEL?"));
            Assert.Equal(new[] { "+M2MSIMSEL: (0,1)", "OK" }, await kit.Dte.CommandAsync("AT+M2MSIMSEL=?"));
        }

        [Fact]
        public async Task Sim_PowerOn_ReadyImsiAndSignal()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.Dte.CommandAsync("AT+CMEE=2");
            Assert.Equal(new[] { "+CME ERROR: operation not allowed" }, await kit.Dte.CommandAsync("AT+CPIN?"));

            await kit.Dte.CommandAsync("AT+CFUN=1");
            await kit.Dte.WaitForAsync("+CPIN: READY");

            List<string> pin = await kit.Dte.CommandAsync("AT+CPIN?");
            Assert.True(MobileTerminationCommands.TryParsePinStatus(Reader(pin[0]), out PinStatus status));
            Assert.Equal(PinStatus.Ready, status);
            List<string> imsi = await kit.Dte.CommandAsync("AT+CIMI");
            Assert.True(GeneralCommands.TryParseImsi(Reader(imsi[0]), out string value));
            Assert.Equal(ModemTestKit.Imsi, value);
            List<string> signal = await kit.Dte.CommandAsync("AT+CSQ");
            Assert.True(MobileTerminationCommands.TryParseSignalQuality(Reader(signal[0]), out int rssi, out int ber));
            Assert.Equal(24, rssi);
            Assert.Equal(0, ber);
        }

        [Fact]
        public async Task Sim_NoCardInserted_SimNotInserted()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync(withCard: false);
            await kit.Dte.CommandAsync("AT+CMEE=1");
            await kit.Dte.CommandAsync("AT+CFUN=1");

            Assert.Equal(new[] { "+CME ERROR: 10" }, await kit.Dte.CommandAsync("AT+CPIN?"));
            Assert.Equal(new[] { "+CME ERROR: 10" }, await kit.Dte.CommandAsync("AT+CIMI"));
            Assert.Equal(new[] { "+CME ERROR: 10" }, await kit.Dte.CommandAsync("AT+COPS=1,2,\"00101\""));
        }

        [Fact]
        public async Task GenericSimAccess_SelectAndGetResponse_T0ExchangeThroughTheCard()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.PowerOnAsync(eregMode: 0);

            List<string> select = await kit.Dte.CommandAsync("AT+CSIM=14,\"00A40004023F00\"");
            var response = new byte[258];
            Assert.True(MobileTerminationCommands.TryParseGenericSimAccess(Reader(select[0]), response, 0, response.Length, out int count));
            Assert.Equal(2, count);
            Assert.Equal(0x61, response[0]); // TS 102 221 7.3.1.1.4: FCP waiting for GET RESPONSE
            List<string> fcp = await kit.Dte.CommandAsync("AT+CSIM=10,\"00C00000" + response[1].ToString("X2") + "\"");
            Assert.True(MobileTerminationCommands.TryParseGenericSimAccess(Reader(fcp[0]), response, 0, response.Length, out count));
            Assert.Equal(0x62, response[0]);
            Assert.Equal(0x90, response[count - 2]);
        }

        [Fact]
        public async Task RestrictedSimAccess_ReadImsiAndIccid_StatusAndData()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.PowerOnAsync(eregMode: 0);

            List<string> imsi = await kit.Dte.CommandAsync("AT+CRSM=176,28423,0,0,9");
            var data = new byte[256];
            Assert.True(MobileTerminationCommands.TryParseRestrictedSimAccess(Reader(imsi[0]), out int sw1, out int sw2, data, 0, data.Length, out int count));
            Assert.Equal((144, 0, 9), (sw1, sw2, count));
            Assert.True(M2MDevice.Firmware.Usim.UsimEncoding.TryDecodeImsi(data, 0, out string decoded));
            Assert.Equal(ModemTestKit.Imsi, decoded);

            List<string> iccid = await kit.Dte.CommandAsync("AT+CRSM=176,12258,0,0,10");
            Assert.StartsWith("+CRSM: 144,0,\"98", iccid[0]);

            List<string> missing = await kit.Dte.CommandAsync("AT+CRSM=176,28599,0,0,4"); // 6FB7 EF_ECC is linear fixed
            Assert.True(MobileTerminationCommands.TryParseRestrictedSimAccess(Reader(missing[0]), out sw1, out _, data, 0, data.Length, out _));
            Assert.NotEqual(144, sw1);
            Assert.Equal(new[] { "+CME ERROR: incorrect parameters" }, await kit.Dte.CommandAsync("AT+CRSM=177,28423,0,0,9"));
        }

        [Fact]
        public async Task PacketDomain_DefineReadUndefine_AndActivationNeedsAttach()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.Dte.CommandAsync("AT+CMEE=1");

            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CGDCONT=1,\"IP\",\"m2m.test\""));
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CGDCONT=2,\"ipv4v6\",\"other\",\"0.0.0.0\",0,0"));
            List<string> read = await kit.Dte.CommandAsync("AT+CGDCONT?");
            Assert.Equal(new[] { "+CGDCONT: 1,\"IP\",\"m2m.test\"", "+CGDCONT: 2,\"IPV4V6\",\"other\"", "OK" }, read);
            Assert.True(PacketDomainCommands.TryParseContext(Reader(read[0]), out int cid, out string type, out string apn));
            Assert.Equal((1, "IP", "m2m.test"), (cid, type, apn));
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CGDCONT=2"));
            Assert.Equal(new[] { "+CGACT: 1,0", "OK" }, await kit.Dte.CommandAsync("AT+CGACT?"));
            Assert.Equal(new[] { "+CME ERROR: 30" }, await kit.Dte.CommandAsync("AT+CGACT=1,1"));
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+CGACT=1,5"));
            Assert.Equal(new[] { "+CME ERROR: 3" }, await kit.Dte.CommandAsync("AT+CGATT=1")); // AT+CFUN=0
        }

        [Fact]
        public async Task Ceer_Initially_NoCause()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            List<string> lines = await kit.Dte.CommandAsync("AT+CEER");
            Assert.True(GeneralCommands.TryParseExtendedErrorReport(Reader(lines[0]), out string report));
            Assert.Equal("No cause information available", report);
        }

        [Fact]
        public async Task NonCommandLine_WithoutAtPrefix_Ignored()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();

            await kit.Dte.SendAsync("HELLO");
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("at"));
        }
    }
}
