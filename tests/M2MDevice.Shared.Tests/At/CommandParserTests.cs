using M2MDevice.At;
using static M2MDevice.Shared.Tests.At.AtTestText;

namespace M2MDevice.Shared.Tests.At
{
    public class CommandParserTests
    {
        [Theory]
        [InlineData("+CREG: 1", false, 1, -1, -1, -1, -1, -1)]
        [InlineData("+CREG: 5,\"00C3\",\"0001A2B3\",7", false, 5, 0xC3, 0x1A2B3, 7, -1, -1)]
        [InlineData("+CREG: 3,\"00C3\",\"0001A2B3\",7,0,11", false, 3, 0xC3, 0x1A2B3, 7, 0, 11)]
        [InlineData("+CREG: 3,,,,0,3", false, 3, -1, -1, -1, 0, 3)]
        [InlineData("+CREG: 2,1,\"FFFE\",\"0FFFFFFF\",2", true, 1, 0xFFFE, 0x0FFFFFFF, 2, -1, -1)]
        [InlineData("+CREG: 3,3,\"00C3\",\"0001A2B3\",7,0,15", true, 3, 0xC3, 0x1A2B3, 7, 0, 15)]
        [InlineData("+CREG:0,2", true, 2, -1, -1, -1, -1, -1)]
        [InlineData("+CREG: 1,\"\",\"\"", false, 1, -1, -1, -1, -1, -1)]
        public void TryParseRegistration_CregForms_Fields(string line, bool read, int status, int area, int cell, int act, int causeType, int cause)
        {
            var state = new RegistrationState();
            Assert.True(NetworkServiceCommands.TryParseRegistration(Reader(line), RegistrationKind.Circuit, read, state));
            Assert.Equal((RegistrationStatus)status, state.Status);
            Assert.Equal(area, state.AreaCode);
            Assert.Equal(cell, state.CellId);
            Assert.Equal(act, state.AccessTechnology);
            Assert.Equal(causeType, state.CauseType);
            Assert.Equal(cause, state.RejectCause);
        }

        [Fact]
        public void TryParseRegistration_CgregWithRacAndCause_Fields()
        {
            var state = new RegistrationState();
            Assert.True(NetworkServiceCommands.TryParseRegistration(Reader("+CGREG: 3,3,\"00C3\",\"0001A2B3\",7,\"12\",0,7"), RegistrationKind.Gprs, true, state));
            Assert.Equal(3, state.Mode);
            Assert.Equal(0x12, state.RoutingAreaCode);
            Assert.Equal(7, state.RejectCause);
            Assert.False(state.IsRegistered);
        }

        [Fact]
        public void TryParseRegistration_CeregWithPsmTimers_TimersSkipped()
        {
            var state = new RegistrationState();
            Assert.True(NetworkServiceCommands.TryParseRegistration(Reader("+CEREG: 4,1,\"2F0A\",\"01A2B3C4\",7,,,\"00100100\",\"01000111\""), RegistrationKind.Eps, true, state));
            Assert.Equal(4, state.Mode);
            Assert.Equal(RegistrationStatus.Home, state.Status);
            Assert.Equal(0x2F0A, state.AreaCode);
            Assert.True(state.IsRegistered);
        }

        [Theory]
        [InlineData("+CREG: 12", AtParseResult.OutOfRange)]
        [InlineData("+CREG: ", AtParseResult.MissingParameter)]
        [InlineData("+CREG: 1,\"XYZ\",\"1\"", AtParseResult.InvalidHex)]
        [InlineData("+CREG: 1,\"00C3\"", AtParseResult.MissingParameter)]
        [InlineData("+CREG: 1,\"00C3\",\"123456789\"", AtParseResult.OutOfRange)]
        [InlineData("+CREG: 1 x", AtParseResult.TrailingData)]
        [InlineData("+CEREG: 1", AtParseResult.WrongPrefix)]
        [InlineData("+CREG: 1,\"00C3", AtParseResult.UnterminatedString)]
        public void TryParseRegistration_Malformed_FailsWithReasonStateUnchanged(string line, AtParseResult reason)
        {
            var state = new RegistrationState();
            AtReader reader = Reader(line);
            Assert.False(NetworkServiceCommands.TryParseRegistration(reader, RegistrationKind.Circuit, false, state));
            Assert.Equal(reason, reader.Error);
            Assert.Equal(0, reader.Position);
            Assert.Equal(-1, state.AreaCode);
            Assert.Equal(RegistrationStatus.NotRegistered, state.Status);
        }

        [Theory]
        [InlineData("+COPS: 0", 0, -1, null, -1)]
        [InlineData("+COPS: 0,2,\"00101\",7", 0, 2, "00101", 7)]
        [InlineData("+COPS: 1,0,\"Test Network\"", 1, 0, "Test Network", -1)]
        public void TryParseOperatorRead_Forms_Fields(string line, int mode, int format, string name, int act)
        {
            var selection = new OperatorSelection();
            Assert.True(NetworkServiceCommands.TryParseOperatorRead(Reader(line), selection));
            Assert.Equal(mode, selection.Mode);
            Assert.Equal(format, selection.Format);
            Assert.Equal(name, selection.Operator);
            Assert.Equal(act, selection.AccessTechnology);
        }

        [Theory]
        [InlineData("+COPS: 5")]
        [InlineData("+COPS: 0,2")]
        [InlineData("+COPS: 0,2,00101")]
        [InlineData("+COPS: 0,2,\"00101\",x")]
        public void TryParseOperatorRead_Malformed_Fails(string line)
        {
            AtReader reader = Reader(line);
            Assert.False(NetworkServiceCommands.TryParseOperatorRead(reader, new OperatorSelection()));
            Assert.NotEqual(AtParseResult.Ok, reader.Error);
            Assert.Equal(0, reader.Position);
        }

        [Fact]
        public void TryParseOperatorList_StandardResponse_AllEntries()
        {
            var list = new OperatorList(8);
            string line = "+COPS: (2,\"M2M Home\",\"M2MH\",\"00101\",7),(1,\"Other Net\",\"ON\",\"00102\",7),(3,\"Forbidden\",\"FB\",\"00103\",2),,(0-4),(0-2)";
            Assert.True(NetworkServiceCommands.TryParseOperatorList(Reader(line), list));
            Assert.Equal(3, list.Count);
            Assert.False(list.Truncated);
            Assert.Equal(2, list.Get(0).Status);
            Assert.Equal("M2M Home", list.Get(0).LongName);
            Assert.Equal("M2MH", list.Get(0).ShortName);
            Assert.Equal("00101", list.Get(0).Numeric);
            Assert.Equal(7, list.Get(0).AccessTechnology);
            Assert.Equal(3, list.Get(2).Status);
            Assert.Equal(2, list.Get(2).AccessTechnology);
        }

        [Theory]
        [InlineData("+COPS: (1,\"A\",\"B\",\"00101\")", 1)] // no AcT
        [InlineData("+COPS: ( 1 , \"A\" , \"B\" , \"00101\" , 7 ) , , (0-4) , (0-2)", 1)] // spaces everywhere
        [InlineData("+COPS: (1,\"\",\"\",\"00101\",7),,(0,1,2,3,4),(0,1,2)", 1)] // empty names, enumerated ranges
        [InlineData("+COPS: (1,,,\"00101\",7)", 1)] // omitted names
        [InlineData("+COPS: (2,\"A\",\"B\",\"00101\",7),(0-4),(0-2)", 1)] // missing ",,"
        [InlineData("+COPS: ,,(0-4),(0-2)", 0)] // nothing found
        [InlineData("+COPS: ", 0)]
        [InlineData("+COPS: (1,\"Name (with) parens\",\"B\",\"00101\",7),,(0-4),(0-2)", 1)]
        public void TryParseOperatorList_Variants_Parsed(string line, int count)
        {
            var list = new OperatorList(4);
            Assert.True(NetworkServiceCommands.TryParseOperatorList(Reader(line), list));
            Assert.Equal(count, list.Count);
            if (count > 0)
            {
                Assert.Equal("00101", list.Get(0).Numeric);
            }
        }

        [Fact]
        public void TryParseOperatorList_MoreThanCapacity_TruncatedFlagged()
        {
            var list = new OperatorList(2);
            string line = "+COPS: (1,\"A\",\"A\",\"00101\",7),(1,\"B\",\"B\",\"00102\",7),(1,\"C\",\"C\",\"00103\",7),,(0-4),(0-2)";
            Assert.True(NetworkServiceCommands.TryParseOperatorList(Reader(line), list));
            Assert.Equal(2, list.Count);
            Assert.Equal(3, list.TotalCount);
            Assert.True(list.Truncated);
            Assert.Equal("00102", list.Get(1).Numeric);
        }

        [Theory]
        [InlineData("+COPS: (1,\"A\",\"B\",\"00101\",7")] // unterminated group
        [InlineData("+COPS: (1,\"A\",\"B\")")] // missing numeric
        [InlineData("+COPS: (x,\"A\",\"B\",\"00101\")")] // bad stat
        [InlineData("+COPS: (1,\"A\",\"B\",\"00101\",7)(0-4)")] // missing separator
        [InlineData("+COPS: junk")]
        [InlineData("+COPS: (0-4x)")]
        [InlineData("+COPS: (1,\"A\",\"B\",\"0010123\",7)")] // numeric too long
        public void TryParseOperatorList_Malformed_FailsListUnchanged(string line)
        {
            var list = new OperatorList(4);
            Assert.True(NetworkServiceCommands.TryParseOperatorList(Reader("+COPS: (1,\"Keep\",\"K\",\"99999\",7)"), list));
            AtReader reader = Reader(line);
            Assert.False(NetworkServiceCommands.TryParseOperatorList(reader, list));
            Assert.Equal(0, reader.Position);
            Assert.NotEqual(AtParseResult.Ok, reader.Error);
            Assert.Equal(1, list.Count);
            Assert.Equal("Keep", list.Get(0).LongName);
        }

        [Theory]
        [InlineData("+CSQ: 20,99", 20, 99)]
        [InlineData("+CSQ: 99,99", 99, 99)]
        [InlineData("+CSQ: 0,7", 0, 7)]
        public void TryParseSignalQuality_Valid(string line, int rssi, int ber)
        {
            Assert.True(MobileTerminationCommands.TryParseSignalQuality(Reader(line), out int r, out int b));
            Assert.Equal(rssi, r);
            Assert.Equal(ber, b);
        }

        [Theory]
        [InlineData("+CSQ: 32,99", AtParseResult.OutOfRange)]
        [InlineData("+CSQ: 20,8", AtParseResult.OutOfRange)]
        [InlineData("+CSQ: 20", AtParseResult.MissingParameter)]
        [InlineData("+CSQ: 20,99,1", AtParseResult.TrailingData)]
        [InlineData("+CSQ 20,99", AtParseResult.WrongPrefix)]
        public void TryParseSignalQuality_Malformed(string line, AtParseResult reason)
        {
            AtReader reader = Reader(line);
            Assert.False(MobileTerminationCommands.TryParseSignalQuality(reader, out _, out _));
            Assert.Equal(reason, reader.Error);
            Assert.Equal(0, reader.Position);
        }

        [Theory]
        [InlineData("+CPIN: READY", PinStatus.Ready)]
        [InlineData("+CPIN: SIM PIN", PinStatus.SimPin)]
        [InlineData("+CPIN: SIM PUK", PinStatus.SimPuk)]
        [InlineData("+CPIN: SIM PIN2", PinStatus.SimPin2)]
        [InlineData("+CPIN: SIM PUK2", PinStatus.SimPuk2)]
        [InlineData("+CPIN: PH-NET PIN", PinStatus.PhoneLock)]
        public void TryParsePinStatus_Codes(string line, PinStatus expected)
        {
            Assert.True(MobileTerminationCommands.TryParsePinStatus(Reader(line), out PinStatus status));
            Assert.Equal(expected, status);
        }

        [Fact]
        public void TryParsePinStatus_Unknown_Fails()
        {
            AtReader reader = Reader("+CPIN: MAYBE");
            Assert.False(MobileTerminationCommands.TryParsePinStatus(reader, out _));
            Assert.Equal(AtParseResult.UnknownValue, reader.Error);
        }

        [Fact]
        public void TryParseFunctionality_ValidAndInvalid()
        {
            Assert.True(MobileTerminationCommands.TryParseFunctionality(Reader("+CFUN: 1"), out int fun));
            Assert.Equal(1, fun);
            Assert.False(MobileTerminationCommands.TryParseFunctionality(Reader("+CFUN: x"), out _));
        }

        [Fact]
        public void TryParseGenericSimAccess_ValidAndLengthMismatch()
        {
            byte[] response = new byte[258];
            Assert.True(MobileTerminationCommands.TryParseGenericSimAccess(Reader("+CSIM: 4,\"9000\""), response, 0, 258, out int count));
            Assert.Equal(2, count);
            Assert.Equal(0x90, response[0]);
            AtReader reader = Reader("+CSIM: 6,\"9000\"");
            Assert.False(MobileTerminationCommands.TryParseGenericSimAccess(reader, response, 0, 258, out _));
            Assert.Equal(AtParseResult.LengthMismatch, reader.Error);
        }

        [Theory]
        [InlineData("+CRSM: 144,0,\"98101430121181157002\"", 144, 0, 10)]
        [InlineData("+CRSM: 106,130", 106, 130, 0)]
        [InlineData("+CRSM: 144,0,", 144, 0, 0)]
        [InlineData("+CRSM: 144,0,0AFF", 144, 0, 2)]
        public void TryParseRestrictedSimAccess_Forms(string line, int sw1, int sw2, int length)
        {
            byte[] response = new byte[256];
            Assert.True(MobileTerminationCommands.TryParseRestrictedSimAccess(Reader(line), out int s1, out int s2, response, 0, 256, out int count));
            Assert.Equal(sw1, s1);
            Assert.Equal(sw2, s2);
            Assert.Equal(length, count);
        }

        [Theory]
        [InlineData("001010123456789", true)]
        [InlineData("00101", false)]
        [InlineData("0010101234567890", false)]
        [InlineData("00101012345678A", false)]
        [InlineData("", false)]
        public void TryParseImsi_Forms(string line, bool valid)
        {
            AtReader reader = Reader(line);
            Assert.Equal(valid, GeneralCommands.TryParseImsi(reader, out string imsi));
            Assert.Equal(valid ? line : null, imsi);
            if (!valid)
            {
                Assert.Equal(0, reader.Position);
            }
        }

        [Theory]
        [InlineData("356938035643809", "356938035643809")]
        [InlineData("+CGSN: 356938035643809", "356938035643809")]
        [InlineData("+CGSN: \"356938035643809\"", "356938035643809")]
        public void TryParseSerialNumber_Forms(string line, string expected)
        {
            Assert.True(GeneralCommands.TryParseSerialNumber(Reader(line), out string serial));
            Assert.Equal(expected, serial);
        }

        [Theory]
        [InlineData("35693803564380X")]
        [InlineData("+CGSN: \"356938035643809")]
        [InlineData("1234")]
        public void TryParseSerialNumber_Malformed(string line)
        {
            AtReader reader = Reader(line);
            Assert.False(GeneralCommands.TryParseSerialNumber(reader, out string serial));
            Assert.Null(serial);
            Assert.Equal(0, reader.Position);
        }

        [Fact]
        public void TryParseInformationText_TextAndPlusLine()
        {
            Assert.True(GeneralCommands.TryParseInformationText(Reader("SIMCOM INCORPORATED"), 64, out string text));
            Assert.Equal("SIMCOM INCORPORATED", text);
            Assert.False(GeneralCommands.TryParseInformationText(Reader("+CREG: 1"), 64, out _));
            Assert.False(GeneralCommands.TryParseInformationText(Reader(""), 64, out _));
        }

        [Theory]
        [InlineData("+CEER: No cause information available", "No cause information available")]
        [InlineData("+CEER: \"EMM cause 15\"", "EMM cause 15")]
        public void TryParseExtendedErrorReport_Forms(string line, string expected)
        {
            Assert.True(GeneralCommands.TryParseExtendedErrorReport(Reader(line), out string report));
            Assert.Equal(expected, report);
        }

        [Fact]
        public void TryParseContext_ReadLine_FirstThreeFields()
        {
            Assert.True(PacketDomainCommands.TryParseContext(Reader("+CGDCONT: 1,\"IP\",\"m2m.example\",\"0.0.0.0\",0,0"), out int cid, out string type, out string apn));
            Assert.Equal(1, cid);
            Assert.Equal("IP", type);
            Assert.Equal("m2m.example", apn);
            Assert.True(PacketDomainCommands.TryParseContext(Reader("+CGDCONT: 2,\"IPV4V6\",\"\""), out _, out _, out apn));
            Assert.Equal(string.Empty, apn);
            Assert.False(PacketDomainCommands.TryParseContext(Reader("+CGDCONT: 0,\"IP\",\"x\""), out _, out _, out _));
        }

        [Fact]
        public void TryParseAttachAndActivation_ValidAndInvalid()
        {
            Assert.True(PacketDomainCommands.TryParseAttach(Reader("+CGATT: 1"), out bool attached));
            Assert.True(attached);
            Assert.False(PacketDomainCommands.TryParseAttach(Reader("+CGATT: 2"), out _));
            Assert.True(PacketDomainCommands.TryParseActivation(Reader("+CGACT: 1,0"), out int cid, out bool active));
            Assert.Equal(1, cid);
            Assert.False(active);
            Assert.False(PacketDomainCommands.TryParseActivation(Reader("+CGACT: 1"), out _, out _));
        }

        [Theory]
        [InlineData("+HTTPACTION: 0,200,1234", 0, 200, 1234)]
        [InlineData("+HTTPACTION: 1,715,0", 1, 715, 0)]
        public void TryParseAction_Urc(string line, int method, int status, int length)
        {
            Assert.True(HttpCommands.TryParseAction(Reader(line), out int m, out int s, out int l));
            Assert.Equal((method, status, length), (m, s, l));
        }

        [Theory]
        [InlineData("+HTTPACTION: 5,200,1")]
        [InlineData("+HTTPACTION: 0,200")]
        [InlineData("+HTTPACTION: 0,1000,1")]
        public void TryParseAction_Malformed(string line)
        {
            AtReader reader = Reader(line);
            Assert.False(HttpCommands.TryParseAction(reader, out _, out _, out _));
            Assert.Equal(0, reader.Position);
        }

        [Theory]
        [InlineData("+HTTPREAD: 512", 512)]
        [InlineData("+HTTPREAD: DATA,512", 512)]
        [InlineData("+HTTPREAD: 0", 0)]
        public void TryParseReadHeader_Forms(string line, int length)
        {
            Assert.True(HttpCommands.TryParseReadHeader(Reader(line), out int parsed));
            Assert.Equal(length, parsed);
        }

        [Theory]
        [InlineData("+HTTPREAD: LEN,512")]
        [InlineData("+HTTPREAD: DATA 512")]
        [InlineData("+HTTPREAD:")]
        public void TryParseReadHeader_NotAHeader(string line)
        {
            Assert.False(HttpCommands.TryParseReadHeader(Reader(line), out _));
        }

        [Fact]
        public void TryParseReadLength_Valid()
        {
            Assert.True(HttpCommands.TryParseReadLength(Reader("+HTTPREAD: LEN,2048"), out int length));
            Assert.Equal(2048, length);
        }
    }
}
