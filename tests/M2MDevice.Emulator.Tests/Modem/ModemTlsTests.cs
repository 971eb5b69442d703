using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Visited;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace M2MDevice.Emulator.Tests.Modem
{
    /// <summary>
    /// SIMCom A76xx certificates, SSL contexts and HTTP(S) with real TLS against a local Kestrel server whose
    /// certificates come from the emulator CA: success, and every failure the modem must report instead of
    /// trusting (no CA, wrong CA, expired, host name mismatch), plus the walled garden of a PIMSI.
    /// </summary>
    public sealed class ModemTlsTests
    {
        private static readonly string[] Loopback = { "127.0.0.1" };

        private static async Task<(ModemTestKit Kit, HttpsServerHost Server, Uri Address)> StartAsync(EmulatorCa ca, X509Certificate2 serverCertificate, DataSessionPolicy garden, bool register = true, TimeProvider clock = null)
        {
            var server = new HttpsServerHost(
                new HttpsServerHostOptions { Certificate = serverCertificate },
                app =>
                {
                    app.MapPost("/echo", async (HttpContext context) =>
                    {
                        using var reader = new StreamReader(context.Request.Body);
                        string body = await reader.ReadToEndAsync();
                        return Results.Text("echo:" + context.Request.ContentType + ":" + body);
                    });
                    app.MapGet("/big", () => Results.Text(new string('x', 4000)));
                });
            Uri started = await server.StartAsync();
            var address = new Uri("https://127.0.0.1:" + started.Port + "/");
            ModemTestKit kit = await ModemTestKit.StartAsync(k => new[]
            {
                ModemTestKit.Operator(ModemTestKit.HomePlmn, "Home One", "HOME1", 24, SubscriberRule.Accept("00101", "00101", k.Auc, "auc", true), garden: garden),
            }, configure: options => options.Clock = clock ?? TimeProvider.System);
            await kit.Dte.CommandAsync("AT+CMEE=2");
            if (register)
            {
                await kit.PowerOnAsync(eregMode: 1);
                await kit.Dte.WaitForAsync("+CEREG: 1");
            }

            return (kit, server, address);
        }

        private static async Task UploadAsync(RawAtClient dte, string name, byte[] content)
        {
            await dte.SendAsync("AT+CCERTDOWN=\"" + name + "\"," + content.Length);
            Assert.Equal(">", await dte.NextAsync());
            await dte.SendRawAsync(content);
            Assert.Equal("OK", await dte.NextAsync());
        }

        private static async Task ConfigureContextAsync(RawAtClient dte, string caFile)
        {
            Assert.Equal(new[] { "OK" }, await dte.CommandAsync("AT+CSSLCFG=\"sslversion\",0,3"));
            Assert.Equal(new[] { "OK" }, await dte.CommandAsync("AT+CSSLCFG=\"authmode\",0,1"));
            if (caFile != null)
            {
                Assert.Equal(new[] { "OK" }, await dte.CommandAsync("AT+CSSLCFG=\"cacert\",0,\"" + caFile + "\""));
            }

            Assert.Equal(new[] { "OK" }, await dte.CommandAsync("AT+CSSLCFG=\"enableSNI\",0,1"));
        }

        /// <summary>Runs one request; returns (method, status, length) of the +HTTPACTION URC.</summary>
        private static async Task<(int Method, int Status, int Length)> ActionAsync(RawAtClient dte, Uri url, int method, string body = null)
        {
            Assert.Equal(new[] { "OK" }, await dte.CommandAsync("AT+HTTPINIT"));
            Assert.Equal(new[] { "OK" }, await dte.CommandAsync("AT+HTTPPARA=\"URL\",\"" + url + "\""));
            Assert.Equal(new[] { "OK" }, await dte.CommandAsync("AT+HTTPPARA=\"SSLCFG\",0"));
            if (body != null)
            {
                Assert.Equal(new[] { "OK" }, await dte.CommandAsync("AT+HTTPPARA=\"CONTENT\",\"application/octet-stream\""));
                await dte.SendAsync("AT+HTTPDATA=" + body.Length + ",10");
                Assert.Equal("DOWNLOAD", await dte.NextAsync());
                await dte.SendRawAsync(Encoding.ASCII.GetBytes(body));
                Assert.Equal("OK", await dte.NextAsync());
            }

            Assert.Equal(new[] { "OK" }, await dte.CommandAsync("AT+HTTPACTION=" + method));
            string urc = await dte.WaitForAsync(HttpCommands.ActionPrefix);
            var reader = new AtReader();
            byte[] bytes = Encoding.ASCII.GetBytes(urc);
            reader.Reset(bytes, 0, bytes.Length);
            Assert.True(HttpCommands.TryParseAction(reader, out int m, out int status, out int length), urc);
            return (m, status, length);
        }

        [Fact]
        public async Task Https_TrustedCaUploaded_PostEchoedAndBodyReadBinary()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("rs.m2m.test");
            (ModemTestKit kit, HttpsServerHost server, Uri address) = await StartAsync(ca, certificate, ModemTestKit.Garden("127.0.0.1"));
            await using (kit)
            await using (server)
            {
                await UploadAsync(kit.Dte, "rs-ca.pem", Encoding.ASCII.GetBytes(ca.ExportPem()));
                Assert.Equal(new[] { "+CCERTLIST: \"rs-ca.pem\"", "OK" }, await kit.Dte.CommandAsync("AT+CCERTLIST"));
                await ConfigureContextAsync(kit.Dte, "rs-ca.pem");
                Assert.Equal(new[] { "+CSSLCFG: 0,3,1,1,300,\"rs-ca.pem\",\"\",\"\",1", "OK" }, await kit.Dte.CommandAsync("AT+CSSLCFG=0"));

                // A body with CR LF and "OK" inside is raw data, not lines.
                string body = "line1\r\nOK\r\nend";
                (int method, int status, int length) = await ActionAsync(kit.Dte, new Uri(address, "echo"), HttpCommands.MethodPost, body);
                string expected = "echo:application/octet-stream:" + body;
                Assert.Equal((1, 200, expected.Length), (method, status, length));

                Assert.Equal(new[] { "+HTTPREAD: LEN," + expected.Length, "OK" }, await kit.Dte.CommandAsync("AT+HTTPREAD?"));
                Assert.Equal(new[] { "OK", "+HTTPREAD: " + expected.Length, "DATA:" + expected, "+HTTPREAD: 0" },
                    new[] { (await kit.Dte.CommandAsync("AT+HTTPREAD=0," + expected.Length))[0], await kit.Dte.NextAsync(), await kit.Dte.NextAsync(), await kit.Dte.NextAsync() });
                Assert.Equal(new[] { "OK", "+HTTPREAD: 4", "DATA:OK\r\n", "+HTTPREAD: 0" },
                    new[] { (await kit.Dte.CommandAsync("AT+HTTPREAD=37,4"))[0], await kit.Dte.NextAsync(), await kit.Dte.NextAsync(), await kit.Dte.NextAsync() });
                Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+HTTPTERM"));
                Assert.Equal(new[] { "+CME ERROR: operation not allowed" }, await kit.Dte.CommandAsync("AT+HTTPTERM"));
                Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CCERTDELE=\"rs-ca.pem\""));
                Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CCERTLIST"));
                Assert.Equal(new[] { "+CME ERROR: not found" }, await kit.Dte.CommandAsync("AT+CCERTDELE=\"rs-ca.pem\""));
            }
        }

        public static TheoryData<string, int> Failures() => new TheoryData<string, int>
        {
            { "no-ca", SimcomHttpStatus.CaMissed },
            { "authmode-0", SimcomHttpStatus.CaMissed },
            { "wrong-ca", SimcomHttpStatus.HandshakeFailed },
            { "expired", SimcomHttpStatus.HandshakeFailed },
            { "wrong-host", SimcomHttpStatus.HandshakeFailed },
            { "garbage-ca", SimcomHttpStatus.CaMissed }, // a CA file that holds no certificate trusts nothing
        };

        [Theory]
        [MemberData(nameof(Failures))]
        public async Task Https_UntrustworthyServerOrNoCa_HttpActionReportsSimcomErrorNeverSuccess(string kind, int expectedStatus)
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = kind switch
            {
                "wrong-ca" => ca.IssueFromUnrelatedCa(Loopback),
                "expired" => ca.IssueExpiredCertificate(Loopback),
                "wrong-host" => ca.IssueWrongHostCertificate(),
                _ => ca.IssueLoopbackServerCertificate("rs.m2m.test"),
            };
            (ModemTestKit kit, HttpsServerHost server, Uri address) = await StartAsync(ca, certificate, ModemTestKit.Garden("127.0.0.1"));
            await using (kit)
            await using (server)
            {
                if (kind == "garbage-ca")
                {
                    await UploadAsync(kit.Dte, "ca.pem", Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
                }
                else if (kind != "no-ca" && kind != "authmode-0")
                {
                    await UploadAsync(kit.Dte, "ca.pem", Encoding.ASCII.GetBytes(ca.ExportPem()));
                }

                if (kind != "authmode-0")
                {
                    await ConfigureContextAsync(kit.Dte, kind == "no-ca" ? null : "ca.pem");
                }

                (_, int status, int length) = await ActionAsync(kit.Dte, new Uri(address, "echo"), HttpCommands.MethodPost, "x");
                Assert.Equal((expectedStatus, 0), (status, length));
                List<string> ceer = await kit.Dte.CommandAsync("AT+CEER");
                Assert.Contains(expectedStatus.ToString(), ceer[0]);
            }
        }

        [Fact]
        public async Task WalledGarden_HostNotAllowed_ConnectFailed()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("rs.m2m.test");
            (ModemTestKit kit, HttpsServerHost server, Uri address) = await StartAsync(ca, certificate, ModemTestKit.Garden("rs.m2m.test:8443"));
            await using (kit)
            await using (server)
            {
                await UploadAsync(kit.Dte, "ca.pem", Encoding.ASCII.GetBytes(ca.ExportPem()));
                await ConfigureContextAsync(kit.Dte, "ca.pem");
                (_, int status, _) = await ActionAsync(kit.Dte, new Uri(address, "big"), HttpCommands.MethodGet);
                Assert.Equal(SimcomHttpStatus.ConnectFailed, status);
            }
        }

        [Fact]
        public async Task WalledGarden_ByteBudgetSpent_NetworkErrorThenBlocked()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("rs.m2m.test");
            var garden = new DataSessionPolicy(new[] { "127.0.0.1" }, 6000, TimeSpan.FromMinutes(5));
            (ModemTestKit kit, HttpsServerHost server, Uri address) = await StartAsync(ca, certificate, garden);
            await using (kit)
            await using (server)
            {
                await UploadAsync(kit.Dte, "ca.pem", Encoding.ASCII.GetBytes(ca.ExportPem()));
                await ConfigureContextAsync(kit.Dte, "ca.pem");
                (_, int first, int length) = await ActionAsync(kit.Dte, new Uri(address, "big"), HttpCommands.MethodGet);
                Assert.Equal((200, 4000), (first, length));
                Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+HTTPTERM"));
                (_, int second, _) = await ActionAsync(kit.Dte, new Uri(address, "big"), HttpCommands.MethodGet);
                Assert.Equal(SimcomHttpStatus.NetworkError, second); // 4000 + 4000 > 6000
            }
        }

        [Fact]
        public async Task WalledGarden_TimeOver_NoNetwork()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("rs.m2m.test");
            var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
            var garden = new DataSessionPolicy(new[] { "127.0.0.1" }, 0, TimeSpan.FromMinutes(10));
            (ModemTestKit kit, HttpsServerHost server, Uri address) = await StartAsync(ca, certificate, garden, clock: clock);
            await using (kit)
            await using (server)
            {
                await UploadAsync(kit.Dte, "ca.pem", Encoding.ASCII.GetBytes(ca.ExportPem()));
                await ConfigureContextAsync(kit.Dte, "ca.pem");
                Assert.Equal(200, (await ActionAsync(kit.Dte, new Uri(address, "big"), HttpCommands.MethodGet)).Status);
                Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+HTTPTERM"));

                clock.Advance(TimeSpan.FromMinutes(11));

                Assert.Equal(SimcomHttpStatus.NoNetwork, (await ActionAsync(kit.Dte, new Uri(address, "big"), HttpCommands.MethodGet)).Status);
            }
        }

        [Fact]
        public async Task Http_NotRegistered_NoNetwork()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("rs.m2m.test");
            (ModemTestKit kit, HttpsServerHost server, Uri address) = await StartAsync(ca, certificate, ModemTestKit.Garden("127.0.0.1"), register: false);
            await using (kit)
            await using (server)
            {
                (_, int status, _) = await ActionAsync(kit.Dte, new Uri(address, "big"), HttpCommands.MethodGet);
                Assert.Equal(SimcomHttpStatus.NoNetwork, status);
            }
        }

        [Fact]
        public async Task HttpCommands_WrongStateOrParameters_Errors()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.Dte.CommandAsync("AT+CMEE=1");

            Assert.Equal(new[] { "+CME ERROR: 3" }, await kit.Dte.CommandAsync("AT+HTTPPARA=\"URL\",\"https://x/\""));
            Assert.Equal(new[] { "+CME ERROR: 3" }, await kit.Dte.CommandAsync("AT+HTTPACTION=0"));
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+HTTPINIT"));
            Assert.Equal(new[] { "+CME ERROR: 3" }, await kit.Dte.CommandAsync("AT+HTTPINIT"));
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+HTTPACTION=0")); // no URL
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+HTTPACTION=5"));
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+HTTPPARA=\"NOSUCH\",\"x\""));
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+HTTPPARA=\"SSLCFG\",10"));
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+HTTPDATA=0,10"));
            Assert.Equal(new[] { "+CME ERROR: 3" }, await kit.Dte.CommandAsync("AT+HTTPREAD=0,10")); // nothing received
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+CCERTDOWN=\"ca.txt\",10"));
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+CCERTDOWN=\"ca.pem\",10241"));
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+CSSLCFG=\"authmode\",0,7"));
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+CSSLCFG=\"nosuch\",0,1"));
        }
    }
}
