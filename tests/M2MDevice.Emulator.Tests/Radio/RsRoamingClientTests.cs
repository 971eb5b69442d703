using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Tests.Modem;
using M2MDevice.Emulator.Tests.Rs;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Tests.Radio
{
    /// <summary>
    /// The visited operator's SendAuthenticationInfo client against the real Registration Service
    /// (docs/rs-api.md), and a whole registration: emulated modem, inserted card made from an RS batch, VO
    /// fetching vectors from RS.
    /// </summary>
    public sealed class RsRoamingClientTests
    {
        [Fact]
        public async Task SendAuthenticationInfo_RegisteredPimsi_VectorsTheDeviceAccepts()
        {
            await using RsTestKit rs = await RsTestKit.StartAsync();
            List<TestDevice> devices = await rs.RegisterBatchAsync(1);
            var client = new RsRoamingClient(rs.Client, rs.Server.BaseAddress, rs.VoToken);

            AuthenticationInfoResult result = await client.SendAuthenticationInfoAsync(devices[0].Pimsi, 2, null, null, CancellationToken.None);

            Assert.Equal(AuthenticationInfoStatus.Ok, result.Status);
            Assert.Equal(2, result.Vectors.Count);
            var (akaResult, output) = devices[0].Authenticate(result.Vectors[0].Rand, result.Vectors[0].Autn);
            Assert.Equal(M2MDevice.Aka.AkaResult.Success, akaResult);
            Assert.Equal(result.Vectors[0].Xres, output.Res.AsSpan(0, output.ResLength).ToArray());
            Assert.DoesNotContain(Convert.ToHexString(result.Vectors[0].Xres), result.Vectors[0].ToString());
        }

        [Fact]
        public async Task SendAuthenticationInfo_RefusalsAndBadToken_MappedStatuses()
        {
            await using RsTestKit rs = await RsTestKit.StartAsync();
            List<TestDevice> devices = await rs.RegisterBatchAsync(1);
            var client = new RsRoamingClient(rs.Client, rs.Server.BaseAddress, rs.VoToken);
            var intruder = new RsRoamingClient(rs.Client, rs.Server.BaseAddress, "not-a-token");

            Assert.Equal(AuthenticationInfoStatus.UnknownSubscriber, (await client.SendAuthenticationInfoAsync("001019999999999", 1, null, null, CancellationToken.None)).Status);
            Assert.Equal(AuthenticationInfoStatus.InvalidAuts, (await client.SendAuthenticationInfoAsync(devices[0].Pimsi, 1, new byte[16], new byte[14], CancellationToken.None)).Status);
            Assert.Equal(AuthenticationInfoStatus.Unavailable, (await intruder.SendAuthenticationInfoAsync(devices[0].Pimsi, 1, null, null, CancellationToken.None)).Status);
        }

        [Fact]
        public async Task SendAuthenticationInfo_ServerUnreachable_Unavailable()
        {
            using var http = new HttpClient();
            var client = new RsRoamingClient(http, new Uri("https://127.0.0.1:1/"), "token");

            Assert.Equal(AuthenticationInfoStatus.Unavailable, (await client.SendAuthenticationInfoAsync("001010000000100", 1, null, null, CancellationToken.None)).Status);
        }

        [Fact]
        public async Task Modem_CardFromRsBatch_RegistersWithVectorsFromRs()
        {
            await using RsTestKit rs = await RsTestKit.StartAsync();
            List<TestDevice> devices = await rs.RegisterBatchAsync(1);
            var client = new RsRoamingClient(rs.Client, rs.Server.BaseAddress, rs.VoToken);
            await using ModemTestKit kit = await ModemTestKit.StartAsync(
                k => new[] { ModemTestKit.Operator("00101", "Visited One", "VO1", 20, SubscriberRule.Accept("00101", "00101", client, "rs", true), garden: ModemTestKit.Garden("127.0.0.1")) },
                profile: ModemTestKit.Profile(devices[0].Pimsi, devices[0].K, devices[0].Opc));
            await kit.PowerOnAsync();

            string registered = await kit.Dte.WaitForAsync(line => line.StartsWith("+CEREG: 1", StringComparison.Ordinal) || line.StartsWith("+CEREG: 3", StringComparison.Ordinal));
            Assert.StartsWith("+CEREG: 1,", registered);
            Assert.Equal(new[] { devices[0].Pimsi, "OK" }, await kit.Dte.CommandAsync("AT+CIMI"));
        }
    }
}
