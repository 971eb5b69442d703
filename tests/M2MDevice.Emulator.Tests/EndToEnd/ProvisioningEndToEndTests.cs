using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Scenario;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.EndToEnd
{
    /// <summary>
    /// Issue 6 part 5 (a), (b), (e): real firmware in emulated devices with real emulated modems, the VO core asking
    /// RS for PIMSI vectors and the HOs for IMSI vectors, RS and HOs over loopback TLS; every device goes from its
    /// factory image to Provisioned, and RS and the HO agree through their APIs.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ProvisioningEndToEndTests
    {
        private readonly ITestOutputHelper output;

        public ProvisioningEndToEndTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task OneDevice_RegisteredWithOwner_ProvisionedAndRetiredAtRs()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ManufacturedUnit unit = (await EndToEndKit.ManufactureAsync(network, 1)).Single();
            ComposedHomeOperator ho = network.HomeOperators[0];
            await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);
            var runner = new FirmwareDeviceRunner(EndToEndKit.FleetOptions(1));

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, new[] { new DeviceRunSpec(unit, ho.Name, true) }, null, null, EndToEndKit.Deadline());

            EndToEndKit.Report(this.output, runner, results);
            DeviceRunResult result = Assert.Single(results);
            EmulatedDevice device = runner.LastDevices[0];
            await EndToEndKit.AssertProvisionedAsync(network, ho, unit, result, device);
            Assert.Equal(1, device.Runtime.Status.Bootstraps);
            Assert.Equal(0, device.Runtime.Status.PendingAnswers);
            Assert.Equal(DevicePhase.All, result.Phases.Select(p => p.Phase).ToArray());
        }

        [Fact]
        public async Task TwentyFiveDevices_OneHomeOperator_AllProvisionedWithDistinctImsis()
        {
            const int Count = 25;
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            IReadOnlyList<ManufacturedUnit> units = await EndToEndKit.ManufactureAsync(network, Count);
            ComposedHomeOperator ho = network.HomeOperators[0];
            foreach (ManufacturedUnit unit in units)
            {
                await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);
            }

            var runner = new FirmwareDeviceRunner(EndToEndKit.FleetOptions(2));

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, units.Select(u => new DeviceRunSpec(u, ho.Name, true)).ToList(), null, null, EndToEndKit.Deadline());

            EndToEndKit.Report(this.output, runner, results);
            Assert.Equal(units.Select(u => u.DeviceId), results.Select(r => r.DeviceId));
            for (int i = 0; i < Count; i++)
            {
                await EndToEndKit.AssertProvisionedAsync(network, ho, units[i], results[i], runner.LastDevices[i]);
            }

            Assert.Equal(Count, results.Select(r => r.Imsi).Distinct().Count());
            Assert.Equal(Count, units.Select(u => u.Pimsi).Distinct().Count());
        }

        [Fact]
        public async Task TwoHomeOperators_DevicesSpreadAcrossBoth_EachImsiFromItsOwnHomeOperator()
        {
            const int Count = 8;
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(2));
            IReadOnlyList<ManufacturedUnit> units = await EndToEndKit.ManufactureAsync(network, Count);
            var specs = new List<DeviceRunSpec>();
            for (int i = 0; i < Count; i++)
            {
                ComposedHomeOperator chosen = network.HomeOperators[i % 2];
                await EndToEndKit.RegisterAsync(network, chosen, units[i].DeviceId);
                specs.Add(new DeviceRunSpec(units[i], chosen.Name, true));
            }

            var runner = new FirmwareDeviceRunner(EndToEndKit.FleetOptions(2));

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, null, EndToEndKit.Deadline());

            EndToEndKit.Report(this.output, runner, results);
            ComposedHomeOperator alpha = network.HomeOperators[0];
            ComposedHomeOperator beta = network.HomeOperators[1];
            Assert.NotEqual(alpha.Plmn, beta.Plmn);
            for (int i = 0; i < Count; i++)
            {
                ComposedHomeOperator own = network.FindHomeOperator(specs[i].HomeOperatorName);
                ComposedHomeOperator other = own == alpha ? beta : alpha;
                await EndToEndKit.AssertProvisionedAsync(network, own, units[i], results[i], runner.LastDevices[i]);
                Assert.False(other.Spec.ImsiRange.Contains(results[i].Imsi), results[i].Imsi + " is in the other operator's range too");

                // The other HO does not know the device: only its own HO issued a profile.
                DeviceStatus atOther = await EndToEndKit.StatusAsync(network, other, units[i].DeviceId);
                Assert.Null(atOther.Ho);
            }

            Assert.Equal(Count / 2, results.Count(r => alpha.Spec.ImsiRange.Contains(r.Imsi)));
            Assert.Equal(Count / 2, results.Count(r => beta.Spec.ImsiRange.Contains(r.Imsi)));
        }
    }
}
