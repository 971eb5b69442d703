using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Tests.Rs
{
    public sealed class RsRetirementTests
    {
        [Fact]
        public async Task Provisioned_RetiresPimsi_QuarantineThenReuseWithSqnContinuing()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync(o => o.PimsiRange = new PimsiRange("001", "01", 7, 7));
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = device.DeviceId });
            await kit.SaiAsync(kit.VoToken, device.Pimsi, 3);
            var client = new DeviceBootstrapClient(kit, device);
            await client.BootstrapAsync();

            RsTestKit.Reply byOther = await kit.PostAsync("zn/v1/outcomes", kit.Ho2Token, new { deviceId = device.DeviceId, outcome = "provisioned" });
            RsTestKit.Reply retired = await kit.PostAsync("zn/v1/outcomes", kit.HoToken, new { deviceId = device.DeviceId, outcome = "provisioned" });
            RsTestKit.Reply again = await kit.PostAsync("zn/v1/outcomes", kit.HoToken, new { deviceId = device.DeviceId, outcome = "provisioned" });

            Assert.Equal(HttpStatusCode.Forbidden, byOther.Status);
            Assert.Equal("not-associated", byOther.Code);
            Assert.Equal(HttpStatusCode.OK, retired.Status);
            Assert.Equal("retired", retired.Json.GetProperty("state").GetString());
            Assert.True(retired.Json.GetProperty("changed").GetBoolean());
            Assert.False(again.Json.GetProperty("changed").GetBoolean());
            Assert.Equal("retired", kit.Service.GetDevice(device.DeviceId).State);

            // Retired: the VO gets the retired cause; the B-TID is gone; no PIMSI until the quarantine ends.
            RsTestKit.Reply sai = await kit.SaiAsync(kit.VoToken, device.Pimsi);
            Assert.Equal(HttpStatusCode.NotFound, sai.Status);
            Assert.Equal("retired-subscriber", sai.Code);
            Assert.Equal(HttpStatusCode.NotFound, (await kit.PostAsync("zn/v1/naf-keys", kit.HoToken, new { btid = Encoding.ASCII.GetString(client.BTid) })).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.AskHomeOperatorAsync()).Status);
            kit.Clock.Advance(TimeSpan.FromDays(29));
            RsTestKit.Reply early = await kit.PostAsync("manufacturing/v1/batches", kit.ManufacturerToken, new { count = 1 });
            Assert.Equal(HttpStatusCode.Conflict, early.Status);
            Assert.Equal("pimsi-pool-exhausted", early.Code);

            kit.Clock.Advance(TimeSpan.FromDays(1));
            TestDevice reused = (await kit.RegisterBatchAsync(1))[0];

            Assert.Equal(device.Pimsi, reused.Pimsi);
            Assert.NotEqual(device.DeviceId, reused.DeviceId);
            Assert.NotEqual(device.K, reused.K);
            RsTestKit.Reply fresh = await kit.SaiAsync(kit.VoToken, reused.Pimsi);
            Assert.Equal(HttpStatusCode.OK, fresh.Status);
            var audit = kit.Service.GetSqnAudit(device.Pimsi);
            Assert.Equal(audit.Count, audit.Select(a => a.Sqn).Distinct().Count());
            Assert.Equal(audit.Max(a => a.Sqn >> 5), audit.Last().Sqn >> 5);
        }

        [Fact]
        public async Task Failed_Recorded_DeviceStaysRegistered()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = device.DeviceId });

            RsTestKit.Reply reply = await kit.PostAsync("zn/v1/outcomes", kit.HoToken, new { deviceId = device.DeviceId, outcome = "failed", detail = "attach rejected, rolled back" });

            Assert.Equal(HttpStatusCode.OK, reply.Status);
            DeviceRecord record = kit.Service.GetDevice(device.DeviceId);
            Assert.Equal("registered", record.State);
            Assert.Equal(1, record.FailureCount);
            Assert.Equal(HttpStatusCode.OK, (await kit.SaiAsync(kit.VoToken, device.Pimsi)).Status);
        }
    }
}
