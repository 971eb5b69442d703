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
    /// an emulated modem in the network's radio environment, all driven by one <see cref="DeviceFleet"/>. Devices are
    /// created as the fleet admits them and, unless <see cref="DeviceFleetOptions.KeepFinishedDevices"/>, dropped once
    /// finished: the run keeps one <see cref="DeviceRunResult"/> per device.
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
        public string Name => $"firmware fleet, {this.options.WorkerCount} threads, {this.options.MaxActiveDevices} devices at once{(this.options.KeepAttached ? ", staying attached" : string.Empty)}";

        /// <summary>The fleet options (may be adjusted before a run, e.g. <see cref="DeviceFleetOptions.KeepAttached"/>).</summary>
        public DeviceFleetOptions Options => this.options;

        /// <summary>Statistics of the last run (null before one).</summary>
        public FleetRunStatistics LastRun { get; private set; }

        /// <summary>
        /// The devices of the last run, in input order (diagnostics: transitions, logs, flash), while
        /// <see cref="DeviceFleetOptions.KeepFinishedDevices"/> is on (the default); otherwise empty (only results are kept).
        /// Devices never admitted (cancelled first) are missing.
        /// </summary>
        public IReadOnlyList<EmulatedDevice> LastDevices { get; private set; } = Array.Empty<EmulatedDevice>();

        /// <inheritdoc />
        public async Task<IReadOnlyList<DeviceRunResult>> RunAsync(NetworkComposition network, IReadOnlyList<DeviceRunSpec> devices, IProgress<DeviceRunProgress> progress, ITraceRecorder trace, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentNullException.ThrowIfNull(devices);
            for (int i = 0; i < devices.Count; i++)
            {
                ArgumentNullException.ThrowIfNull(devices[i]?.Unit, nameof(devices));
            }

            // Only small summaries outlive a device (issue 8): the device itself is dropped once its result is taken.
            var results = new DeviceRunResult[devices.Count];
            EmulatedDevice[] kept = this.options.KeepFinishedDevices ? new EmulatedDevice[devices.Count] : null;
            EmulatedDevice Create(int index)
            {
                DeviceRunSpec spec = devices[index];
                var device = new EmulatedDevice(spec.Unit.DeviceId, spec.Unit.Image, spec.Unit.Keys.ToKeyProvider(), network.Radio, spec.ExpectSuccess, index, this.options, trace);
                if (kept != null)
                {
                    kept[index] = device;
                }

                return device;
            }

            int finishedCount = 0;
            int provisioned = 0;
            int failed = 0;
            object gate = new object();
            void OnFinished(EmulatedDevice device)
            {
                DeviceRunProgress report;
                results[device.Index] = device.ToResult();
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

            this.LastRun = await new DeviceFleet(this.options).RunAsync(devices.Count, Create, OnFinished, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < results.Length; i++)
            {
                // Never admitted: cancelled before its turn.
                results[i] ??= new DeviceRunResult(devices[i].Unit.DeviceId, DeviceRunOutcome.Cancelled, "not run", null, null, Array.Empty<DevicePhaseTiming>());
            }

            this.LastDevices = kept == null ? Array.Empty<EmulatedDevice>() : Array.FindAll(kept, device => device != null);
            return results;
        }
    }
}
