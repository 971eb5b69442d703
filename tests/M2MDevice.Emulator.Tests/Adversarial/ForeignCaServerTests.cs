using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// Issue 7 part 1 (2): RS serves a certificate from a CA the device does not trust. The network is manufactured
    /// and stopped, its CA is thrown away and the same data directory restarted: RS keeps the device (PIMSI, K,
    /// association, port) but now serves a certificate of a new, unrelated root, while the device's image still holds
    /// the original root as its only trust anchor. The real firmware attaches with its PIMSI (the visited operator's
    /// vectors come from RS as before) and its bootstrap is refused at the TLS step; nothing is installed.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ForeignCaServerTests : IDisposable
    {
        private readonly ITestOutputHelper output;
        private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "m2m-adversary-" + Guid.NewGuid().ToString("N"));

        public ForeignCaServerTests(ITestOutputHelper output)
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
        public async Task Bootstrap_RsCertificateFromUnrelatedCa_TlsFailedNothingInstalled()
        {
            ManufacturedUnit unit;
            string originalRoot;
            await using (NetworkComposition first = await NetworkComposition.StartAsync(this.Options()))
            {
                unit = (await EndToEndKit.ManufactureAsync(first, 1)).Single();
                await EndToEndKit.RegisterAsync(first, first.HomeOperators[0], unit.DeviceId);
                originalRoot = first.Ca.Certificate.Thumbprint;
            }

            Directory.Delete(Path.Combine(this.dataDirectory, "pki"), true);
            var trace = new TraceRecorder();
            NetworkCompositionOptions options = this.Options();
            options.Trace = trace;
            await using NetworkComposition network = await NetworkComposition.StartAsync(options);
            ComposedHomeOperator ho = network.HomeOperators[0];
            Assert.NotEqual(originalRoot, network.Ca.Certificate.Thumbprint);

            DeviceFleetOptions fleet = EndToEndKit.FleetOptions(1);
            fleet.DeviceTimeout = TimeSpan.FromSeconds(6);
            var runner = new FirmwareDeviceRunner(fleet);
            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, new[] { new DeviceRunSpec(unit, ho.Name, false) }, null, null, EndToEndKit.Deadline());

            EndToEndKit.Report(this.output, runner, results);
            DeviceRunResult refused = Assert.Single(results);
            EmulatedDevice device = runner.LastDevices[0];
            string explain = EndToEndKit.Explain(refused, device);
            this.output.WriteLine(explain);
            Assert.Contains(device.Transitions, t => t.To == ProvisioningState.Bootstrapping);
            Assert.True(refused.Outcome == DeviceRunOutcome.Failed || refused.Outcome == DeviceRunOutcome.TimedOut, explain);
            Assert.Equal(TransportResult.TlsFailed, device.Runtime.Status.LastTransportResult);
            Assert.Equal(ProvisioningError.TransportFailed, device.Runtime.Status.LastError);
            Assert.Equal(0, device.Runtime.Status.Bootstraps);
            Assert.Equal(0, device.Runtime.Status.PackageRequests);
            Assert.Null(refused.Imsi);
            Assert.Equal(UsimIdentityKind.Preliminary, device.Runtime.ActiveIdentity);
            Assert.Equal(unit.Pimsi, device.Modem.SimInfo.Imsi);

            Assert.DoesNotContain(trace.Snapshot(), e => e.Message == TraceMessage.BootstrapChallenge || e.Message == TraceMessage.BootstrapResponse);
            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.NotEqual(DeviceStage.Provisioned, status.Stage);
            Assert.NotEqual("retired", status.Rs.State);
            Assert.Null(status.Ho.Imsi);
        }

        private NetworkCompositionOptions Options()
        {
            NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(1);
            options.DataDirectory = this.dataDirectory;
            return options;
        }
    }
}
