using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Rs;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Tests.Rs
{
    public sealed class RsBootstrapTests
    {
        [Fact]
        public async Task Bootstrap_NotAssociated_PendingThenAssociatedWithHoAddressIdentityAndAnchor()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            var client = new DeviceBootstrapClient(kit, device);

            await client.BootstrapAsync();
            (HttpStatusCode pendingStatus, HomeOperatorAnswer pending, _) = await client.AskHomeOperatorAsync();
            await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = device.DeviceId });
            (HttpStatusCode status, HomeOperatorAnswer associated, _) = await client.AskHomeOperatorAsync();

            Assert.EndsWith("@rs.m2m.test", Encoding.ASCII.GetString(client.BTid));
            Assert.Equal(3600u, client.Lifetime);
            Assert.Equal(HttpStatusCode.OK, pendingStatus);
            Assert.Equal(HomeOperatorStatus.Pending, pending.Status);
            Assert.Equal(60u, pending.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(HomeOperatorStatus.Associated, associated.Status);
            Assert.Equal("https://ho1.m2m.test:8443/", Encoding.ASCII.GetString(associated.HomeOperatorAddress));
            Assert.Equal(RsNafId.For("ho1.m2m.test"), associated.HomeOperatorId);
            Assert.Equal(kit.HoTrustAnchor, associated.TrustAnchor);
            Assert.Equal(86400u, associated.Lifetime);
            Assert.Equal(RsService.BootstrapInd, kit.Service.GetSqnAudit(device.Pimsi).Single().Ind);
        }

        [Fact]
        public async Task Bootstrap_ThenZn_HoGetsTheKsNafTheDeviceDerives()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = device.DeviceId });
            var client = new DeviceBootstrapClient(kit, device);
            await client.BootstrapAsync();
            string btid = Encoding.ASCII.GetString(client.BTid);

            RsTestKit.Reply key = await kit.PostAsync("zn/v1/naf-keys", kit.HoToken, new { btid });
            RsTestKit.Reply other = await kit.PostAsync("zn/v1/naf-keys", kit.Ho2Token, new { btid });
            RsTestKit.Reply unknown = await kit.PostAsync("zn/v1/naf-keys", kit.HoToken, new { btid = "AAAAAAAAAAAAAAAAAAAAAA==@rs.m2m.test" });

            Assert.Equal(HttpStatusCode.OK, key.Status);
            Assert.Equal(client.KsNaf(RsNafId.For("ho1.m2m.test")), Convert.FromHexString(key.Json.GetProperty("ksNaf").GetString()));
            Assert.Equal(device.Impi, key.Json.GetProperty("impi").GetString());
            Assert.Equal(device.DeviceId, key.Json.GetProperty("deviceId").GetString());
            Assert.Equal(HttpStatusCode.Forbidden, other.Status);
            Assert.Equal("not-associated", other.Code);
            Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
            Assert.Equal("unknown-btid", unknown.Code);
        }

        [Fact]
        public async Task Bootstrap_UsimAhead_AutsResyncsAndSecondChallengeSucceeds()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            device.AdvanceSqn(5_000);
            var client = new DeviceBootstrapClient(kit, device);

            await client.BootstrapAsync();

            Assert.Equal(2, client.Challenges);
            Assert.NotNull(client.BTid);
            Assert.True(kit.Service.GetSqnAudit(device.Pimsi).Last().Sqn >> 5 > 5_000);
        }

        [Fact]
        public async Task Bootstrap_WrongRes_403AuthenticationFailedAndNoSession()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            var client = new DeviceBootstrapClient(kit, device);
            (_, byte[] body) = await client.SendBootstrapRequestAsync();
            BootstrapChallenge.TryDecode(body, 0, body.Length, out BootstrapChallenge challenge);
            (AkaResult result, UsimAuthenticationOutput output) = device.Authenticate(challenge.Rand, challenge.Autn);
            Assert.Equal(AkaResult.Success, result);
            byte[] res = output.Res.AsSpan(0, output.ResLength).ToArray();
            res[0] ^= 0x80;
            var response = new BootstrapResponse { Rand = challenge.Rand, Res = res };

            (HttpStatusCode status, byte[] answer) = await kit.PostBinaryAsync("ub/v1/bootstrap", DeviceBootstrapClient.Encode(b => (response.Encode(b, 0, b.Length, out int n), n)));
            res[0] ^= 0x80;
            (HttpStatusCode replay, byte[] replayAnswer) = await kit.PostBinaryAsync("ub/v1/bootstrap", DeviceBootstrapClient.Encode(b => (response.Encode(b, 0, b.Length, out int n), n)));

            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal(ErrorCause.AuthenticationFailed, DeviceBootstrapClient.CauseOf(answer));
            Assert.Equal(HttpStatusCode.Forbidden, replay);
            Assert.Equal(ErrorCause.AuthenticationFailed, DeviceBootstrapClient.CauseOf(replayAnswer));
            Assert.Equal(0L, kit.Server.Database.Read(c => (long)Storage.SqliteDatabase.Scalar(c, null, "SELECT COUNT(*) FROM bootstrap_session")));
        }

        [Fact]
        public async Task Bootstrap_UnknownImpi_404UnknownIdentity()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            var client = new DeviceBootstrapClient(kit, (await kit.RegisterBatchAsync(1))[0]);

            (HttpStatusCode status, byte[] body) = await client.SendBootstrapRequestAsync("001010000000199@ims.mnc001.mcc001.3gppnetwork.org");
            (HttpStatusCode noImsi, byte[] noImsiBody) = await client.SendBootstrapRequestAsync("someone@example.test");

            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(ErrorCause.UnknownIdentity, DeviceBootstrapClient.CauseOf(body));
            Assert.Equal(HttpStatusCode.NotFound, noImsi);
            Assert.Equal(ErrorCause.UnknownIdentity, DeviceBootstrapClient.CauseOf(noImsiBody));
        }

        [Theory]
        [InlineData("", "application/octet-stream")]
        [InlineData("01", "application/octet-stream")]
        [InlineData("0101000500", "application/octet-stream")]
        [InlineData("7f01000000", "application/octet-stream")]
        [InlineData("0106000000", "application/octet-stream")]
        [InlineData("01010006010003616263", "text/plain")]
        public async Task Bootstrap_MalformedMessage_400MalformedAndNothingStored(string hex, string contentType)
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            await kit.RegisterBatchAsync(1);
            string before = kit.Snapshot();

            (HttpStatusCode status, byte[] body) = await kit.PostBinaryAsync("ub/v1/bootstrap", Convert.FromHexString(hex), contentType);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(DeviceBootstrapClient.CauseOf(body), new[] { ErrorCause.MalformedRequest, ErrorCause.UnsupportedVersion });
            Assert.Equal(before, kit.Snapshot());
        }

        [Fact]
        public async Task HomeOperatorRequest_BadMac_403AndUnknownBTid404()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            var client = new DeviceBootstrapClient(kit, device);
            await client.BootstrapAsync();

            (HttpStatusCode badMac, _, byte[] badMacBody) = await client.AskHomeOperatorAsync(corruptMac: true);
            kit.Clock.Advance(TimeSpan.FromHours(2));
            (HttpStatusCode expired, _, byte[] expiredBody) = await client.AskHomeOperatorAsync();

            Assert.Equal(HttpStatusCode.Forbidden, badMac);
            Assert.Equal(ErrorCause.AuthenticationFailed, DeviceBootstrapClient.CauseOf(badMacBody));
            Assert.Equal(HttpStatusCode.NotFound, expired);
            Assert.Equal(ErrorCause.UnknownBTid, DeviceBootstrapClient.CauseOf(expiredBody));
        }
    }
}
