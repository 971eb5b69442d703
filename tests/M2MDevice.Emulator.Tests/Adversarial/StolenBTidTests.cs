using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Emulator.Tests.Rs;
using M2MDevice.Protocol;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// Issue 7 part 1 (3) and (4): a B-TID that the real firmware obtained at RS (read back from the HO's store after
    /// two devices provisioned) is used by parties it does not belong to. A home operator the device is not associated
    /// with asks RS over Zn for its Ks_NAF and is refused (403 not-associated); another device (which does not know the
    /// victim's Ks_NAF) sends a package request under the victim's B-TID and the HO refuses it (authentication failed)
    /// without storing a package.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class StolenBTidTests : IDisposable
    {
        private readonly ITestOutputHelper output;
        private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "m2m-adversary-" + Guid.NewGuid().ToString("N"));

        public StolenBTidTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public void Dispose()
        {
            if (Directory.Exists(this.dataDirectory))
            {
                Directory.Delete(this.dataDirectory, true);
            }
        }

        [Fact]
        public async Task ZnNafKey_HomeOperatorNotAssociated_Refused403NotAssociated()
        {
            // The HO's subscribers have no coverage anywhere, so the device downloads its package, cannot attach with
            // the operational IMSI, rolls back and never reports success: its bootstrap session at RS stays alive
            // (RS deletes sessions once the PIMSI is retired).
            NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(1);
            options.DataDirectory = this.dataDirectory;
            options.HomeOperators[0].InCoverage = false;
            foreach (VisitedOperatorSpec vo in options.VisitedOperators)
            {
                vo.HomeOperators = Array.Empty<string>();
            }

            await using NetworkComposition network = await NetworkComposition.StartAsync(options);
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = (await EndToEndKit.ManufactureAsync(network, 1)).Single();
            await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);
            DeviceFleetOptions fleet = EndToEndKit.FleetOptions(1);
            fleet.DeviceTimeout = TimeSpan.FromSeconds(6);
            var runner = new FirmwareDeviceRunner(fleet);
            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, new[] { new DeviceRunSpec(unit, ho.Name, false) }, null, null, EndToEndKit.Deadline());
            EndToEndKit.Report(this.output, runner, results);
            Assert.NotEqual(DeviceRunOutcome.Provisioned, results[0].Outcome);
            Assert.True(runner.LastDevices[0].Runtime.Status.PackageRequests >= 1, EndToEndKit.Explain(results[0], runner.LastDevices[0]));
            string btid = this.BTidOf(ho, unit.DeviceId);

            // A second home operator, properly registered at RS, that the device was never associated with.
            using RsClient admin = network.CreateRsClient(network.RsAdminToken);
            RsResult<RsRegistration> rogue = await admin.RegisterHomeOperatorAsync("Rogue HO", "rogue-ho.m2m.test", new Uri("https://rogue-ho.m2m.test:4443/"), network.Ca.ExportDer());
            Assert.True(rogue.IsSuccess, rogue.Error?.ToString());
            using RsClient zn = network.CreateRsClient(rogue.Value.Token);

            RsResult<NafKey> key = await zn.GetNafKeyAsync(btid);

            Assert.False(key.IsSuccess);
            Assert.Null(key.Value);
            Assert.Equal(403, key.Error.Status);
            Assert.Equal("not-associated", key.Error.Code);

            // The device stays associated with its own HO and is not retired.
            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.NotEqual(DeviceStage.Provisioned, status.Stage);
            Assert.NotEqual("retired", status.Rs.State);
            Assert.Equal(ho.RsHomeOperatorId, status.Rs.HomeOperatorId);
        }

        [Fact]
        public async Task PackageRequest_BTidOfAnotherDevice_HoRefusesAuthenticationFailedNothingStored()
        {
            NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(1);
            options.DataDirectory = this.dataDirectory;
            await using NetworkComposition network = await NetworkComposition.StartAsync(options);
            ComposedHomeOperator ho = network.HomeOperators[0];
            IReadOnlyList<ManufacturedUnit> units = await this.ProvisionAsync(network, ho, 2);
            string victimBTid = this.BTidOf(ho, units[1].DeviceId);
            int packagesBefore = this.PackageCount(ho, victimBTid);

            // The attacker knows the victim's B-TID (it is sent in clear) but not its Ks_NAF: it keys the MAC with its guess.
            var request = new PackageRequest { BTid = Encoding.ASCII.GetBytes(victimBTid), DeviceNonce = RandomNumberGenerator.GetBytes(16) };
            byte[] guess = RandomNumberGenerator.GetBytes(MessageProtection.KsNafSize);
            byte[] message = DeviceBootstrapClient.Encode(b => (request.Encode(new MessageProtection(), guess, 0, b, 0, b.Length, out int n), n));
            using HttpClient http = network.CreateHttpClient(ho.BaseAddress);
            using var content = new ByteArrayContent(message);
            content.Headers.ContentType = new MediaTypeHeaderValue(RsApi.OctetStream);

            using HttpResponseMessage response = await http.PostAsync(HoApi.PackagePath, content);
            byte[] body = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(ErrorCause.AuthenticationFailed, DeviceBootstrapClient.CauseOf(body));
            Assert.Equal(packagesBefore, this.PackageCount(ho, victimBTid));
            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, units[1].DeviceId);
            Assert.Equal(DeviceStage.Provisioned, status.Stage);
            Assert.Equal(0, status.Ho.FailureCount);
        }

        private async Task<IReadOnlyList<ManufacturedUnit>> ProvisionAsync(NetworkComposition network, ComposedHomeOperator ho, int count)
        {
            IReadOnlyList<ManufacturedUnit> units = await EndToEndKit.ManufactureAsync(network, count);
            foreach (ManufacturedUnit unit in units)
            {
                await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);
            }

            var runner = new FirmwareDeviceRunner(EndToEndKit.FleetOptions(count));
            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, units.Select(u => new DeviceRunSpec(u, ho.Name, true)).ToArray(), null, null, EndToEndKit.Deadline());
            EndToEndKit.Report(this.output, runner, results);
            for (int i = 0; i < count; i++)
            {
                await EndToEndKit.AssertProvisionedAsync(network, ho, units[i], results[i], runner.LastDevices[i]);
            }

            return units;
        }

        // The B-TID the device used at its HO (the HO keeps it with the Ks_NAF it fetched over Zn; public identifier).
        private string BTidOf(ComposedHomeOperator ho, string deviceId)
        {
            using SqliteConnection connection = this.Open(ho);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT btid FROM naf_key WHERE device_id = $id ORDER BY expires_at DESC LIMIT 1";
            command.Parameters.AddWithValue("$id", deviceId);
            string btid = Assert.IsType<string>(command.ExecuteScalar());
            Assert.EndsWith("@" + "rs.m2m.test", btid);
            return btid;
        }

        private int PackageCount(ComposedHomeOperator ho, string btid)
        {
            using SqliteConnection connection = this.Open(ho);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM package WHERE btid = $btid";
            command.Parameters.AddWithValue("$btid", btid);
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        private SqliteConnection Open(ComposedHomeOperator ho)
        {
            string path = Path.Combine(this.dataDirectory, "ho-" + ho.Spec.NafHost, HoStore.FileName);
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }
    }
}
