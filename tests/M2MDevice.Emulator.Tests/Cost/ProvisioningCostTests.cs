using System.Linq;
using System.Threading.Tasks;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.Provisioning;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Cost
{
    /// <summary>
    /// Issue 8 part 3: bytes the firmware allocates for one whole provisioning, measured on the firmware's own thread with
    /// the network on other threads (<see cref="DedicatedFirmwareDevice"/>), and the managed memory one firmware instance
    /// keeps alive (<see cref="RetainedGraph"/>). Budget 64 KB (TLS buffers are the modem's), held separately by the boot
    /// (construction and Start: the working buffers, allocated once and retained) and by the flow after boot (what the
    /// provisioning itself allocates); their sum is reported, not held to 64 KB (docs/performance.md: about 100 KB, most of
    /// it the message and sector buffers). The numbers go to the test output.
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
        public async Task WholeProvisioning_OneDedicatedThread_BootAndFlowEachUnder64KB()
        {
            DedicatedFirmwareDevice device = await ProvisioningCostRun.RunOnceAsync(true, EndToEndKit.Deadline());

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

            // Boot: the working buffers, allocated once (they are the retained memory measured below).
            Assert.True(boot < ProvisioningBudgetBytes, $"boot allocated {boot} bytes (budget {ProvisioningBudgetBytes})");

            // The flow after boot: SIM bring-up twice, two attaches, five HTTPS exchanges, install, re-attach, receipt.
            Assert.True(flow < ProvisioningBudgetBytes, $"the provisioning flow allocated {flow} bytes after boot (budget {ProvisioningBudgetBytes})");

            // What one firmware instance keeps alive, on nanoFramework's layout, at its largest.
            Assert.True(device.PeakRetained.NanoEstimateBytes < RetainedBudgetBytes, $"retained {device.PeakRetained}");
        }

        private void Report(DedicatedFirmwareDevice device)
        {
            this.output.WriteLine($"outcome {device.FinalState} {device.Failure}");
            this.output.WriteLine($"firmware bytes: construction {device.ConstructionBytes}, start {device.StartBytes}, whole provisioning {device.FirmwareBytes}; largest single call {device.LargestCallBytes}; Hal (excluded) {device.HalBytes}");
            this.output.WriteLine($"calls: {device.ReceiveCalls} Receive, {device.TickCalls} Tick; log lines {device.LogLines.Count}, {device.LogLines.Sum(l => l.Length)} chars");
            this.output.WriteLine($"boot (construction + Start) {device.ConstructionBytes + device.StartBytes}, flow after boot {device.FirmwareBytes - device.ConstructionBytes - device.StartBytes}");
            long previous = device.ConstructionBytes;
            foreach (CostCheckpoint checkpoint in device.Checkpoints)
            {
                this.output.WriteLine($"  -> {checkpoint.State}: {checkpoint.FirmwareBytes} B cumulative (+{checkpoint.FirmwareBytes - previous})");
                previous = checkpoint.FirmwareBytes;
            }

            foreach (string l in device.LogLines) { this.output.WriteLine("LOG " + l); } // TEMP
            this.output.WriteLine($"retained after Start: {device.AfterStart}");
            this.output.WriteLine($"retained peak ({device.PeakRetainedAt}): {device.PeakRetained}");
            this.output.WriteLine($"retained at end: {device.AtEnd}");
            this.output.WriteLine("largest retained arrays at the peak: " + string.Join(", ", device.PeakRetained.LargeArrays));
            foreach (string call in device.CallLog.Where(c => long.Parse(c[..c.IndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture) >= 0))
            {
                this.output.WriteLine("  call " + call);
            }
        }
    }
}
