using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using static M2MDevice.Firmware.Tests.Modem.CellularStateMachineTests;

namespace M2MDevice.Firmware.Tests.Modem
{
    public sealed class ModemHttpsTransportTests
    {
        private const string Url = "https://rs.example:8443/m2m/bootstrap";

        // A request body that contains every byte sequence that could end a line-based read early.
        private static readonly byte[] RequestBody = Encoding.Latin1.GetBytes("\r\nOK\r\n\0\u00FF> DOWNLOAD\r\nERROR\r\n+HTTPACTION: 1,200,3\r\n");

        private static readonly byte[] ResponseBody = Encoding.Latin1.GetBytes("\u0001\r\n+HTTPREAD: 0\r\nOK\r\n\u0000\u00FE>");

        private static readonly byte[] Anchor = Enumerable.Range(0, 700).Select(i => (byte)((i * 37) + 11)).ToArray();

        public static IEnumerable<object[]> Chunkings() =>
            new[] { new object[] { Chunking.Whole }, new object[] { Chunking.ByteByByte }, new object[] { Chunking.Random } };

        [Theory]
        [MemberData(nameof(Chunkings))]
        public void Post_BinaryBodies_CompletedWithExactResponse(Chunking chunking)
        {
            var h = new CellularHarness(chunking, 21);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            Prepare(h.Modem);
            SendBody(h.Modem, RequestBody);
            h.Modem.Expect("AT+HTTPACTION=1", L("OK", $"+HTTPACTION: 1,200,{ResponseBody.Length}"));
            Read(h.Modem, ResponseBody);
            Term(h.Modem);

            Assert.True(h.Transport.TryBeginPost(Url, Anchor, Pad(RequestBody), 3, RequestBody.Length));
            h.RunUntilEvent(10000);

            Assert.Equal($"POST Completed 200 {Convert.ToHexString(ResponseBody)}", Assert.Single(h.Events));
            Assert.Equal(HttpsTransportState.Idle, h.Transport.State);
            Assert.Equal(1, h.Transport.CertificateUploads);
            AssertScriptDone(h);
        }

        [Fact]
        public void Post_AnyChunking_IdenticalTranscriptOfCommands()
        {
            var runs = new List<string>();
            foreach (Chunking chunking in new[] { Chunking.Whole, Chunking.ByteByByte, Chunking.Random })
            {
                for (int seed = 0; seed < 4; seed++)
                {
                    var h = new CellularHarness(chunking, seed);
                    string name = ExpectedName(Anchor);
                    Upload(h.Modem, name, Anchor);
                    Tls(h.Modem, name);
                    Prepare(h.Modem);
                    SendBody(h.Modem, RequestBody);
                    h.Modem.Expect("AT+HTTPACTION=1", L("OK", $"+HTTPACTION: 1,201,{ResponseBody.Length}"));
                    Read(h.Modem, ResponseBody);
                    Term(h.Modem);
                    h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
                    h.RunUntilEvent(10000);
                    runs.Add(string.Join("\n", h.Events.Concat(h.LogLines).Concat(h.Modem.CommandLines.Select(c => c.Value))));
                }
            }

            Assert.All(runs, r => Assert.Equal(runs[0], r));
        }

        [Fact]
        public void Post_SameAnchorTwice_UploadsOncePerPowerCycle()
        {
            var h = new CellularHarness(Chunking.Random, 2);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            ScriptEmptyResponse(h, name);
            ScriptEmptyResponse(h, name);

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);
            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);

            Assert.Equal(new[] { "POST Completed 204 ", "POST Completed 204 " }, h.Events);
            Assert.Equal(1, h.Transport.CertificateUploads);
            AssertScriptDone(h);

            // After a modem restart the file must be uploaded again.
            h.Transport.ForgetUploadedCertificates();
            Upload(h.Modem, name, Anchor);
            ScriptEmptyResponse(h, name);
            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);
            Assert.Equal(2, h.Transport.CertificateUploads);
            AssertScriptDone(h);
        }

        [Fact]
        public void CertificateName_DerivedFromDerHash()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            Assert.Equal(ExpectedName(Anchor), h.Transport.CertificateName(Anchor));
            Assert.Matches("^m2m[0-9A-F]{16}\\.pem$", h.Transport.CertificateName(Anchor));
            Assert.NotEqual(h.Transport.CertificateName(Anchor), h.Transport.CertificateName(Anchor.Take(699).ToArray()));
        }

        [Theory]
        [InlineData(701, TransportResult.ModemError)]
        [InlineData(702, TransportResult.ModemError)]
        [InlineData(703, TransportResult.ModemError)]
        [InlineData(704, TransportResult.ConnectFailed)]
        [InlineData(705, TransportResult.Timeout)]
        [InlineData(706, TransportResult.ConnectFailed)]
        [InlineData(707, TransportResult.ModemError)]
        [InlineData(708, TransportResult.ModemError)]
        [InlineData(709, TransportResult.NoConnection)]
        [InlineData(710, TransportResult.TlsFailed)]
        [InlineData(711, TransportResult.ModemError)]
        [InlineData(712, TransportResult.NoConnection)]
        [InlineData(713, TransportResult.ConnectFailed)]
        [InlineData(714, TransportResult.ConnectFailed)]
        [InlineData(715, TransportResult.TlsFailed)]
        [InlineData(716, TransportResult.ModemError)]
        [InlineData(717, TransportResult.NoConnection)]
        [InlineData(718, TransportResult.Timeout)]
        [InlineData(719, TransportResult.TlsFailed)]
        [InlineData(799, TransportResult.ModemError)]
        public void Post_SimcomErrorCode_MappedAndSessionTerminated(int code, TransportResult expected)
        {
            var h = new CellularHarness(Chunking.Random, code);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            Prepare(h.Modem);
            SendBody(h.Modem, RequestBody);
            h.Modem.Expect("AT+HTTPACTION=1", L("OK", $"+HTTPACTION: 1,{code},0"));
            Term(h.Modem);

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);

            Assert.Equal($"POST {expected} 0 ", Assert.Single(h.Events));
            Assert.Equal(code, h.Transport.LastActionStatus);
            Assert.Equal(expected, ModemHttpsTransport.MapActionStatus(code));
            AssertScriptDone(h);
        }

        [Theory]
        [InlineData(200)]
        [InlineData(404)]
        [InlineData(503)]
        public void MapActionStatus_HttpStatus_Completed(int status)
        {
            Assert.Equal(TransportResult.Completed, ModemHttpsTransport.MapActionStatus(status));
        }

        [Fact]
        public void Post_HttpErrorStatus_CompletedWithStatusAndBody()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            Prepare(h.Modem);
            SendBody(h.Modem, RequestBody);
            h.Modem.Expect("AT+HTTPACTION=1", L("+HTTPACTION: 1,403,2", "OK")); // URC overtaking the OK
            Read(h.Modem, new byte[] { 0x0D, 0x0A });
            Term(h.Modem);

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);

            Assert.Equal("POST Completed 403 0D0A", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void Post_ResponseLargerThanCapacity_ResponseTooLargeWithoutReading()
        {
            var h = new CellularHarness(Chunking.Whole, 1, maxResponseLength: 16);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            Prepare(h.Modem);
            SendBody(h.Modem, RequestBody);
            h.Modem.Expect("AT+HTTPACTION=1", L("OK", "+HTTPACTION: 1,200,17"));
            Term(h.Modem);

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);

            Assert.Equal("POST ResponseTooLarge 0 ", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Theory]
        [MemberData(nameof(Chunkings))]
        public void Post_ModemSilentMidHttpRead_TimeoutAndNextCommandStillParsed(Chunking chunking)
        {
            var h = new CellularHarness(chunking, 8);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            Prepare(h.Modem);
            SendBody(h.Modem, RequestBody);
            h.Modem.Expect("AT+HTTPACTION=1", L("OK", "+HTTPACTION: 1,200,12"));
            h.Modem.Expect("AT+HTTPREAD=0,12", L("OK") + "\r\n+HTTPREAD: 12\r\n").ThenBytes(new byte[] { 1, 2, 3, 4, 5 });
            Term(h.Modem);

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(100000);

            // AtChannel: the timed-out data phase is abandoned, so HTTPTERM's OK is read as a line.
            Assert.Equal("POST Timeout 0 ", Assert.Single(h.Events));
            Assert.Equal(30000, h.Now);
            AssertScriptDone(h);
        }

        [Fact]
        public void Post_NoActionReport_TimeoutAfterActionTimeout()
        {
            var h = new CellularHarness(Chunking.Whole, 1);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            Prepare(h.Modem);
            SendBody(h.Modem, RequestBody);
            h.Modem.Expect("AT+HTTPACTION=1", L("OK"));
            Term(h.Modem);

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(300000, 1000);

            Assert.Equal("POST Timeout 0 ", Assert.Single(h.Events));
            Assert.Equal(ModemHttpsTransport.DefaultActionTimeoutMilliseconds, h.Now);
            AssertScriptDone(h);
        }

        [Fact]
        public void Post_HttpInitRefused_TerminatesStaleSessionAndRetriesOnce()
        {
            var h = new CellularHarness(Chunking.Random, 3);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            h.Modem.Expect("AT+HTTPINIT", L("ERROR")).Expect("AT+HTTPTERM", L("OK"));
            Prepare(h.Modem);
            SendBody(h.Modem, RequestBody);
            h.Modem.Expect("AT+HTTPACTION=1", L("OK", "+HTTPACTION: 1,204,0"));
            Term(h.Modem);

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);

            Assert.Equal("POST Completed 204 ", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void Post_HttpInitRefusedTwice_NoConnection()
        {
            var h = new CellularHarness(Chunking.Whole, 3);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            h.Modem.Expect("AT+HTTPINIT", L("ERROR")).Expect("AT+HTTPTERM", L("ERROR")).Expect("AT+HTTPINIT", L("ERROR"));

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);

            Assert.Equal("POST NoConnection 0 ", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void Post_CertificateUploadRefused_TlsFailed()
        {
            var h = new CellularHarness(Chunking.Whole, 3);
            string name = ExpectedName(Anchor);
            byte[] pem = Pem(Anchor);
            h.Modem.Expect($"AT+CCERTDOWN=\"{name}\",{pem.Length}", "\r\n> ").ExpectPayload(pem, L("ERROR"));

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);

            Assert.Equal("POST TlsFailed 0 ", Assert.Single(h.Events));
            Assert.Equal(0, h.Transport.CertificateUploads);
            AssertScriptDone(h);
        }

        [Fact]
        public void Post_BodyRefused_ModemErrorAfterTerminate()
        {
            var h = new CellularHarness(Chunking.Whole, 3);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            Prepare(h.Modem);
            h.Modem.Expect($"AT+HTTPDATA={RequestBody.Length},20", L("+CME ERROR: 4"));
            Term(h.Modem);

            h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);

            Assert.Equal("POST ModemError 0 ", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void TryBeginPost_WhileBusy_False_AndCancelCleansUpBeforeNext()
        {
            var h = new CellularHarness(Chunking.Whole, 3);
            string name = ExpectedName(Anchor);
            Upload(h.Modem, name, Anchor);
            Tls(h.Modem, name);
            Prepare(h.Modem);
            SendBody(h.Modem, RequestBody);
            h.Modem.Expect("AT+HTTPACTION=1", L("OK"));

            Assert.True(h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length));
            h.Pump();
            Assert.Equal(HttpsTransportState.Acting, h.Transport.State);
            Assert.False(h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length));

            h.Transport.Cancel();
            h.Modem.Unsolicited(L("+HTTPACTION: 1,200,0")); // late report of the cancelled request
            h.Pump();
            Assert.Empty(h.Events);

            h.Modem.Expect("AT+HTTPTERM", L("OK"));
            ScriptEmptyResponse(h, name);
            Assert.True(h.Transport.TryBeginPost(Url, Anchor, RequestBody, 0, RequestBody.Length));
            h.RunUntilEvent(10000);
            Assert.Equal("POST Completed 204 ", Assert.Single(h.Events));
            AssertScriptDone(h);
        }

        [Fact]
        public void TryBeginPost_BadArguments_Throw()
        {
            var h = new CellularHarness(Chunking.Whole, 3);
            Assert.Throws<ArgumentException>(() => h.Transport.TryBeginPost("http://rs.example/x", Anchor, RequestBody, 0, 1));
            Assert.Throws<ArgumentException>(() => h.Transport.TryBeginPost("https://rs.example/\"x", Anchor, RequestBody, 0, 1));
            Assert.Throws<ArgumentException>(() => h.Transport.TryBeginPost(Url, new byte[ModemHttpsTransport.MaxTrustAnchorLength + 1], RequestBody, 0, 1));
            Assert.Throws<ArgumentException>(() => h.Transport.TryBeginPost(Url, Array.Empty<byte>(), RequestBody, 0, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => h.Transport.TryBeginPost(Url, Anchor, RequestBody, 1, RequestBody.Length));
            Assert.Equal(HttpsTransportState.Idle, h.Transport.State);
        }

        [Fact]
        public void Pem_LargestAnchor_FitsOneCertificateDownload()
        {
            var h = new CellularHarness(Chunking.Whole, 3);
            byte[] anchor = Enumerable.Range(0, ModemHttpsTransport.MaxTrustAnchorLength).Select(i => (byte)i).ToArray();
            string name = ExpectedName(anchor);
            byte[] pem = Pem(anchor);
            Assert.True(pem.Length <= 10240);
            h.Modem.Expect($"AT+CCERTDOWN=\"{name}\",{pem.Length}", "\r\n> ").ExpectPayload(pem, L("ERROR"));

            h.Transport.TryBeginPost(Url, anchor, RequestBody, 0, RequestBody.Length);
            h.RunUntilEvent(10000);

            AssertScriptDone(h);
        }

        private static byte[] Pad(byte[] body)
        {
            byte[] padded = new byte[body.Length + 6];
            Array.Copy(body, 0, padded, 3, body.Length);
            return padded;
        }

        private static string ExpectedName(byte[] der) => "m2m" + Convert.ToHexString(SHA256.HashData(der), 0, 8) + ".pem";

        private static byte[] Pem(byte[] der) => Encoding.ASCII.GetBytes(new string(PemEncoding.Write("CERTIFICATE", der)) + "\n");

        private static void Upload(ScriptedModem m, string name, byte[] der)
        {
            byte[] pem = Pem(der);
            m.Expect($"AT+CCERTDOWN=\"{name}\",{pem.Length}", "\r\n> ").ExpectPayload(pem, L("OK"));
        }

        private static void Tls(ScriptedModem m, string name)
        {
            m.Expect("AT+CSSLCFG=\"sslversion\",0,3", L("OK"))
                .Expect("AT+CSSLCFG=\"authmode\",0,1", L("OK"))
                .Expect($"AT+CSSLCFG=\"cacert\",0,\"{name}\"", L("OK"))
                .Expect("AT+CSSLCFG=\"enableSNI\",0,1", L("OK"));
        }

        private static void Prepare(ScriptedModem m)
        {
            m.Expect("AT+HTTPINIT", L("OK"))
                .Expect($"AT+HTTPPARA=\"URL\",\"{Url}\"", L("OK"))
                .Expect("AT+HTTPPARA=\"CONTENT\",\"application/octet-stream\"", L("OK"))
                .Expect("AT+HTTPPARA=\"SSLCFG\",0", L("OK"));
        }

        private static void SendBody(ScriptedModem m, byte[] body)
        {
            m.Expect($"AT+HTTPDATA={body.Length},20", L("DOWNLOAD")).ExpectPayload(body, L("OK"));
        }

        private static void Read(ScriptedModem m, byte[] body)
        {
            m.Expect($"AT+HTTPREAD=0,{body.Length}", L("OK") + $"\r\n+HTTPREAD: {body.Length}\r\n").ThenBytes(body).Then(L("+HTTPREAD: 0"));
        }

        private static void Term(ScriptedModem m) => m.Expect("AT+HTTPTERM", L("OK"));

        private static void ScriptEmptyResponse(CellularHarness h, string name)
        {
            Tls(h.Modem, name);
            Prepare(h.Modem);
            SendBody(h.Modem, RequestBody);
            h.Modem.Expect("AT+HTTPACTION=1", L("OK", "+HTTPACTION: 1,204,0"));
            Term(h.Modem);
        }

        private static void AssertScriptDone(CellularHarness h)
        {
            Assert.Empty(h.Modem.Failures);
            Assert.True(h.Modem.Finished, "script not finished");
        }
    }
}
