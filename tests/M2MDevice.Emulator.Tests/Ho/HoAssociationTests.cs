using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Tests.Rs;

namespace M2MDevice.Emulator.Tests.Ho
{
    public sealed class HoAssociationTests
    {
        [Fact]
        public async Task RegisterDevice_NewThenRepeated_AssociatedAtRsOnceIdempotent()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            TestDevice device = (await kit.Rs.RegisterBatchAsync(1))[0];

            RsTestKit.Reply first = await kit.Ho.RegisterDeviceAsync(device.DeviceId);
            RsTestKit.Reply again = await kit.Ho.RegisterDeviceAsync(device.DeviceId);

            Assert.Equal(HttpStatusCode.Created, first.Status);
            Assert.True(first.Json.GetProperty("changed").GetBoolean());
            Assert.Equal("registered", first.Json.GetProperty("state").GetString());
            Assert.Equal(HttpStatusCode.OK, again.Status);
            Assert.False(again.Json.GetProperty("changed").GetBoolean());
            DeviceRecord atRs = kit.Rs.Service.GetDevice(device.DeviceId);
            Assert.Equal(kit.Ho.Service.RsHomeOperatorId, atRs.HomeOperatorId);
        }

        [Fact]
        public async Task RegisterDevice_UnknownAtRs_404AndNothingStored()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            string snapshot = kit.Ho.Snapshot();

            RsTestKit.Reply reply = await kit.Ho.RegisterDeviceAsync("dev-000000000000");

            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal("unknown-device", reply.Code);
            Assert.Equal(snapshot, kit.Ho.Snapshot());
        }

        [Fact]
        public async Task RegisterDevice_AssociatedWithAnotherHo_409AndNothingStored()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            TestDevice device = (await kit.Rs.RegisterBatchAsync(1))[0];
            await kit.Rs.PostAsync("zn/v1/associations", kit.Rs.HoToken, new { deviceId = device.DeviceId });
            string snapshot = kit.Ho.Snapshot();

            RsTestKit.Reply reply = await kit.Ho.RegisterDeviceAsync(device.DeviceId);

            Assert.Equal(HttpStatusCode.Conflict, reply.Status);
            Assert.Equal("associated-elsewhere", reply.Code);
            Assert.Equal(snapshot, kit.Ho.Snapshot());
            Assert.Equal(kit.Rs.HoId, kit.Rs.Service.GetDevice(device.DeviceId).HomeOperatorId);
        }

        [Fact]
        public async Task RegisterDevice_OtherOwnerHoldsIt_409AndOwnersSeeOnlyTheirOwn()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            TestDevice device = (await kit.Rs.RegisterBatchAsync(1))[0];
            await kit.Ho.RegisterDeviceAsync(device.DeviceId);
            string otherOwner = (await kit.Ho.PostAsync("admin/v1/owners", kit.Ho.Server.AdminToken, new { name = "Other" })).Json.GetProperty("token").GetString();
            string snapshot = kit.Ho.Snapshot();

            RsTestKit.Reply taken = await kit.Ho.RegisterDeviceAsync(device.DeviceId, otherOwner);
            RsTestKit.Reply list = await kit.Ho.SendAsync(HttpMethod.Get, "owner/v1/devices", otherOwner, null, null);
            RsTestKit.Reply peek = await kit.Ho.SendAsync(HttpMethod.Get, "owner/v1/devices/" + device.DeviceId, otherOwner, null, null);
            RsTestKit.Reply own = await kit.Ho.SendAsync(HttpMethod.Get, "owner/v1/devices/" + device.DeviceId, kit.Ho.OwnerToken, null, null);

            Assert.Equal(HttpStatusCode.Conflict, taken.Status);
            Assert.Equal("registered-to-another-owner", taken.Code);
            Assert.Empty(list.Json.GetProperty("devices").EnumerateArray());
            Assert.Equal(HttpStatusCode.NotFound, peek.Status);
            Assert.Equal("unknown-device", peek.Code);
            Assert.Equal(HttpStatusCode.OK, own.Status);
            Assert.Equal("associated", own.Json.GetProperty("association").GetString());
            Assert.Equal(snapshot, kit.Ho.Snapshot());
        }

        [Fact]
        public async Task RegisterDevice_RsUnreachable_PendingThenRetryAssociates()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            TestDevice device = (await kit.Rs.RegisterBatchAsync(1))[0];
            HoTestKit.Operator ho = kit.Ho;

            // Point this HO at a closed port: persisted as pending, 202.
            var unreachable = new Uri("https://127.0.0.1:1/");
            var service = new Emulator.Ho.HoService(ho.Server.Database, new Emulator.Ho.HoServerOptions
            {
                NafHost = "home-a.m2m.test",
                ImsiRange = ho.Server.Options.ImsiRange,
                IccidIssuerPrefix = ho.Server.Options.IccidIssuerPrefix,
                RsBaseAddress = unreachable,
                Ca = kit.Rs.Server.Ca,
                Clock = kit.Rs.Clock,
            }, "admin");
            Assert.True((await service.ConnectToRsAsync(ho.Server.BaseAddress, kit.Rs.Server.Ca.ExportDer())).IsSuccess);
            var pending = await service.RegisterDeviceAsync(ho.OwnerId, device.DeviceId);
            Assert.True(pending.IsSuccess);
            Assert.Equal("pending", pending.Value.Device.Association);
            Assert.Null(kit.Rs.Service.GetDevice(device.DeviceId).HomeOperatorId);
            service.Dispose();

            // The same request through the connected HO: idempotent, now associated.
            RsTestKit.Reply reply = await ho.RegisterDeviceAsync(device.DeviceId);
            Assert.Equal(HttpStatusCode.Created, reply.Status);
            Assert.True(reply.Json.GetProperty("changed").GetBoolean());
            Assert.Equal("associated", reply.Json.GetProperty("association").GetString());
            Assert.Equal(ho.Service.RsHomeOperatorId, kit.Rs.Service.GetDevice(device.DeviceId).HomeOperatorId);
            Assert.Single(ho.Service.ListDevices(ho.OwnerId), d => d.DeviceId == device.DeviceId);
        }
    }
}
