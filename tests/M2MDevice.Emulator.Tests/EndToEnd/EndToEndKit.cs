using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.EndToEnd
{
    /// <summary>
    /// Shared steps of the end-to-end tests (issue 6 part 5): manufacture at RS, register with an HO owner, run the
    /// real firmware fleet against the real composition (VO, RS, HO over loopback TLS), and check the outcome on the
    /// device and at RS and the HO through their APIs. Every wait is bounded by <see cref="ScenarioLimit"/>.
    /// </summary>
    internal static class EndToEndKit
    {
        /// <summary>Upper bound of one scenario (devices and every wait of the test).</summary>
        public static readonly TimeSpan ScenarioLimit = TimeSpan.FromSeconds(60);

        /// <summary>A token that cancels the scenario after <see cref="ScenarioLimit"/> plus a margin for shutdown.</summary>
        public static CancellationToken Deadline() => new CancellationTokenSource(ScenarioLimit + TimeSpan.FromSeconds(15)).Token;

        /// <summary>Fleet options with the firmware's shortened emulator timers and the scenario time limit.</summary>
        public static DeviceFleetOptions FleetOptions(int workers) => new DeviceFleetOptions { WorkerCount = workers, DeviceTimeout = ScenarioLimit };

        /// <summary>Manufactures count devices at the network's RS (Milenage, the network's PIMSI networks allowed).</summary>
        public static async Task<IReadOnlyList<ManufacturedUnit>> ManufactureAsync(NetworkComposition network, int count)
        {
            using RsClient manufacturer = network.CreateRsClient(network.ManufacturerToken);
            var tool = new DeviceManufacturer(manufacturer)
            {
                AllowedNetworks = network.PimsiNetworks,
                MncLength = network.Options.PimsiRange.Mnc.Length,
            };
            RsResult<ManufacturedBatch> made = await tool.ManufactureAsync(count, AkaAlgorithmKind.Milenage);
            Assert.True(made.IsSuccess, made.Error?.ToString());
            Assert.Equal(count, made.Value.Units.Count);
            return made.Value.Units;
        }

        /// <summary>The owner of ho registers the device there (the HO associates it at RS); asserts "associated".</summary>
        public static async Task RegisterAsync(NetworkComposition network, ComposedHomeOperator ho, string deviceId)
        {
            using HttpClient http = network.CreateHttpClient(ho.BaseAddress);
            RsResult<HoDeviceRegistration> registered = await new HomeOperatorClient(http, ho.OwnerToken).RegisterDeviceAsync(deviceId);
            Assert.True(registered.IsSuccess, registered.Error?.ToString());
            Assert.Equal("associated", registered.Value.Device.Association);
        }

        /// <summary>
        /// Manufactures count devices and (with register) registers device i with HO i mod the HO count, as
        /// <see cref="ManufactureAsync"/> and <see cref="RegisterAsync"/> do; one run spec per device, in order (without
        /// register: no home operator, not expected to provision).
        /// </summary>
        public static async Task<List<DeviceRunSpec>> ManufactureAndRegisterAsync(NetworkComposition network, int count, bool register = true)
        {
            IReadOnlyList<ManufacturedUnit> units = await ManufactureAsync(network, count);
            var specs = new List<DeviceRunSpec>();
            for (int i = 0; i < units.Count; i++)
            {
                ManufacturedUnit unit = units[i];
                ComposedHomeOperator ho = network.HomeOperators[i % network.HomeOperators.Count];
                if (register)
                {
                    await RegisterAsync(network, ho, unit.DeviceId);
                }

                specs.Add(new DeviceRunSpec(unit, register ? ho.Name : null, register));
            }

            return specs;
        }

        /// <summary>The device's status at RS (admin) and at ho (its owner).</summary>
        public static async Task<DeviceStatus> StatusAsync(NetworkComposition network, ComposedHomeOperator ho, string deviceId)
        {
            using HttpClient rs = network.CreateHttpClient(network.RsAddress);
            using HttpClient hoHttp = ho == null ? null : network.CreateHttpClient(ho.BaseAddress);
            var reader = new DeviceStatusReader(rs, network.RsAdminToken, ho == null ? null : new HomeOperatorClient(hoHttp, ho.OwnerToken));
            RsResult<DeviceStatus> status = await reader.GetAsync(deviceId);
            Assert.True(status.IsSuccess, status.Error?.ToString());
            return status.Value;
        }

        /// <summary>
        /// Asserts the device provisioned with an operational IMSI of ho's range that its modem is attached with,
        /// that the preliminary identity is retired on the device, that RS retired the PIMSI for ho, and that ho
        /// records the device as provisioned with that IMSI and its outcome reported.
        /// </summary>
        public static async Task AssertProvisionedAsync(NetworkComposition network, ComposedHomeOperator ho, ManufacturedUnit unit, DeviceRunResult result, EmulatedDevice device)
        {
            Assert.Equal(unit.DeviceId, result.DeviceId);
            Assert.True(result.Outcome == DeviceRunOutcome.Provisioned, Explain(result, device));
            Assert.Null(result.FailureReason);
            Assert.NotNull(result.Imsi);
            Assert.True(ho.Spec.ImsiRange.Contains(result.Imsi), $"{result.Imsi} is not in {ho.Name}'s range");
            Assert.NotEqual(unit.Pimsi, result.Imsi);
            Assert.Equal(result.Imsi, device.Modem.SimInfo.Imsi);
            Assert.Equal(UsimIdentityKind.Operational, device.Runtime.ActiveIdentity);
            Assert.Equal(ProvisioningState.Provisioned, device.Runtime.ProvisioningState);
            Assert.Equal(CellularState.Attached, device.Runtime.CellularState);
            Assert.Equal(1, device.Runtime.Status.NotificationsAcknowledged);

            DeviceStatus status = await StatusAsync(network, ho, unit.DeviceId);
            Assert.Equal(DeviceStage.Provisioned, status.Stage);
            Assert.Null(status.Problem);
            Assert.Equal("retired", status.Rs.State);
            Assert.NotNull(status.Rs.RetiredAt);
            Assert.Equal(unit.Pimsi, status.Rs.Pimsi);
            Assert.Equal(ho.RsHomeOperatorId, status.Rs.HomeOperatorId);
            Assert.Equal("provisioned", status.Ho.State);
            Assert.Equal(result.Imsi, status.Ho.Imsi);
            Assert.Equal(unit.Pimsi, status.Ho.Pimsi);
            Assert.NotNull(status.Ho.ProvisionedAt);
            Assert.False(status.Ho.OutcomePending);
        }

        /// <summary>Outcome, reason and the firmware's recent log of a device, for assertion messages.</summary>
        public static string Explain(DeviceRunResult result, EmulatedDevice device)
        {
            return result.DeviceId + ": " + result.Outcome + " " + result.FailureReason + "\n" + string.Join("\n", device.RecentLog);
        }

        /// <summary>Writes the run's statistics and per-device phases to the test output.</summary>
        public static void Report(ITestOutputHelper output, FirmwareDeviceRunner runner, IReadOnlyList<DeviceRunResult> results)
        {
            output.WriteLine($"{runner.Name}: {runner.LastRun.Devices} devices, {runner.LastRun.Workers} workers, wall {runner.LastRun.WallTime.TotalMilliseconds:F0} ms, {runner.LastRun.CoreSteps} core steps");
            foreach (DeviceRunResult result in results)
            {
                string phases = string.Join(", ", result.Phases.Select(p => $"{p.Phase} {p.Duration.TotalMilliseconds:F0} ms"));
                output.WriteLine($"{result.DeviceId}: {result.Outcome} {result.Imsi} on {result.ServingPlmn}: {phases} {result.FailureReason}");
            }
        }

        /// <summary>The device of the last run with that id.</summary>
        public static EmulatedDevice DeviceOf(FirmwareDeviceRunner runner, string deviceId) => runner.LastDevices.Single(d => d.DeviceId == deviceId);
    }
}
