using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Rs;
using M2MDevice.Host;

namespace M2MDevice.Emulator.Tests.Rs
{
    public sealed class RsBatchAndAssociationTests
    {
        [Fact]
        public async Task Batch_ThreeDevices_ReturnsDistinctPimsisCredentialsAddressAndTrustAnchor()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            RsTestKit.Reply reply = await kit.PostAsync("manufacturing/v1/batches", kit.ManufacturerToken, new { count = 3 });

            Assert.Equal(HttpStatusCode.Created, reply.Status);
            Assert.Equal(kit.Server.BaseAddress.ToString(), reply.Json.GetProperty("rsAddress").GetString());
            Assert.Equal(kit.Server.Ca.ExportDer(), Convert.FromBase64String(reply.Json.GetProperty("trustAnchorDer").GetString()));
            JsonElement[] devices = reply.Json.GetProperty("devices").EnumerateArray().ToArray();
            Assert.Equal(3, devices.Length);
            Assert.Equal(new[] { "001010000000100", "001010000000101", "001010000000102" }, devices.Select(d => d.GetProperty("pimsi").GetString()));
            Assert.Equal(3, devices.Select(d => d.GetProperty("deviceId").GetString()).Distinct().Count());
            Assert.All(devices, d =>
            {
                Assert.Equal(16, Convert.FromHexString(d.GetProperty("k").GetString()).Length);
                Assert.Equal(16, Convert.FromHexString(d.GetProperty("opc").GetString()).Length);
                Assert.Equal("milenage", d.GetProperty("algorithm").GetString());
            });
            Assert.Equal(3, devices.Select(d => d.GetProperty("k").GetString()).Distinct().Count());

            DeviceRecord stored = kit.Service.GetDevice(devices[0].GetProperty("deviceId").GetString());
            Assert.Equal("registered", stored.State);
            Assert.Null(stored.HomeOperatorId);
        }

        [Fact]
        public async Task Batch_WithRsOp_OpcIsDerivedFromKAndOp()
        {
            byte[] op = Convert.FromHexString("cdc202d5123e20f62b6d676ac72cb318");
            await using RsTestKit kit = await RsTestKit.StartAsync(o => o.Op = op);
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];

            byte[] expected = new byte[16];
            Milenage.DeriveOpc(HostBlockCipher.Create(device.K), op, 0, expected, 0);
            Assert.Equal(expected, device.Opc);
        }

        [Fact]
        public async Task Batch_Tuak_ReturnsTopcOf32Bytes()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1, "tuak"))[0];

            Assert.Equal(AkaAlgorithmKind.Tuak, device.Algorithm);
            Assert.Equal(32, device.Opc.Length);
        }

        [Fact]
        public async Task Batch_LargerThanPool_409AndNothingConsumed()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync(o => o.PimsiRange = new PimsiRange("001", "01", 5, 6));
            string before = kit.Snapshot();

            RsTestKit.Reply reply = await kit.PostAsync("manufacturing/v1/batches", kit.ManufacturerToken, new { count = 3 });

            Assert.Equal(HttpStatusCode.Conflict, reply.Status);
            Assert.Equal("pimsi-pool-exhausted", reply.Code);
            Assert.Equal(before, kit.Snapshot());
            List<TestDevice> devices = await kit.RegisterBatchAsync(2);
            Assert.Equal(new[] { "001010000000005", "001010000000006" }, devices.Select(d => d.Pimsi));
        }

        [Fact]
        public async Task GetDevice_OtherManufacturer_404()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            string otherToken = (await kit.PostAsync("admin/v1/manufacturers", kit.Server.AdminToken, new { name = "Other" })).Json.GetProperty("token").GetString();

            RsTestKit.Reply own = await kit.SendAsync(HttpMethod.Get, "manufacturing/v1/devices/" + device.DeviceId, kit.ManufacturerToken, null, null);
            RsTestKit.Reply other = await kit.SendAsync(HttpMethod.Get, "manufacturing/v1/devices/" + device.DeviceId, otherToken, null, null);

            Assert.Equal(HttpStatusCode.OK, own.Status);
            Assert.Equal(device.Pimsi, own.Json.GetProperty("pimsi").GetString());
            Assert.Equal(HttpStatusCode.NotFound, other.Status);
            Assert.Equal("unknown-device", other.Code);
        }

        [Fact]
        public async Task Associate_TwiceBySameHo_IdempotentAndOtherHoConflicts()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];

            RsTestKit.Reply first = await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = device.DeviceId });
            string afterFirst = kit.Snapshot();
            RsTestKit.Reply again = await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = device.DeviceId });
            RsTestKit.Reply other = await kit.PostAsync("zn/v1/associations", kit.Ho2Token, new { deviceId = device.DeviceId });

            Assert.Equal(HttpStatusCode.OK, first.Status);
            Assert.True(first.Json.GetProperty("changed").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, again.Status);
            Assert.False(again.Json.GetProperty("changed").GetBoolean());
            Assert.Equal(HttpStatusCode.Conflict, other.Status);
            Assert.Equal("associated-elsewhere", other.Code);
            Assert.Equal(afterFirst, kit.Snapshot());
            Assert.Equal(kit.HoId, kit.Service.GetDevice(device.DeviceId).HomeOperatorId);
        }

        [Fact]
        public async Task Dissociate_ByOtherHo403_ByOwnerReleasesForChangeOfOperator()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = device.DeviceId });

            RsTestKit.Reply byOther = await kit.SendAsync(HttpMethod.Delete, "zn/v1/associations/" + device.DeviceId, kit.Ho2Token, null, null);
            RsTestKit.Reply byOwner = await kit.SendAsync(HttpMethod.Delete, "zn/v1/associations/" + device.DeviceId, kit.HoToken, null, null);
            RsTestKit.Reply moved = await kit.PostAsync("zn/v1/associations", kit.Ho2Token, new { deviceId = device.DeviceId });

            Assert.Equal(HttpStatusCode.Forbidden, byOther.Status);
            Assert.Equal("not-associated", byOther.Code);
            Assert.Equal(HttpStatusCode.OK, byOwner.Status);
            Assert.Equal(HttpStatusCode.OK, moved.Status);
            Assert.Equal(kit.Ho2Id, kit.Service.GetDevice(device.DeviceId).HomeOperatorId);
        }

        [Fact]
        public async Task Associate_UnknownDevice_404()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();

            RsTestKit.Reply reply = await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = "dev-000000000000" });

            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal("unknown-device", reply.Code);
        }

        [Fact]
        public async Task RegisterHomeOperator_NafHostTaken_409()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();

            RsTestKit.Reply reply = await kit.PostAsync("admin/v1/home-operators", kit.Server.AdminToken, new { name = "Copy", nafHost = "ho1.m2m.test", baseUrl = "https://x.m2m.test/", trustAnchor = Convert.ToBase64String(kit.HoTrustAnchor) });

            Assert.Equal(HttpStatusCode.Conflict, reply.Status);
            Assert.Equal("naf-host-taken", reply.Code);
        }
    }
}
