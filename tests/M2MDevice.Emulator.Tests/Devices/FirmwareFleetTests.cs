using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Devices
{
    /// <summary>
    /// The real firmware (DeviceRuntime: key store, soft USIM, AT channel, cellular and provisioning state machines)
    /// against the real network composition (RS, HO, VO with the RS roaming client, emulated modems with real TLS):
    /// from the factory image to Provisioned with the operational IMSI attached; one device, then ten in one fleet.
    /// </summary>
    public sealed class FirmwareFleetTests
    {
        private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);
        private readonly ITestOutputHelper output;

        public FirmwareFleetTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task OneDevice_FactoryImageToProvisioned_OperationalImsiAttached()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 1);
            var trace = new ListTrace();
            var runner = new FirmwareDeviceRunner(new DeviceFleetOptions { WorkerCount = 1, DeviceTimeout = RunLimit });

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, trace, Cancel());

            EmulatedDevice device = runner.LastDevices[0];
            this.Report(runner, results);
            DeviceRunResult result = Assert.Single(results);
            Assert.True(result.Outcome == DeviceRunOutcome.Provisioned, result.FailureReason + "\n" + string.Join("\n", device.RecentLog));
            Assert.Null(result.FailureReason);

            // The operational identity is active and attached; the preliminary credentials are retired.
            Assert.Equal(UsimIdentityKind.Operational, device.Runtime.ActiveIdentity);
            Assert.Equal(ProvisioningState.Provisioned, device.Runtime.ProvisioningState);
            Assert.Equal(CellularState.Attached, device.Runtime.CellularState);
            Assert.NotNull(result.Imsi);
            Assert.NotEqual(specs[0].Unit.Pimsi, result.Imsi);
            ComposedHomeOperator ho = network.FindHomeOperator(specs[0].HomeOperatorName);
            Assert.StartsWith(ho.Plmn, result.Imsi);
            Assert.Equal(result.Imsi, device.Modem.SimInfo.Imsi);
            Assert.NotNull(result.ServingPlmn);
            Assert.Equal(result.ServingPlmn, device.Modem.ServingOperator.Plmn);

            // Every phase of the flow was passed, in order, with a measured time.
            Assert.Equal(DevicePhase.All, result.Phases.Select(p => p.Phase).ToArray());
            Assert.All(result.Phases, p => Assert.True(p.Duration >= TimeSpan.Zero));
            ProvisioningState[] path = device.Transitions.Select(t => t.To).ToArray();
            Assert.Equal(
                new[]
                {
                    ProvisioningState.PreliminaryAttach, ProvisioningState.Bootstrapping, ProvisioningState.HomeOperatorQuery,
                    ProvisioningState.Downloading, ProvisioningState.Installing, ProvisioningState.OperationalDetach,
                    ProvisioningState.OperationalAttach, ProvisioningState.Notifying, ProvisioningState.Provisioned,
                },
                path);
            Assert.Equal(1, device.Runtime.Status.Bootstraps);
            Assert.Equal(1, device.Runtime.Status.NotificationsAcknowledged);
            Assert.Contains(trace.Events, e => e.Message == TraceMessage.UsimPackage && e.DeviceId == result.DeviceId);
            Assert.DoesNotContain(trace.Events, e => e.Detail != null && e.Detail.Length > 40);
        }

        [Fact]
        public async Task TenDevices_OneFleetTwoThreads_AllProvisioned()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(2));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 10);
            var runner = new FirmwareDeviceRunner(new DeviceFleetOptions { WorkerCount = 2, DeviceTimeout = RunLimit });
            var progress = new List<DeviceRunProgress>();

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, new SyncProgress(progress), TraceRecorder.None, Cancel());

            this.Report(runner, results);
            Assert.Equal(specs.Select(s => s.Unit.DeviceId), results.Select(r => r.DeviceId));
            foreach (DeviceRunResult result in results)
            {
                EmulatedDevice device = runner.LastDevices.Single(d => d.DeviceId == result.DeviceId);
                Assert.True(result.Outcome == DeviceRunOutcome.Provisioned, result.DeviceId + ": " + result.FailureReason + "\n" + string.Join("\n", device.RecentLog));
                Assert.Equal(result.Imsi, device.Modem.SimInfo.Imsi);
            }

            Assert.Equal(10, results.Select(r => r.Imsi).Distinct().Count());
            Assert.Equal(2, runner.LastRun.Workers);
            lock (progress)
            {
                Assert.Equal(10, progress.Count);
                Assert.Equal(10, progress.Max(p => p.Finished));
                Assert.Equal(10, progress.Max(p => p.Provisioned));
            }
        }

        [Fact]
        public async Task UnassociatedDevice_EndsFailedPendingAtRs()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 1, register: false);
            var runner = new FirmwareDeviceRunner(new DeviceFleetOptions { WorkerCount = 1, DeviceTimeout = RunLimit });

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, null, Cancel());

            DeviceRunResult result = Assert.Single(results);
            Assert.Equal(DeviceRunOutcome.Failed, result.Outcome);
            Assert.Contains("pending", result.FailureReason);
            Assert.Null(result.Imsi);
            Assert.Equal(UsimIdentityKind.Preliminary, runner.LastDevices[0].Runtime.ActiveIdentity);
        }

        [Fact]
        public async Task Cancelled_BeforeAnyDeviceFinishes_AllCancelled()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 2);
            var runner = new FirmwareDeviceRunner(new DeviceFleetOptions { WorkerCount = 1, DeviceTimeout = RunLimit });
            using var cancel = new CancellationTokenSource();
            cancel.Cancel();

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, null, cancel.Token);

            Assert.Equal(2, results.Count);
            Assert.All(results, r => Assert.Equal(DeviceRunOutcome.Cancelled, r.Outcome));
        }

        [Fact]
        public async Task FiveDevices_WindowOfTwo_NeverMoreThanTwoCreatedUnfinishedAllProvisioned()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 5);
            var options = new DeviceFleetOptions { WorkerCount = 2, MaxActiveDevices = 2, DeviceTimeout = RunLimit };
            object gate = new object();
            int created = 0;
            int finished = 0;
            int mostAtOnce = 0;
            var outcomes = new List<DeviceRunOutcome>();
            var order = new List<int>();
            EmulatedDevice Create(int index)
            {
                lock (gate)
                {
                    created++;
                    order.Add(index);
                    mostAtOnce = Math.Max(mostAtOnce, created - finished);
                }

                DeviceRunSpec spec = specs[index];
                return new EmulatedDevice(spec.Unit.DeviceId, spec.Unit.Image, spec.Unit.Keys.ToKeyProvider(), network.Radio, true, index, options, null);
            }

            FleetRunStatistics run = await new DeviceFleet(options).RunAsync(
                specs.Count,
                Create,
                device =>
                {
                    lock (gate)
                    {
                        finished++;
                        outcomes.Add(device.Outcome);
                    }
                },
                Cancel());

            Assert.Equal(5, run.Devices);
            Assert.Equal(5, created);
            Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
            Assert.InRange(mostAtOnce, 1, 2);
            Assert.Equal(Enumerable.Repeat(DeviceRunOutcome.Provisioned, 5), outcomes);
        }

        [Fact]
        public async Task ThreeDevices_KeepFinishedDevicesOff_OnlyResultsKept()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 3);
            var runner = new FirmwareDeviceRunner(new DeviceFleetOptions { WorkerCount = 1, MaxActiveDevices = 1, KeepFinishedDevices = false, DeviceTimeout = RunLimit });

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, null, Cancel());

            Assert.Equal(specs.Select(s => s.Unit.DeviceId), results.Select(r => r.DeviceId));
            Assert.All(results, r => Assert.True(r.Outcome == DeviceRunOutcome.Provisioned, r.FailureReason));
            Assert.All(results, r => Assert.Equal(DevicePhase.All, r.Phases.Select(p => p.Phase).ToArray()));
            Assert.Empty(runner.LastDevices);
            Assert.Contains("1 devices at once", runner.Name, StringComparison.Ordinal);
        }

        [Fact]
        public void Options_NoActiveDevice_Refused()
        {
            Assert.Throws<ArgumentException>(() => new DeviceFleet(new DeviceFleetOptions { MaxActiveDevices = 0 }));
        }

        private static CancellationToken Cancel() => new CancellationTokenSource(RunLimit + TimeSpan.FromSeconds(30)).Token;

        private void Report(FirmwareDeviceRunner runner, IReadOnlyList<DeviceRunResult> results)
        {
            this.output.WriteLine($"{runner.Name}: {runner.LastRun.Devices} devices, {runner.LastRun.Workers} workers, wall {runner.LastRun.WallTime.TotalMilliseconds:F0} ms, {runner.LastRun.CoreSteps} core steps");
            foreach (DeviceRunResult result in results)
            {
                string phases = string.Join(", ", result.Phases.Select(p => $"{p.Phase} {p.Duration.TotalMilliseconds:F0} ms"));
                this.output.WriteLine($"{result.DeviceId}: {result.Outcome} {result.Imsi} on {result.ServingPlmn}: {phases} {result.FailureReason}");
            }
        }

        private sealed class ListTrace : ITraceRecorder
        {
            private readonly List<TraceEvent> events = new List<TraceEvent>();

            public IReadOnlyList<TraceEvent> Events
            {
                get
                {
                    lock (this.events)
                    {
                        return this.events.ToArray();
                    }
                }
            }

            public void Record(TraceEvent traceEvent)
            {
                lock (this.events)
                {
                    this.events.Add(traceEvent);
                }
            }
        }

        private sealed class SyncProgress : IProgress<DeviceRunProgress>
        {
            private readonly List<DeviceRunProgress> list;

            public SyncProgress(List<DeviceRunProgress> list)
            {
                this.list = list;
            }

            public void Report(DeviceRunProgress value)
            {
                lock (this.list)
                {
                    this.list.Add(value);
                }
            }
        }
    }
}
