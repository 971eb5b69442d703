using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using M2MDevice.Emulator.Faults;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.Hal;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// Issue 7 part 2, power: the whole provisioning of a real firmware device through the emulated network (first boot
    /// from the manufacture image, SIM bring-up, attach AKA with its SQN writes, RS bootstrap, home-operator query,
    /// download, install, switch, attach with the new IMSI, receipt) is run once to count its flash program/erase
    /// operations N and programmed bytes B. Then, for every cut point i in 1..N (and for seeded byte positions in B), a
    /// fresh device of the same batch loses power at that write (the simulated flash tears the cut write at a seeded
    /// byte), powers up again from what the flash holds (new core, new modem, the same servers) and must end provisioned
    /// with its operational IMSI, its key store mounting from the flash alone, and RS and the HO agreeing.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class PowerCutEndToEndTests
    {
        private const int BytePoints = 8;

        private readonly ITestOutputHelper output;

        public PowerCutEndToEndTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task PowerCut_AtEveryFlashOperationOfAWholeProvisioning_EveryDeviceRecoversProvisioned()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            (int operations, _) = await ReferenceAsync(network);
            this.output.WriteLine($"reference run: {operations} flash operations");
            List<int> points = Enumerable.Range(1, operations).ToList();

            string found = await CutAndRecoverAsync(network, points, (flash, point) => flash.ArmCutAfterOperations(point - 1), "flash operation");

            this.output.WriteLine($"whole provisioning end to end: {operations} flash program/erase operations = cut points, {found}; every device provisioned (RS and HO agree)");
        }

        [Fact]
        public async Task PowerCut_AtSeededProgrammedBytes_EveryDeviceRecoversProvisioned()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            (_, int bytes) = await ReferenceAsync(network);
            var random = new Random(20261128);
            var points = new SortedSet<int>();
            while (points.Count < BytePoints)
            {
                points.Add(random.Next(0, bytes));
            }

            string found = await CutAndRecoverAsync(network, points.ToList(), (flash, point) => flash.ArmCutAfterProgrammedBytes(point), "programmed byte");

            this.output.WriteLine($"whole provisioning end to end: {bytes} programmed bytes; cut after bytes {string.Join(", ", points)} (seed 20261128): {found}; every device provisioned (RS and HO agree)");
        }

        /// <summary>One uninterrupted provisioning: its flash operations and programmed bytes.</summary>
        private static async Task<(int Operations, int Bytes)> ReferenceAsync(NetworkComposition network)
        {
            ManufacturedUnit unit = await ModemFaultKit.OneRegisteredAsync(network);
            using RebootableDevice reference = ModemFaultKit.Device(network, unit, 0);
            RebootableDeviceStop stop = await Task.Run(() => reference.Run(ModemFaultKit.RunLimit));
            Assert.True(stop == RebootableDeviceStop.Provisioned, stop + "\n" + reference.RecentLog);
            await ModemFaultKit.AssertProvisionedAsync(network, network.HomeOperators[0], unit, reference, "reference run");
            Assert.True(reference.Flash.OperationCount > 0);
            return (reference.Flash.OperationCount, reference.Flash.TotalProgrammedBytes);
        }

        /// <summary>
        /// A fresh device per point: armed, run to the cut, powered up again, run to the end. A run may be a few operations
        /// shorter than the reference (a retry the reference took); a point beyond its end only has to provision.
        /// Returns a summary: cuts made and what the boots after them found.
        /// </summary>
        private static async Task<string> CutAndRecoverAsync(NetworkComposition network, IReadOnlyList<int> points, Action<SimulatedFlash, int> arm, string unitName)
        {
            ComposedHomeOperator ho = network.HomeOperators[0];
            IReadOnlyList<ManufacturedUnit> units = await EndToEndKit.ManufactureAsync(network, points.Count);
            foreach (ManufacturedUnit unit in units)
            {
                await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);
            }

            var found = new SortedDictionary<string, int>(StringComparer.Ordinal);
            int notReached = 0;
            for (int k = 0; k < points.Count; k++)
            {
                string where = $"cut at {unitName} {points[k]}";
                using RebootableDevice device = ModemFaultKit.Device(network, units[k], k + 1);
                arm(device.Flash, points[k]);

                RebootableDeviceStop stop = await Task.Run(() => device.Run(ModemFaultKit.RunLimit));
                if (stop == RebootableDeviceStop.Provisioned)
                {
                    // The reference run took a retry this one did not (the count varies by a few): nothing to cut here.
                    int done = unitName == "flash operation" ? device.Flash.OperationCount : device.Flash.TotalProgrammedBytes;
                    Assert.True(points[k] >= done, where + ": not reached in a run of " + done);
                    await ModemFaultKit.AssertProvisionedAsync(network, ho, units[k], device, where);
                    notReached++;
                    continue;
                }

                Assert.True(stop == RebootableDeviceStop.PowerCut, where + ": " + stop + "\n" + device.RecentLog);

                stop = await Task.Run(() => device.Run(ModemFaultKit.RunLimit));
                Assert.True(stop == RebootableDeviceStop.Provisioned, where + ": after power-up " + stop + "\n" + device.RecentLog);
                Assert.Equal(2, device.Boots);
                await ModemFaultKit.AssertProvisionedAsync(network, ho, units[k], device, where);
                string start = device.LastStart ?? "a blank store";
                found[start] = found.TryGetValue(start, out int seen) ? seen + 1 : 1;
            }

            return $"{points.Count - notReached} cut ({notReached} beyond a run shorter than the reference); boots after the cut found: " + string.Join("; ", found.Select(f => f.Key + " x" + f.Value));
        }
    }
}
