using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.EndToEnd
{
    /// <summary>
    /// Issue 6 part 5 (d): a device whose PIMSI this network's RS never registered (its image was made by a second,
    /// unrelated RS whose PIMSIs fall in the same 001 01 range) is refused at attach: the VO asks RS for vectors, RS
    /// answers unknown-subscriber, the VO rejects with #2 "IMSI unknown in HLR" (docs/rs-api.md), and the device never
    /// provisions. A registered device in the same run provisions, so the refusal is the PIMSI's and not the network's.
    /// Likewise a PIMSI that RS removed from service (retired once its device provisioned) is refused for a second
    /// device started from the same factory image.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class UnknownPimsiEndToEndTests
    {
        private readonly ITestOutputHelper output;

        public UnknownPimsiEndToEndTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task PimsiOfAnotherRs_RejectedImsiUnknownAtAttach_NeverProvisions()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit known = (await EndToEndKit.ManufactureAsync(network, 1)).Single();
            await EndToEndKit.RegisterAsync(network, ho, known.DeviceId);

            // An unrelated network: its own CA, RS and HO; its RS allocates from the top half of the same PIMSI range.
            ManufacturedUnit stranger;
            NetworkCompositionOptions otherOptions = NetworkCompositionOptions.CreateDefault(1);
            otherOptions.PimsiRange = new PimsiRange("001", "01", 500_000, 999_999);
            await using (NetworkComposition other = await NetworkComposition.StartAsync(otherOptions))
            {
                stranger = (await EndToEndKit.ManufactureAsync(other, 1)).Single();
                await EndToEndKit.RegisterAsync(other, other.HomeOperators[0], stranger.DeviceId);
            }

            Assert.True(network.Options.PimsiRange.Contains(stranger.Pimsi), stranger.Pimsi + " is outside the range the VO forwards to RS");
            Assert.NotEqual(known.Pimsi, stranger.Pimsi);
            DeviceStatus atRs = await EndToEndKit.StatusAsync(network, null, stranger.DeviceId);
            Assert.Equal(DeviceStage.Unknown, atRs.Stage);
            Assert.Null(atRs.Rs);

            // The firmware abandons a USIM rejected with #2 (TS 24.301 5.5.1.2.5) and ends Suspended, or keeps
            // cycling until the time limit: either way it must never provision. A short limit keeps the test fast.
            DeviceFleetOptions options = EndToEndKit.FleetOptions(2);
            options.DeviceTimeout = TimeSpan.FromSeconds(10);
            var runner = new FirmwareDeviceRunner(options);
            var specs = new[] { new DeviceRunSpec(known, ho.Name, true), new DeviceRunSpec(stranger, ho.Name, false) };

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, null, EndToEndKit.Deadline());

            EndToEndKit.Report(this.output, runner, results);
            await EndToEndKit.AssertProvisionedAsync(network, ho, known, results[0], runner.LastDevices[0]);

            DeviceRunResult refused = results[1];
            EmulatedDevice device = runner.LastDevices[1];
            string explain = EndToEndKit.Explain(refused, device);
            Assert.True(refused.Outcome == DeviceRunOutcome.Failed || refused.Outcome == DeviceRunOutcome.TimedOut, explain);
            Assert.Null(refused.Imsi);
            Assert.Equal(UsimIdentityKind.Preliminary, device.Runtime.ActiveIdentity);
            Assert.NotEqual(ProvisioningState.Provisioned, device.Runtime.ProvisioningState);

            // The reason is the VO's reject cause, visible in the device's status and in the failure reason.
            Assert.Equal(NasCause.ImsiUnknownInHlr, device.Runtime.Status.LastRejectCause);
            Assert.Contains("cause " + NasCause.ImsiUnknownInHlr + ")", refused.FailureReason);
            Assert.Equal(0, device.Runtime.Status.Bootstraps);
            Assert.DoesNotContain(device.Transitions, t => t.To == ProvisioningState.Bootstrapping);

            // It backed off and tried again, and was refused again: the refusal is stable, not a glitch.
            Assert.True(device.Transitions.Count(t => t.To == ProvisioningState.PreliminaryAttach) >= 2, string.Join(", ", device.Transitions.Select(t => t.To)));
            Assert.Null(refused.ServingPlmn);

            // Nothing about it reached this network's RS or HO.
            DeviceStatus after = await EndToEndKit.StatusAsync(network, ho, stranger.DeviceId);
            Assert.Equal(DeviceStage.Unknown, after.Stage);
            Assert.Null(after.Rs);
            Assert.Null(after.Ho);
        }

        [Fact]
        public async Task RetiredPimsi_SameFactoryImageRunAgain_RejectedImsiUnknownAndHoRecordUnchanged()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = (await EndToEndKit.ManufactureAsync(network, 1)).Single();
            await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);
            var spec = new DeviceRunSpec(unit, ho.Name, true);
            var first = new FirmwareDeviceRunner(EndToEndKit.FleetOptions(1));
            DeviceRunResult provisioned = (await first.RunAsync(network, new[] { spec }, null, null, EndToEndKit.Deadline())).Single();
            await EndToEndKit.AssertProvisionedAsync(network, ho, unit, provisioned, first.LastDevices[0]);

            // A second board flashed with the same image (e.g. a cloned or refurbished unit): its PIMSI is retired at RS.
            DeviceFleetOptions options = EndToEndKit.FleetOptions(1);
            options.DeviceTimeout = TimeSpan.FromSeconds(10);
            var second = new FirmwareDeviceRunner(options);
            IReadOnlyList<DeviceRunResult> results = await second.RunAsync(network, new[] { new DeviceRunSpec(unit, ho.Name, false) }, null, null, EndToEndKit.Deadline());

            EndToEndKit.Report(this.output, second, results);
            DeviceRunResult refused = Assert.Single(results);
            EmulatedDevice device = second.LastDevices[0];
            string explain = EndToEndKit.Explain(refused, device);
            Assert.True(refused.Outcome == DeviceRunOutcome.Failed || refused.Outcome == DeviceRunOutcome.TimedOut, explain);
            Assert.Null(refused.Imsi);
            Assert.Equal(UsimIdentityKind.Preliminary, device.Runtime.ActiveIdentity);
            Assert.Equal(NasCause.ImsiUnknownInHlr, device.Runtime.Status.LastRejectCause);
            Assert.Contains("cause " + NasCause.ImsiUnknownInHlr + ")", refused.FailureReason);
            Assert.DoesNotContain(device.Transitions, t => t.To == ProvisioningState.Bootstrapping);

            // RS and the HO still hold the first device's outcome, untouched by the refused clone.
            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.Equal(DeviceStage.Provisioned, status.Stage);
            Assert.Equal("retired", status.Rs.State);
            Assert.Equal(provisioned.Imsi, status.Ho.Imsi);
            Assert.Equal(0, status.Ho.FailureCount);
        }
    }
}
