using System.Threading.Tasks;
using M2MDevice.Emulator.Faults;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.Provisioning;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// Issue 7 part 2, modem: the real firmware provisions through the emulated network while a
    /// <see cref="FaultyModemStream"/> between it and its emulated modem drops bytes, sends URCs twice, answers late
    /// (after the firmware's own command timeout, on its own clock) or never, or resets the modem mid-download (the new
    /// modem reports RDY and knows nothing). The device must retry, resynchronise the AT channel, redo the step and end
    /// provisioned, with RS and the HO agreeing and the IMSI its modem attached with; never a corrupt profile.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ModemFaultEndToEndTests
    {
        private readonly ITestOutputHelper output;

        public ModemFaultEndToEndTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public static TheoryData<string, int> Kinds => new TheoryData<string, int>
        {
            { "dropped-bytes", 11 },
            { "duplicated-urcs", 12 },
            { "late-answers", 13 },
            { "lost-answers", 14 },
            { "all-kinds-until-they-stop", 15 },
            { "all-kinds-until-they-stop", 16 },
            { "all-low-rate", 17 },
            { "all-low-rate", 18 },
        };

        [Fact]
        public async Task ModemReset_DuringThePackageRead_DeviceReattachesAndResumesTheDownload()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ManufacturedUnit unit = await ModemFaultKit.OneRegisteredAsync(network);

            // AT+HTTPREAD in order: bootstrap challenge, bootstrap result, home-operator answer, package.
            var plan = new ModemFaultPlan(7) { ResetOnCommand = "AT+HTTPREAD", ResetAtOccurrence = 4 };
            using RebootableDevice device = ModemFaultKit.Device(network, unit, 1, plan);

            RebootableDeviceStop stop = await Task.Run(() => device.Run(ModemFaultKit.RunLimit));

            Assert.True(stop == RebootableDeviceStop.Provisioned, stop + "\n" + device.RecentLog);
            Assert.Equal(1, device.ModemResets);
            Assert.Equal(ProvisioningState.Downloading, Assert.Single(device.StatesAtModemReset));
            Assert.True(device.Runtime.Status.PackageRequests >= 2, "the package request was repeated");
            await ModemFaultKit.AssertProvisionedAsync(network, network.HomeOperators[0], unit, device, "modem reset");
            this.output.WriteLine($"modem reset in Downloading: provisioned after {device.Runtime.Status.PackageRequests} package requests, {device.FirmwareMilliseconds} firmware ms; {plan}");
        }

        [Fact]
        public async Task PackageByteLostOnTheUart_CorruptReadRefusedAndTheHomeOperatorsProfileInstalled()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ManufacturedUnit unit = await ModemFaultKit.OneRegisteredAsync(network);
            var plan = new ModemFaultPlan(8) { DropPayloadByteOfRead = 4 };
            using RebootableDevice device = ModemFaultKit.Device(network, unit, 2, plan);

            RebootableDeviceStop stop = await Task.Run(() => device.Run(ModemFaultKit.RunLimit));

            Assert.True(stop == RebootableDeviceStop.Provisioned, stop + "\n" + device.RecentLog);
            Assert.Equal(1, plan.DroppedBytes);
            ProvisioningStatus status = device.Runtime.Status;
            Assert.True(status.PackageRequests >= 2, "the corrupted package was requested again");
            await ModemFaultKit.AssertProvisionedAsync(network, network.HomeOperators[0], unit, device, "package byte lost");
            this.output.WriteLine($"package byte dropped: {status.PackageRequests} package requests, {status.RejectedPackages} refused by their MAC, last error {status.LastErrorName} (transport {ProvisioningNames.Of(status.LastTransportResult)}); provisioned with the HO's profile");
            foreach (string line in device.RecentLog.Split('\n'))
            {
                if (line.StartsWith("https: read", System.StringComparison.Ordinal) || line.StartsWith("https: done", System.StringComparison.Ordinal) || line.Contains("Downloading", System.StringComparison.Ordinal))
                {
                    this.output.WriteLine("  " + line);
                }
            }
        }

        [Fact]
        public async Task ModemReset_EveryStepOnce_DeviceEndsProvisioned()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            for (int occurrence = 1; occurrence <= 5; occurrence++)
            {
                ManufacturedUnit unit = await ModemFaultKit.OneRegisteredAsync(network);
                var plan = new ModemFaultPlan(occurrence) { ResetOnCommand = "AT+HTTPREAD", ResetAtOccurrence = occurrence };
                using RebootableDevice device = ModemFaultKit.Device(network, unit, occurrence, plan);

                RebootableDeviceStop stop = await Task.Run(() => device.Run(ModemFaultKit.RunLimit));

                Assert.True(stop == RebootableDeviceStop.Provisioned, "reset at AT+HTTPREAD #" + occurrence + ": " + stop + "\n" + device.RecentLog);
                Assert.Equal(1, device.ModemResets);
                await ModemFaultKit.AssertProvisionedAsync(network, network.HomeOperators[0], unit, device, "reset at read " + occurrence);
                this.output.WriteLine($"reset at AT+HTTPREAD #{occurrence} (in {string.Join(", ", device.StatesAtModemReset)}): provisioned, {device.FirmwareMilliseconds} firmware ms");
            }
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public async Task ModemFaults_Seeded_DeviceEndsProvisioned(string kind, int seed)
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ManufacturedUnit unit = await ModemFaultKit.OneRegisteredAsync(network);
            ModemFaultPlan plan = Plan(kind, seed);
            using RebootableDevice device = ModemFaultKit.Device(network, unit, seed, plan);

            RebootableDeviceStop stop = await Task.Run(() => device.Run(ModemFaultKit.RunLimit));

            Assert.True(stop == RebootableDeviceStop.Provisioned, kind + " " + plan + ": " + stop + "\n" + device.RecentLog);
            Assert.True(plan.Injected > 0 || kind == "all-low-rate", "no fault was injected: " + plan);
            await ModemFaultKit.AssertProvisionedAsync(network, network.HomeOperators[0], unit, device, kind);
            ProvisioningStatus status = device.Runtime.Status;
            this.output.WriteLine($"{kind}: {plan}; provisioned: {status.PackageRequests} package requests ({status.RejectedPackages} rejected), {status.Bootstraps} bootstraps, {status.Cycles} cycles, {device.FirmwareMilliseconds} firmware ms");
        }

        private static ModemFaultPlan Plan(string kind, int seed)
        {
            switch (kind)
            {
                case "dropped-bytes":
                    return new ModemFaultPlan(seed) { DropByteRate = 0.05, MaxFaults = 8 };
                case "duplicated-urcs":
                    return new ModemFaultPlan(seed) { DuplicateUrcRate = 0.3 };
                case "late-answers":
                    return new ModemFaultPlan(seed) { LateAnswerRate = 0.08, MaxFaults = 6 };
                case "lost-answers":
                    return new ModemFaultPlan(seed) { LostAnswerRate = 0.08, MaxFaults = 6 };
                case "all-kinds-until-they-stop":
                    return new ModemFaultPlan(seed) { DropByteRate = 0.02, DuplicateUrcRate = 0.05, LateAnswerRate = 0.02, LostAnswerRate = 0.02, MaxFaults = 8 };
                default:
                    // A whole provisioning is about 250 AT exchanges (most of them remote-SIM APDUs and SIM polls).
                    return new ModemFaultPlan(seed) { DropByteRate = 0.003, DuplicateUrcRate = 0.02, LateAnswerRate = 0.003, LostAnswerRate = 0.003 };
            }
        }
    }
}
