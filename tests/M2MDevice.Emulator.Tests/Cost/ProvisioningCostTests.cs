using System.Linq;
using System.Threading.Tasks;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Cost
{
    /// <summary>
    /// Issue 8 part 3: bytes the firmware allocates for one whole provisioning, measured on the firmware's own thread with
    /// the network on other threads (<see cref="DedicatedFirmwareDevice"/>), and the managed memory one firmware instance
    /// keeps alive (<see cref="RetainedGraph"/>). Budget: under 64 KB for the whole provisioning, boot (construction and
    /// Start: the working buffers, allocated once and retained) plus the flow after boot (what the provisioning itself
    /// allocates); TLS buffers are the modem's. Measured with the modem log at Information and up (IModemLogFilter, as
    /// DebugLog.MinimumLevel on the board: Debug entries are then not built; with them about 8 KB more). Both halves and
    /// the total go to the test output.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ProvisioningCostTests
    {
        /// <summary>The budget for one provisioning, in bytes allocated by the firmware.</summary>
        public const long ProvisioningBudgetBytes = 64 * 1024;

        /// <summary>Peak managed memory one instance keeps alive (nanoFramework layout): the plain ESP32's heap leaves about 100 KB.</summary>
        public const long RetainedBudgetBytes = 80 * 1024;

        private readonly ITestOutputHelper output;

        public ProvisioningCostTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task WholeProvisioning_OneDedicatedThread_BootPlusFlowUnder64KB()
        {
            DedicatedFirmwareDevice device;
            await using (NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1), EndToEndKit.Deadline()))
            {
                ManufacturedUnit unit = await ProvisioningCostRun.ManufactureAndRegisterAsync(network);

                // Modem log at Information and up: the firmware then builds no Debug entry.
                device = new DedicatedFirmwareDevice(unit, network.Radio, null, true) { ModemLogMinimumLevel = ModemLogLevel.Information };
                await device.RunAsync(ProvisioningCostRun.Limit, EndToEndKit.Deadline());
            }

            this.Report(device);
            Assert.True(device.Failure == null, device.Failure + "\n" + string.Join("\n", device.LogLines.TakeLast(40)));
            Assert.Equal(ProvisioningState.Provisioned, device.FinalState);

            // Every milestone of the flow was passed on this thread, so the sum covers the whole provisioning.
            string[] states = device.Checkpoints.Select(c => c.State).ToArray();
            foreach (ProvisioningState milestone in new[] { ProvisioningState.PreliminaryAttach, ProvisioningState.Bootstrapping, ProvisioningState.HomeOperatorQuery, ProvisioningState.Downloading, ProvisioningState.Installing, ProvisioningState.OperationalAttach, ProvisioningState.Notifying, ProvisioningState.Provisioned })
            {
                Assert.Contains(ProvisioningNames.Of(milestone), states);
            }

            Assert.True(device.ReceiveCalls > 0 && device.TickCalls > 0);
            long boot = device.ConstructionBytes + device.StartBytes;
            long flow = device.FirmwareBytes - boot;
            Assert.True(boot > 0 && flow > 0, "nothing measured");

            // Boot (the working buffers, allocated once: the retained memory measured below) plus the flow after boot (SIM
            // bring-up twice, two attaches, five HTTPS exchanges, install, re-attach, receipt): the whole provisioning.
            Assert.True(boot + flow < ProvisioningBudgetBytes, $"the whole provisioning allocated {boot + flow} bytes: boot {boot} + flow {flow} (budget {ProvisioningBudgetBytes})");

            // What one firmware instance keeps alive, on nanoFramework's layout, at its largest.
            Assert.True(device.PeakRetained.NanoEstimateBytes < RetainedBudgetBytes, $"retained {device.PeakRetained}");
        }

        private void Report(DedicatedFirmwareDevice device)
        {
            this.output.WriteLine($"outcome {device.FinalState} {device.Failure}");
            this.output.WriteLine($"firmware bytes: construction {device.ConstructionBytes}, start {device.StartBytes}, whole provisioning {device.FirmwareBytes}; largest single call {device.LargestCallBytes}; Hal (excluded) {device.HalBytes}");
            this.output.WriteLine($"calls: {device.ReceiveCalls} Receive, {device.TickCalls} Tick; log lines {device.LogLines.Count}, {device.LogLines.Sum(l => l.Length)} chars");
            this.output.WriteLine($"boot (construction + Start) {device.ConstructionBytes + device.StartBytes}, flow after boot {device.FirmwareBytes - device.ConstructionBytes - device.StartBytes}, total {device.FirmwareBytes} of {ProvisioningBudgetBytes}");
            long previous = device.ConstructionBytes;
            foreach (CostCheckpoint checkpoint in device.Checkpoints)
            {
                this.output.WriteLine($"  -> {checkpoint.State}: {checkpoint.FirmwareBytes} B cumulative (+{checkpoint.FirmwareBytes - previous})");
                previous = checkpoint.FirmwareBytes;
            }

            this.output.WriteLine($"retained after Start: {device.AfterStart}");
            this.output.WriteLine($"retained peak ({device.PeakRetainedAt}): {device.PeakRetained}");
            this.output.WriteLine($"retained at end: {device.AtEnd}");
            this.output.WriteLine("largest retained arrays at the peak: " + string.Join(", ", device.PeakRetained.LargeArrays));
            foreach (string call in device.CallLog.Where(c => long.Parse(c[..c.IndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture) >= 1024))
            {
                this.output.WriteLine("  call " + call);
            }
        }
    }
}
