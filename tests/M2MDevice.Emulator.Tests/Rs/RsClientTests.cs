using System;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Tests.Rs
{
    public sealed class RsClientTests
    {
        [Fact]
        public async Task Client_WholeRsLifecycle_TypedResultsAndErrors()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync(register: false);
            using var admin = new RsClient(kit.Server.BaseAddress, kit.Server.AdminToken, kit.Server.Ca);
            RsResult<RsRegistration> manufacturer = await admin.RegisterManufacturerAsync("Maker");
            RsResult<RsRegistration> vo = await admin.RegisterVisitedOperatorAsync("VO");
            RsResult<RsRegistration> ho = await admin.RegisterHomeOperatorAsync("HO", "ho.m2m.test", new Uri("https://ho.m2m.test/"), kit.Server.Ca.ExportDer());
            Assert.True(manufacturer.IsSuccess && vo.IsSuccess && ho.IsSuccess);
            Assert.Equal(1, vo.Value.Ind);
            Assert.Equal(Convert.ToHexStringLower(RsNafId.For("ho.m2m.test")), ho.Value.NafIdHex);

            using var maker = new RsClient(kit.Server.BaseAddress, manufacturer.Value.Token, kit.Server.Ca);
            using var visited = new RsClient(kit.Server.BaseAddress, vo.Value.Token, kit.Server.Ca);
            using var home = new RsClient(kit.Server.BaseAddress, ho.Value.Token, kit.Server.Ca);
            RsResult<DeviceBatch> batch = await maker.RegisterBatchAsync(1, AkaAlgorithmKind.Milenage);
            ManufacturedDevice device = batch.Value.Devices[0];

            RsResult<AuthenticationInfo> sai = await visited.SendAuthenticationInfoAsync(device.Pimsi, 2);
            RsResult<AuthenticationInfo> unknown = await visited.SendAuthenticationInfoAsync("001019999999999");
            RsResult<AssociationResult> association = await home.AssociateAsync(device.DeviceId);
            TestDevice testDevice = TestDevice.From(device, kit.Service.PimsiRange);
            var client = new DeviceBootstrapClient(kit, testDevice);
            await client.BootstrapAsync();
            RsResult<NafKey> key = await home.GetNafKeyAsync(Encoding.ASCII.GetString(client.BTid));
            RsResult<OutcomeResult> outcome = await home.ReportOutcomeAsync(device.DeviceId, true);

            Assert.Equal(2, sai.Value.Vectors.Count);
            Assert.Equal(AkaResult.Success, testDevice.Authenticate(sai.Value.Vectors[0].Rand, sai.Value.Vectors[0].Autn).Result);
            Assert.Equal(404, unknown.Error.Status);
            Assert.Equal("unknown-subscriber", unknown.Error.Code);
            Assert.True(association.Value.Changed);
            Assert.Equal(client.KsNaf(RsNafId.For("ho.m2m.test")), key.Value.KsNaf);
            Assert.Equal("retired", outcome.Value.State);
            Assert.Equal(kit.Clock.GetUtcNow().AddDays(30).ToUnixTimeMilliseconds(), outcome.Value.PimsiAvailableAt.Value.ToUnixTimeMilliseconds());
        }
    }
}
