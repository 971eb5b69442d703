using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// Issue 7 part 1 (2): RS and the HOs serve certificates that expired (the whole network, CA included, was set up
    /// with a clock 400 days in the past, so every server certificate's one-year validity is over in real time) while
    /// the device's modem checks validity at the real time. The real firmware attaches with its PIMSI, but its
    /// bootstrap over the modem's HTTPS is refused at the TLS step (TlsFailed surfaced as the transport result): RS never
    /// sees a bootstrap request, nothing is installed and the device keeps its preliminary identity.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ExpiredServerCertificateTests
    {
        private readonly ITestOutputHelper output;

        public ExpiredServerCertificateTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task Bootstrap_RsCertificateExpired_TlsFailedNothingInstalled()
        {
            NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(1);
            options.Clock = new ManualTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(400));
            var trace = new TraceRecorder();
            options.Trace = trace;
            await using NetworkComposition network = await NetworkComposition.StartAsync(options);
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = (await EndToEndKit.ManufactureAsync(network, 1)).Single();
            await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);

            DeviceFleetOptions fleet = EndToEndKit.FleetOptions(1);
            fleet.DeviceTimeout = TimeSpan.FromSeconds(8);
            var runner = new FirmwareDeviceRunner(fleet);
            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, new[] { new DeviceRunSpec(unit, ho.Name, false) }, null, null, EndToEndKit.Deadline());

            EndToEndKit.Report(this.output, runner, results);
            DeviceRunResult refused = Assert.Single(results);
            EmulatedDevice device = runner.LastDevices[0];
            string explain = EndToEndKit.Explain(refused, device);
            this.output.WriteLine(explain);

            // It got as far as the PIMSI attach (vectors from RS over the servers' own links, which use the network's clock).
            Assert.Contains(device.Transitions, t => t.To == ProvisioningState.Bootstrapping);
            Assert.True(refused.Outcome == DeviceRunOutcome.Failed || refused.Outcome == DeviceRunOutcome.TimedOut, explain);
            Assert.Equal(TransportResult.TlsFailed, device.Runtime.Status.LastTransportResult);
            Assert.Equal(ProvisioningError.TransportFailed, device.Runtime.Status.LastError);
            Assert.Equal(0, device.Runtime.Status.Bootstraps);
            Assert.Equal(0, device.Runtime.Status.PackageRequests);

            // Nothing installed on the device.
            Assert.Null(refused.Imsi);
            Assert.Equal(UsimIdentityKind.Preliminary, device.Runtime.ActiveIdentity);
            Assert.NotEqual(ProvisioningState.Provisioned, device.Runtime.ProvisioningState);
            Assert.Equal(unit.Pimsi, device.Modem.SimInfo.Imsi);

            // No bootstrap request ever reached RS; RS and the HO still hold the device as associated, not provisioned.
            Assert.DoesNotContain(trace.Snapshot(), e => e.Message == TraceMessage.BootstrapChallenge || e.Message == TraceMessage.BootstrapResponse);
            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.NotEqual(DeviceStage.Provisioned, status.Stage);
            Assert.NotEqual("retired", status.Rs.State);
            Assert.Null(status.Ho.Imsi);
        }
    }
}
