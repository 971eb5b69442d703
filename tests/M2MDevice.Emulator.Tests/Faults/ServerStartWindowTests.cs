using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Tests.Rs;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// Issue 7 part 2, the first start's window found by the crash test's review: an HO registers its URL at RS, RS
    /// commits, and the HO is killed before it stores RS's answer (its token). The next start registers again; RS used
    /// to refuse that with 409 naf-host-taken, so the data directory could never start again. The same registration
    /// repeated now gets the same id and a new token.
    /// </summary>
    public sealed class ServerStartWindowTests
    {
        [Fact]
        public async Task RegisterHomeOperator_SameRegistrationRepeated_SameIdNewTokenOldTokenRefused()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();

            RsTestKit.Reply again = await kit.PostAsync("admin/v1/home-operators", kit.Server.AdminToken, new { name = "Home One", nafHost = "ho1.m2m.test", baseUrl = "https://ho1.m2m.test:8443/", trustAnchor = Convert.ToBase64String(kit.HoTrustAnchor) });

            Assert.Equal(HttpStatusCode.Created, again.Status);
            Assert.Equal(kit.HoId, again.Json.GetProperty("homeOperatorId").GetString());
            string token = again.Json.GetProperty("token").GetString();
            Assert.NotEqual(kit.HoToken, token);
            Assert.Equal("invalid-token", (await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = "dev-000000000000" })).Code);
            Assert.Equal("unknown-device", (await kit.PostAsync("zn/v1/associations", token, new { deviceId = "dev-000000000000" })).Code);
        }

        [Theory]
        [InlineData("Home Copy", "https://ho1.m2m.test:8443/")]
        [InlineData("Home One", "https://ho1.m2m.test:9443/")]
        public async Task RegisterHomeOperator_SameNafHostOtherNameOrUrl_409(string name, string baseUrl)
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();

            RsTestKit.Reply reply = await kit.PostAsync("admin/v1/home-operators", kit.Server.AdminToken, new { name, nafHost = "ho1.m2m.test", baseUrl, trustAnchor = Convert.ToBase64String(kit.HoTrustAnchor) });

            Assert.Equal(HttpStatusCode.Conflict, reply.Status);
            Assert.Equal("naf-host-taken", reply.Code);
        }

        [Fact]
        public async Task HoStart_KilledAfterRsRegisteredIt_StartsAgainWithTheSameRsId()
        {
            await using RsTestKit rs = await RsTestKit.StartAsync();
            int port = FreeLoopbackPort();
            var options = new HoServerOptions
            {
                Name = "Home Window",
                NafHost = "window.m2m.test",
                ImsiRange = new PimsiRange("999", "07", 1000, 1999),
                IccidIssuerPrefix = "8999907",
                Ca = rs.Server.Ca,
                Clock = rs.Clock,
                RsBaseAddress = rs.Server.BaseAddress,
                RsAdminToken = rs.Server.AdminToken,
                AdminToken = "ho-admin-window",
                Port = port,
            };

            // The first start's registration reached RS and was committed; the HO died before it stored the answer.
            RsTestKit.Reply first = await rs.PostAsync("admin/v1/home-operators", rs.Server.AdminToken, new { name = options.Name, nafHost = options.NafHost, baseUrl = $"https://127.0.0.1:{port}/", trustAnchor = Convert.ToBase64String(rs.Server.Ca.ExportDer()) });
            Assert.Equal(HttpStatusCode.Created, first.Status);

            await using var ho = new HoServer(options);
            await ho.StartAsync();

            Assert.Equal(first.Json.GetProperty("homeOperatorId").GetString(), ho.Service.RsHomeOperatorId);
        }

        private static int FreeLoopbackPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
