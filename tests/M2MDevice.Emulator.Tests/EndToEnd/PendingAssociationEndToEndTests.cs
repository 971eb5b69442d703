using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Firmware.Provisioning;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.EndToEnd
{
    /// <summary>
    /// Issue 6 part 5 (c): a device manufactured but not yet associated with any HO gets "pending" from RS, backs off
    /// and asks again; meanwhile its owner registers it through the HO owner API (the HO associates it at RS), and
    /// the device's next request finds its HO and it provisions.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class PendingAssociationEndToEndTests
    {
        private readonly ITestOutputHelper output;

        public PendingAssociationEndToEndTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task NotYetAssociated_PendingRetriedUntilOwnerRegisters_ThenProvisioned()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ManufacturedUnit unit = (await EndToEndKit.ManufactureAsync(network, 1)).Single();
            ComposedHomeOperator ho = network.HomeOperators[0];
            DeviceStatus before = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.Equal(DeviceStage.Allocated, before.Stage);
            Assert.Null(before.Rs.HomeOperatorId);

            // The firmware's back-off after "pending" (RS's retry-after clamped to these bounds) kept short for the test.
            DeviceFleetOptions options = EndToEndKit.FleetOptions(1);
            options.CreateConfiguration = () =>
            {
                DeviceConfiguration configuration = DeviceFleetOptions.FastConfiguration();
                configuration.MinPendingWaitMs = 200;
                configuration.MaxPendingWaitMs = 1000;
                return configuration;
            };
            var trace = new PendingTrace(2);
            var runner = new FirmwareDeviceRunner(options);
            CancellationToken deadline = EndToEndKit.Deadline();

            // Expected to succeed: the runner keeps it going through "pending" instead of failing it there.
            Task<IReadOnlyList<DeviceRunResult>> run = runner.RunAsync(network, new[] { new DeviceRunSpec(unit, ho.Name, true) }, null, trace, deadline);
            Task first = await Task.WhenAny(trace.Reached, run);
            if (first != trace.Reached)
            {
                Assert.Fail("the run ended before RS answered pending twice: " + string.Join("; ", (await run).Select(r => r.Outcome + " " + r.FailureReason)));
            }

            // RS still has no HO for it; now the owner registers it and the HO associates it at RS.
            DeviceStatus pending = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.Null(pending.Rs.HomeOperatorId);
            Assert.Null(pending.Ho);
            await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);
            DeviceStatus associated = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.Equal(ho.RsHomeOperatorId, associated.Rs.HomeOperatorId);
            Assert.Equal(DeviceStage.Associated, associated.Stage);

            IReadOnlyList<DeviceRunResult> results = await run;

            EndToEndKit.Report(this.output, runner, results);
            DeviceRunResult result = Assert.Single(results);
            EmulatedDevice device = runner.LastDevices[0];
            await EndToEndKit.AssertProvisionedAsync(network, ho, unit, result, device);
            ProvisioningState[] path = device.Transitions.Select(t => t.To).ToArray();
            int firstPending = Array.IndexOf(path, ProvisioningState.PendingWait);
            Assert.True(firstPending >= 0, string.Join(", ", path));
            Assert.True(path.Count(s => s == ProvisioningState.PendingWait) >= 2, string.Join(", ", path));
            Assert.True(Array.IndexOf(path, ProvisioningState.Downloading) > Array.LastIndexOf(path, ProvisioningState.PendingWait), string.Join(", ", path));
            Assert.Equal(ProvisioningState.Provisioned, path[^1]);
        }

        /// <summary>Completes <see cref="Reached"/> once RS has answered "pending" the given number of times (any thread).</summary>
        private sealed class PendingTrace : ITraceRecorder
        {
            private readonly TaskCompletionSource reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly int wanted;
            private int seen;

            public PendingTrace(int wanted)
            {
                this.wanted = wanted;
            }

            public Task Reached => this.reached.Task;

            public void Record(TraceEvent traceEvent)
            {
                if (traceEvent.Message == TraceMessage.HomeOperatorAnswer && traceEvent.Detail == "Pending" && Interlocked.Increment(ref this.seen) >= this.wanted)
                {
                    this.reached.TrySetResult();
                }
            }
        }
    }
}

