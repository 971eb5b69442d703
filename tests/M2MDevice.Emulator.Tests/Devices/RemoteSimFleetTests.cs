using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Devices
{
    /// <summary>
    /// The remote-SIM channel under a fleet: every modem starts automatic registration as soon as the soft USIM is read,
    /// and the firmware's AT+COPS=1 cancels it, often while an APDU of that registration is with the device. The modem
    /// must keep that request outstanding until the device answers it (docs/remote-sim.md: one request outstanding);
    /// otherwise the device drops the next request, the modem times it out and declares the SIM failed, and the device
    /// stays in WaitingForSim (the `m2m demo` hang: about 1 device in 5 under load).
    /// </summary>
    public sealed class RemoteSimFleetTests
    {
        private static readonly TimeSpan DeviceLimit = TimeSpan.FromSeconds(60);
        private readonly ITestOutputHelper output;

        public RemoteSimFleetTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task TwentyDevices_RegistrationsCancelledMidExchange_NoRequestDroppedOrTimedOutAllProvisioned()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(2));
            List<DeviceRunSpec> specs = await EndToEndKit.ManufactureAndRegisterAsync(network, 20);
            var runner = new FirmwareDeviceRunner(new DeviceFleetOptions { WorkerCount = 2, DeviceTimeout = DeviceLimit });
            using var cancel = new CancellationTokenSource(DeviceLimit + TimeSpan.FromSeconds(30));

            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, null, TraceRecorder.None, cancel.Token);

            int abandoned = runner.LastDevices.Sum(d => d.Modem.RemoteSimAbandonedRequests);
            this.output.WriteLine($"wall {runner.LastRun.WallTime.TotalMilliseconds:F0} ms, remote-SIM requests abandoned by the modem: {abandoned}");
            foreach (EmulatedDevice device in runner.LastDevices)
            {
                string why = device.DeviceId + ": " + device.FailureReason + "\n" + string.Join("\n", device.RecentLog);
                Assert.True(device.Outcome == DeviceRunOutcome.Provisioned, why);
                Assert.Equal(0, device.Runtime.RemoteSim.DroppedRequests);
                Assert.Equal(0, device.Runtime.RemoteSim.FailedAnswers);
                Assert.Equal(0, device.Modem.RemoteSimTimeouts);
            }

            Assert.Equal(20, results.Count(r => r.Outcome == DeviceRunOutcome.Provisioned));
        }
    }
}
