using System;
using System.Collections.Generic;
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
    /// Issue 7 part 1 (6): two boards flashed with the same factory image (a cloned PIMSI and K) run at the same time
    /// against the real network. At most one of them provisions; the other ends without an operational identity, and
    /// RS and the HO hold exactly one consistent outcome for the device id (PIMSI retired, one IMSI). The HO records each
    /// refusal of the clone ("suspected clone") in the trace and its log.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ClonedPimsiTests
    {
        private readonly ITestOutputHelper output;

        public ClonedPimsiTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task ClonedImage_TwoBoardsAtOnce_AtMostOneProvisionsAndRecordsConsistent()
        {
            var trace = new TraceRecorder();
            await using NetworkComposition network = await NetworkComposition.StartAsync(AdversaryKit.TracedOptions(trace));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = (await EndToEndKit.ManufactureAsync(network, 1)).Single();
            await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);

            DeviceFleetOptions options = EndToEndKit.FleetOptions(2);
            options.DeviceTimeout = TimeSpan.FromSeconds(12);
            var runner = new FirmwareDeviceRunner(options);
            var specs = new[] { new DeviceRunSpec(unit, ho.Name, true), new DeviceRunSpec(unit, ho.Name, true) };

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, null, EndToEndKit.Deadline());

            EndToEndKit.Report(this.output, runner, results);
            for (int i = 0; i < results.Count; i++)
            {
                this.output.WriteLine(EndToEndKit.Explain(results[i], runner.LastDevices[i]));
            }

            int[] provisioned = Enumerable.Range(0, results.Count).Where(i => results[i].Outcome == DeviceRunOutcome.Provisioned).ToArray();
            Assert.True(provisioned.Length <= 1, "both clones provisioned: " + string.Join(", ", results.Select(r => r.Imsi)));

            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            if (provisioned.Length == 1)
            {
                int winner = provisioned[0];
                await EndToEndKit.AssertProvisionedAsync(network, ho, unit, results[winner], runner.LastDevices[winner]);
                int loser = 1 - winner;
                EmulatedDevice clone = runner.LastDevices[loser];
                Assert.Null(results[loser].Imsi);
                Assert.Equal(UsimIdentityKind.Preliminary, clone.Runtime.ActiveIdentity);
                Assert.NotEqual(ProvisioningState.Provisioned, clone.Runtime.ProvisioningState);
                Assert.NotEqual(results[winner].Imsi, clone.Modem.SimInfo.Imsi);

                // Detected and reported: both boards reach the HO together (same image, same timings), and the HO refuses the
                // second bootstrap session's package request and records it ("suspected clone", trace and log).
                int refusals = trace.Snapshot().Count(e => e.DeviceId == unit.DeviceId && e.Message == TraceMessage.PackageRefusedClone);
                this.output.WriteLine($"clone refusals recorded by the HO: {refusals}");
                Assert.True(refusals > 0, "the HO recorded no suspected-clone refusal");
            }
            else
            {
                // Neither won: nothing may be recorded as provisioned and the PIMSI must not be retired.
                Assert.NotEqual(DeviceStage.Provisioned, status.Stage);
                Assert.NotEqual("retired", status.Rs.State);
                foreach (EmulatedDevice device in runner.LastDevices)
                {
                    Assert.Equal(UsimIdentityKind.Preliminary, device.Runtime.ActiveIdentity);
                }
            }
        }
    }
}
