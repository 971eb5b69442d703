using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;

namespace M2MDevice.Emulator.Tests.Devices
{
    /// <summary>
    /// <see cref="DeviceFleetOptions.KeepAttached"/> (issue 8, UE-simulator style): every device that provisioned stays
    /// alive and registered at its home operator until the run ends, while the window still limits the devices
    /// provisioning at once; the run counts the attached devices from the modems, then shuts all down.
    /// </summary>
    public sealed class ResidentFleetTests
    {
        private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

        [Fact]
        public async Task FiveDevices_KeepAttachedWindowOfTwo_AllRegisteredAtHomeTogetherAtEnd()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(2));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 5);
            var options = new DeviceFleetOptions { WorkerCount = 2, MaxActiveDevices = 2, DeviceTimeout = RunLimit, KeepAttached = true, KeepFinishedDevices = false };
            object gate = new object();
            var devices = new List<EmulatedDevice>();
            int created = 0;
            int finished = 0;
            int mostProvisioning = 0;
            string[] servingAtLastOutcome = null;
            EmulatedDevice Create(int index)
            {
                DeviceRunSpec spec = specs[index];
                var device = new EmulatedDevice(spec.Unit.DeviceId, spec.Unit.Image, spec.Unit.Keys.ToKeyProvider(), network.Radio, true, index, options, null);
                lock (gate)
                {
                    created++;
                    devices.Add(device);
                    mostProvisioning = Math.Max(mostProvisioning, created - finished);
                }

                return device;
            }

            FleetRunStatistics run = await new DeviceFleet(options).RunAsync(
                specs.Count,
                Create,
                device =>
                {
                    lock (gate)
                    {
                        finished++;
                        if (finished == specs.Count)
                        {
                            // The last outcome: every earlier device must still be registered, read from its modem.
                            servingAtLastOutcome = devices.Select(Serving).ToArray();
                        }
                    }
                },
                Cancel());

            Assert.Equal(5, run.Devices);
            Assert.InRange(mostProvisioning, 1, 2);
            Assert.All(devices, d => Assert.True(d.Outcome == DeviceRunOutcome.Provisioned, d.DeviceId + ": " + d.FailureReason));
            Assert.Equal(5, run.Resident);
            Assert.Equal(5, run.AttachedAtEnd);
            Assert.True(run.ResidentManagedBytes > 0);
            Assert.NotNull(servingAtLastOutcome);
            for (int i = 0; i < devices.Count; i++)
            {
                EmulatedDevice device = devices[i];
                ComposedHomeOperator ho = network.FindHomeOperator(specs[device.Index].HomeOperatorName);

                // Registered at home (TS 27.007 stat 1) on the home operator's own cell, under the operational IMSI.
                Assert.Equal($"{RegistrationStatus.Home} {ho.Plmn} {device.OperationalImsi}", servingAtLastOutcome[i]);
                Assert.StartsWith(ho.Plmn, device.OperationalImsi, StringComparison.Ordinal);
                Assert.NotEqual(specs[device.Index].Unit.Pimsi, device.OperationalImsi);
            }

            Assert.All(devices, d => Assert.Null(d.ResidentFault));
        }

        [Fact]
        public async Task ThreeDevices_KeepAttachedOff_NoneResidentNoneCounted()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 3);
            var runner = new FirmwareDeviceRunner(new DeviceFleetOptions { WorkerCount = 1, MaxActiveDevices = 2, DeviceTimeout = RunLimit });

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, null, Cancel());

            Assert.All(results, r => Assert.True(r.Outcome == DeviceRunOutcome.Provisioned, r.FailureReason));
            Assert.All(runner.LastDevices, d => Assert.False(d.IsResident));
            Assert.Equal(0, runner.LastRun.Resident);
            Assert.Equal(0, runner.LastRun.AttachedAtEnd);
            Assert.Equal(0, runner.LastRun.ResidentManagedBytes);
            Assert.DoesNotContain("staying attached", runner.Name, StringComparison.Ordinal);
        }

        [Fact]
        public async Task FourDevices_RunnerKeepAttached_ResultsInOrderAndAllAttached()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(2));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 4);
            var runner = new FirmwareDeviceRunner(new DeviceFleetOptions { WorkerCount = 1, MaxActiveDevices = 1, DeviceTimeout = RunLimit, KeepAttached = true });

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, null, Cancel());

            Assert.Equal(specs.Select(s => s.Unit.DeviceId), results.Select(r => r.DeviceId));
            Assert.All(results, r => Assert.True(r.Outcome == DeviceRunOutcome.Provisioned, r.FailureReason));
            Assert.Equal(4, runner.LastRun.Resident);
            Assert.Equal(4, runner.LastRun.AttachedAtEnd);
            Assert.Contains("staying attached", runner.Name, StringComparison.Ordinal);

            // Kept devices (KeepFinishedDevices) keep their full log; each one provisioned as a resident.
            Assert.All(runner.LastDevices, d => Assert.True(d.IsResident, d.DeviceId));
            Assert.All(runner.LastDevices, d => Assert.Contains(d.RecentLog, line => line.Contains("-> Provisioned", StringComparison.Ordinal)));
        }

        [Fact]
        public void Options_NoResidentTick_Refused()
        {
            Assert.Throws<ArgumentException>(() => new DeviceFleet(new DeviceFleetOptions { KeepAttached = true, ResidentTickInterval = TimeSpan.Zero }));
        }

        private static string Serving(EmulatedDevice device)
        {
            return $"{device.Modem.RegistrationStatus} {device.Modem.ServingOperator?.Plmn} {device.Modem.SimInfo?.Imsi}";
        }

        private static CancellationToken Cancel() => new CancellationTokenSource(RunLimit + TimeSpan.FromSeconds(30)).Token;
    }
}
