using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Tests.Rs;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Tests.Ho
{
    public sealed class HoTwoOperatorsTests
    {
        [Fact]
        public async Task TwoOperators_OneProcess_EachProvisionsItsOwnDeviceFromItsOwnRange()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            HoTestKit.Operator a = kit.Ho;
            HoTestKit.Operator b = await kit.AddOperatorAsync("home-b.m2m.test", "02");

            (HoDeviceClient deviceA, _) = await HoProvisioningTests.ConnectedDeviceAsync(kit, a);
            (HoDeviceClient deviceB, _) = await HoProvisioningTests.ConnectedDeviceAsync(kit, b);
            (UsimPackage packageA, _) = await deviceA.DownloadAsync();
            (UsimPackage packageB, _) = await deviceB.DownloadAsync();

            Assert.NotEqual(a.Server.BaseAddress, b.Server.BaseAddress);
            Assert.NotEqual(a.Service.RsHomeOperatorId, b.Service.RsHomeOperatorId);
            Assert.Equal(NafId.For("home-b.m2m.test"), deviceB.Answer.HomeOperatorId);
            Assert.StartsWith("99901", Encoding.ASCII.GetString(packageA.Body.Imsi));
            Assert.StartsWith("99902", Encoding.ASCII.GetString(packageB.Body.Imsi));
            Assert.True(b.Service.ImsiRange.Contains(Encoding.ASCII.GetString(packageB.Body.Imsi)));

            // Each HSS knows only its own IMSIs.
            RsTestKit.Reply foreign = await a.SaiAsync(Encoding.ASCII.GetString(packageB.Body.Imsi));
            Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
            Assert.Equal("unknown-subscriber", foreign.Code);
        }

        [Fact]
        public async Task Download_AtHoTheDeviceIsNotAssociatedWith_RsRefusesAndHoAnswersNotAssociated()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            HoTestKit.Operator b = await kit.AddOperatorAsync("home-b.m2m.test", "02");
            (HoDeviceClient device, _) = await HoProvisioningTests.ConnectedDeviceAsync(kit);
            string snapshot = b.Snapshot();

            // HO b asks RS for the Ks_NAF of a B-TID whose device is associated with HO a: refused.
            using var asB = new RsClient(kit.Rs.Server.BaseAddress, b.RsToken, kit.Rs.Server.Ca);
            RsResult<NafKey> key = await asB.GetNafKeyAsync(Encoding.ASCII.GetString(device.Bootstrap.BTid));
            Assert.False(key.IsSuccess);
            Assert.Equal(403, key.Error.Status);
            Assert.Equal("not-associated", key.Error.Code);

            // The device contacting HO b (MAC'd under what it would use for b) gets an ErrorAnswer; b stores nothing.
            byte[] request = device.EncodePackageRequest(RandomNumberGenerator.GetBytes(16), ksNaf: device.Bootstrap.KsNaf(NafId.For("home-b.m2m.test")));
            (HttpStatusCode status, byte[] body) = await b.PostBinaryAsync(Emulator.Ho.HoApi.PackagePath, request);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal(ErrorCause.NotAssociated, DeviceBootstrapClient.CauseOf(body));
            Assert.Equal(snapshot, b.Snapshot());
        }

        [Fact]
        public async Task Download_DeviceAssociatedButNotRegisteredAtHo_UnknownIdentityNothingStored()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            TestDevice device = (await kit.Rs.RegisterBatchAsync(1))[0];

            // Associated at RS with this HO's token, bypassing the owner registration.
            using var asHo = new RsClient(kit.Rs.Server.BaseAddress, kit.Ho.RsToken, kit.Rs.Server.Ca);
            Assert.True((await asHo.AssociateAsync(device.DeviceId)).IsSuccess);
            var client = new HoDeviceClient(kit, kit.Ho, device);
            await client.ConnectAsync();
            string snapshot = kit.Ho.Snapshot();

            (HttpStatusCode status, byte[] body) = await client.RequestPackageAsync(RandomNumberGenerator.GetBytes(16));

            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(ErrorCause.UnknownIdentity, DeviceBootstrapClient.CauseOf(body));
            Assert.Equal(Remove(snapshot, "naf_key"), Remove(kit.Ho.Snapshot(), "naf_key"));
            Assert.Null(kit.Ho.Service.GetDevice(device.DeviceId));
        }

        /// <summary>The Ks_NAF cache (naf_key) may fill on any authentic-looking request; everything else must not change.</summary>
        private static string Remove(string snapshot, string table)
        {
            int start = snapshot.IndexOf(table + "=", StringComparison.Ordinal);
            int end = snapshot.IndexOf(';', start);
            return snapshot.Remove(start, end - start);
        }
    }
}
