using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// Runs the real firmware of manufactured devices against a running <see cref="NetworkComposition"/> (each
    /// device: its key store loaded from its manufacture image under its storage keys, an emulated modem in the
    /// network's radio environment, the provisioning state machine until provisioned, failed or timed out). The
    /// demo's device-run step; implemented by the fleet driver in emulator/M2MDevice.Emulator/Devices.
    /// Contract: one result per input device, in input order; never throws for a device failure (that is a
    /// result with a reason); reports progress after each device finishes; emits trace events (never secrets)
    /// for the devices it runs; honours cancellation (unfinished devices end as <see cref="DeviceRunOutcome.Cancelled"/>).
    /// </summary>
    public interface IDeviceRunner
    {
        /// <summary>A short name for logs and the demo summary (e.g. "firmware fleet, 4 threads").</summary>
        string Name { get; }

        /// <summary>Runs every device; see the interface contract.</summary>
        Task<IReadOnlyList<DeviceRunResult>> RunAsync(
            NetworkComposition network,
            IReadOnlyList<DeviceRunSpec> devices,
            IProgress<DeviceRunProgress> progress,
            ITraceRecorder trace,
            CancellationToken cancellationToken);
    }
}
