using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>
    /// The demo's <see cref="IDeviceRunner"/>: every manufactured device runs the real firmware (<see cref="EmulatedDevice"/>:
    /// key store loaded from its manufacture image under its storage keys, soft USIM, modem machines, provisioning) with
    /// an emulated modem in the network's radio environment, all driven by one <see cref="DeviceFleet"/>.
    /// </summary>
    public sealed class FirmwareDeviceRunner : IDeviceRunner
    {
        private readonly DeviceFleetOptions options;

        /// <summary>Creates the runner with fleet options (defaults when null).</summary>
        public FirmwareDeviceRunner(DeviceFleetOptions options = null)
        {
            this.options = options ?? new DeviceFleetOptions();
            this.options.Validate();
        }

        /// <inheritdoc />
        public string Name => $"firmware fleet, {this.options.WorkerCount} threads";

        /// <summary>Statistics of the last run (null before one).</summary>
        public FleetRunStatistics LastRun { get; private set; }

        /// <summary>The devices of the last run, in input order (diagnostics: transitions, logs, flash).</summary>
        public IReadOnlyList<EmulatedDevice> LastDevices { get; private set; }

        /// <inheritdoc />
        public async Task<IReadOnlyList<DeviceRunResult>> RunAsync(NetworkComposition network, IReadOnlyList<DeviceRunSpec> devices, IProgress<DeviceRunProgress> progress, ITraceRecorder trace, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentNullException.ThrowIfNull(devices);
            var emulated = new List<EmulatedDevice>(devices.Count);
            for (int i = 0; i < devices.Count; i++)
            {
                DeviceRunSpec spec = devices[i];
                ArgumentNullException.ThrowIfNull(spec?.Unit, nameof(devices));
                emulated.Add(new EmulatedDevice(spec.Unit.DeviceId, spec.Unit.Image, spec.Unit.Keys.ToKeyProvider(), network.Radio, spec.ExpectSuccess, i, this.options, trace));
            }

            this.LastDevices = emulated;
            int finishedCount = 0;
            int provisioned = 0;
            int failed = 0;
            object gate = new object();
            void OnFinished(EmulatedDevice device)
            {
                DeviceRunProgress report;
                lock (gate)
                {
                    finishedCount++;
                    if (device.Outcome == DeviceRunOutcome.Provisioned)
                    {
                        provisioned++;
                    }
                    else
                    {
                        failed++;
                    }

                    report = new DeviceRunProgress(finishedCount, devices.Count, provisioned, failed, device.DeviceId);
                }

                progress?.Report(report);
            }

            this.LastRun = await new DeviceFleet(this.options).RunAsync(emulated, OnFinished, cancellationToken).ConfigureAwait(false);
            var results = new List<DeviceRunResult>(emulated.Count);
            foreach (EmulatedDevice device in emulated)
            {
                results.Add(device.ToResult());
            }

            return results;
        }
    }
}
