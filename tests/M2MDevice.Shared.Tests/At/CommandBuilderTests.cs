using System;
using M2MDevice.At;

namespace M2MDevice.Shared.Tests.At
{
    public class CommandBuilderTests
    {
        private delegate void Build(AtWriter writer);

        private static string Text(Build build)
        {
            var writer = new AtWriter(600);
            build(writer);
            return writer.ToString();
        }

        [Fact]
        public void Builders_General_ExactText()
        {
            Assert.Equal("ATE0", Text(w => GeneralCommands.WriteEcho(w, false)));
            Assert.Equal("ATE1", Text(w => GeneralCommands.WriteEcho(w, true)));
            Assert.Equal("AT+CMEE=2", Text(w => GeneralCommands.WriteErrorReporting(w, 2)));
            Assert.Equal("AT+CGMI", Text(GeneralCommands.WriteManufacturer));
            Assert.Equal("AT+CGMM", Text(GeneralCommands.WriteModel));
            Assert.Equal("AT+CGMR", Text(GeneralCommands.WriteRevision));
            Assert.Equal("AT+CGSN", Text(GeneralCommands.WriteSerialNumber));
            Assert.Equal("AT+CIMI", Text(GeneralCommands.WriteImsi));
            Assert.Equal("AT+CEER", Text(GeneralCommands.WriteExtendedErrorReport));
            Assert.Throws<ArgumentOutOfRangeException>(() => Text(w => GeneralCommands.WriteErrorReporting(w, 3)));
        }

        [Fact]
        public void Builders_MobileTermination_ExactText()
        {
            Assert.Equal("AT+CFUN=1", Text(w => MobileTerminationCommands.WriteFunctionality(w, 1, false)));
            Assert.Equal("AT+CFUN=1,1", Text(w => MobileTerminationCommands.WriteFunctionality(w, 1, true)));
            Assert.Equal("AT+CFUN?", Text(MobileTerminationCommands.WriteFunctionalityRead));
            Assert.Equal("AT+CPIN?", Text(MobileTerminationCommands.WritePinRead));
            Assert.Equal("AT+CSQ", Text(MobileTerminationCommands.WriteSignalQuality));
            byte[] select = { 0x00, 0xA4, 0x00, 0x04, 0x02, 0x3F, 0x00 };
            Assert.Equal("AT+CSIM=14,\"00A40004023F00\"", Text(w => MobileTerminationCommands.WriteGenericSimAccess(w, select, 0, select.Length)));
            Assert.Equal("AT+CRSM=176,28423,0,0,9", Text(w => MobileTerminationCommands.WriteRestrictedSimAccess(w, 176, 0x6F07, 0, 0, 9, null, 0, 0)));
            Assert.Equal("AT+CRSM=214,28539,0,0,2,\"FFFF\"", Text(w => MobileTerminationCommands.WriteRestrictedSimAccess(w, 214, 0x6F7B, 0, 0, 2, new byte[] { 0xFF, 0xFF }, 0, 2)));
        }

        [Fact]
        public void Builders_Network_ExactText()
        {
            Assert.Equal("AT+COPS=1,2,\"00101\",7", Text(w => NetworkServiceCommands.WriteOperatorManual(w, "00101", 7)));
            Assert.Equal("AT+COPS=1,2,\"310260\"", Text(w => NetworkServiceCommands.WriteOperatorManual(w, "310260", -1)));
            Assert.Equal("AT+COPS=0", Text(NetworkServiceCommands.WriteOperatorAutomatic));
            Assert.Equal("AT+COPS=2", Text(NetworkServiceCommands.WriteOperatorDeregister));
            Assert.Equal("AT+COPS=3,2", Text(w => NetworkServiceCommands.WriteOperatorFormat(w, 2)));
            Assert.Equal("AT+COPS?", Text(NetworkServiceCommands.WriteOperatorRead));
            Assert.Equal("AT+COPS=?", Text(NetworkServiceCommands.WriteOperatorTest));
            Assert.Equal("AT+CREG=3", Text(w => NetworkServiceCommands.WriteRegistrationReporting(w, RegistrationKind.Circuit, 3)));
            Assert.Equal("AT+CGREG=2", Text(w => NetworkServiceCommands.WriteRegistrationReporting(w, RegistrationKind.Gprs, 2)));
            Assert.Equal("AT+CEREG?", Text(w => NetworkServiceCommands.WriteRegistrationRead(w, RegistrationKind.Eps)));
            Assert.Throws<ArgumentException>(() => Text(w => NetworkServiceCommands.WriteOperatorManual(w, "0010A", 7)));
        }

        [Fact]
        public void Builders_PacketDomain_ExactText()
        {
            Assert.Equal("AT+CGDCONT=1,\"IP\",\"m2m.example\"", Text(w => PacketDomainCommands.WriteDefineContext(w, 1, "IP", "m2m.example")));
            Assert.Equal("AT+CGDCONT?", Text(PacketDomainCommands.WriteContextRead));
            Assert.Equal("AT+CGATT=1", Text(w => PacketDomainCommands.WriteAttach(w, true)));
            Assert.Equal("AT+CGATT?", Text(PacketDomainCommands.WriteAttachRead));
            Assert.Equal("AT+CGACT=1,1", Text(w => PacketDomainCommands.WriteActivate(w, true, 1)));
            Assert.Equal("AT+CGACT?", Text(PacketDomainCommands.WriteActivationRead));
        }

        [Fact]
        public void Builders_SimcomHttpAndSsl_ExactText()
        {
            Assert.Equal("AT+HTTPINIT", Text(HttpCommands.WriteInit));
            Assert.Equal("AT+HTTPTERM", Text(HttpCommands.WriteTerm));
            Assert.Equal("AT+HTTPPARA=\"URL\",\"https://rs.example/bootstrap\"", Text(w => HttpCommands.WriteParameter(w, "URL", "https://rs.example/bootstrap")));
            Assert.Equal("AT+HTTPPARA=\"SSLCFG\",0", Text(w => HttpCommands.WriteParameter(w, "SSLCFG", 0)));
            Assert.Equal("AT+HTTPDATA=120,10", Text(w => HttpCommands.WriteData(w, 120, 10)));
            Assert.Equal("AT+HTTPACTION=1", Text(w => HttpCommands.WriteAction(w, HttpCommands.MethodPost)));
            Assert.Equal("AT+HTTPREAD?", Text(HttpCommands.WriteReadLength));
            Assert.Equal("AT+HTTPREAD=0,512", Text(w => HttpCommands.WriteRead(w, 0, 512)));
            Assert.Equal("AT+CCERTDOWN=\"rs-ca.pem\",1187", Text(w => SslCommands.WriteCertificateDownload(w, "rs-ca.pem", 1187)));
            Assert.Equal("AT+CSSLCFG=\"authmode\",0,1", Text(w => SslCommands.WriteContextParameter(w, "authmode", 0, SslCommands.AuthenticationServer)));
            Assert.Equal("AT+CSSLCFG=\"cacert\",0,\"rs-ca.pem\"", Text(w => SslCommands.WriteContextFile(w, "cacert", 0, "rs-ca.pem")));
            Assert.Throws<ArgumentOutOfRangeException>(() => Text(w => HttpCommands.WriteData(w, 0, 10)));
            Assert.Throws<ArgumentOutOfRangeException>(() => Text(w => SslCommands.WriteContextParameter(w, "authmode", 10, 1)));
        }

        [Fact]
        public void FormatRegistrationUrc_Mode3WithCause_ParsesBack()
        {
            var writer = new AtWriter(80);
            NetworkServiceCommands.FormatRegistrationUrc(writer, RegistrationKind.Eps, 3, RegistrationStatus.Denied, 0x00C3, 0x1A2B3C, 7, 11);
            Assert.Equal("+CEREG: 3,\"00C3\",\"001A2B3C\",7,0,11", writer.ToString());
            var reader = new AtReader();
            reader.Reset(writer.Buffer, 0, writer.Length);
            var state = new RegistrationState();
            Assert.True(NetworkServiceCommands.TryParseRegistration(reader, RegistrationKind.Eps, false, state));
            Assert.Equal(RegistrationStatus.Denied, state.Status);
            Assert.Equal(11, state.RejectCause);
            Assert.Equal(0, state.CauseType);
        }
    }
}
