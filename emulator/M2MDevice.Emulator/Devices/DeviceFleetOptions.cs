using System;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>
    /// Settings of a <see cref="DeviceFleet"/> and its <see cref="EmulatedDevice"/>s: threads, tick period, time limit,
    /// and the firmware's timings. The firmware defaults suit a real network (1 s SIM polls, 5 s back-offs, 10 min
    /// cycles); against the emulated network, which answers in milliseconds, the defaults here are shorter so a run
    /// takes seconds. Every value is real (wall-clock) time: the modem, TLS and the servers run in real time.
    /// </summary>
    public sealed class DeviceFleetOptions
    {
        /// <summary>Default of <see cref="MaxActiveDevices"/>.</summary>
        public const int DefaultMaxActiveDevices = 64;

        /// <summary>Worker threads (each runs an event loop for its share of the devices); default min(cores, 4).</summary>
        public int WorkerCount { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

        /// <summary>
        /// Devices running at once (started, not yet finished); the others wait their turn and are created only when
        /// admitted, so memory and the load on RS and HO stay bounded whatever the fleet size (issue 8). Default 64: on
        /// two cores that keeps the CPU busy (a lone device needs about 250 ms, mostly waiting); more only adds queueing
        /// (every device then advances in lockstep, all finish at the end) and memory (docs/emulator.md, `m2m bench`).
        /// </summary>
        public int MaxActiveDevices { get; set; } = DefaultMaxActiveDevices;

        /// <summary>
        /// Keep every <see cref="EmulatedDevice"/> (flash, modem, firmware core, about 100 KB) after it finished, for
        /// tests and diagnostics (<see cref="FirmwareDeviceRunner.LastDevices"/>); default true. Large runs (`m2m demo`,
        /// `m2m bench`) turn it off so only the small <see cref="Scenario.DeviceRunResult"/> of each device stays.
        /// </summary>
        public bool KeepFinishedDevices { get; set; } = true;

        /// <summary>
        /// Keep every device that provisioned alive and attached until the run ends, as a UE simulator keeps its UEs
        /// registered (issue 8): its firmware core, flash and emulated modem (registered with its home operator under the
        /// operational IMSI) stay; the window (<see cref="MaxActiveDevices"/>) still limits only the devices provisioning
        /// at once. A resident device sends nothing more; its modem output is still delivered and it is ticked every
        /// <see cref="ResidentTickInterval"/>. When every device has an outcome the run counts the residents registered at
        /// home from their modems' registration state (<see cref="FleetRunStatistics.AttachedAtEnd"/>), takes the managed
        /// heap after a full collection, then shuts them all down. Default false (a device is shut down once finished).
        /// </summary>
        public bool KeepAttached { get; set; }

        /// <summary>Period of a resident device's Tick under <see cref="KeepAttached"/> (idle: a slow tick is enough); default 1 s.</summary>
        public TimeSpan ResidentTickInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Period of each device's Tick.</summary>
        public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(20);

        /// <summary>A device not finished after this long ends as TimedOut.</summary>
        public TimeSpan DeviceTimeout { get; set; } = TimeSpan.FromMinutes(3);

        /// <summary>The clock of ticks, timeouts and phase timing (the modems and servers use their own).</summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>Log lines kept per device for the failure reason and diagnostics (never secrets; 0 keeps none).</summary>
        public int LogLinesKept { get; set; } = 40;

        /// <summary>
        /// End a device that is not expected to provision (<see cref="EmulatedDevice.ExpectSuccess"/> false) as Failed
        /// as soon as RS answers Pending, instead of waiting out its retries.
        /// </summary>
        public bool StopUnexpectedAtPending { get; set; } = true;

        /// <summary>Logger factory of the emulated modems (optional).</summary>
        public ILoggerFactory LoggerFactory { get; set; }

        /// <summary>Creates the firmware configuration of one device (a new object per device); default <see cref="FastConfiguration"/>.</summary>
        public Func<DeviceConfiguration> CreateConfiguration { get; set; } = FastConfiguration;

        /// <summary>Adjusts the cellular state machine of one device right after start (default <see cref="FastCellular"/>); null leaves the firmware defaults.</summary>
        public Action<CellularStateMachine> ConfigureCellular { get; set; } = FastCellular;

        /// <summary>The provisioning configuration with back-offs and cycles shortened for the emulated network.</summary>
        public static DeviceConfiguration FastConfiguration()
        {
            return new DeviceConfiguration
            {
                AttachTimeoutMs = 60000,
                DetachTimeoutMs = 10000,
                RequestTimeoutMs = 60000,
                RetryBaseMs = 500,
                RetryMaxMs = 5000,
                CycleDelayMs = 5000,
                MinPendingWaitMs = 500,
                MaxPendingWaitMs = 10000,
                OperationalRetryDelayMs = 1000,
                NotificationRetryBaseMs = 500,
                NotificationRetryMaxMs = 5000,
            };
        }

        /// <summary>SIM polls, scan retries and back-offs shortened for the emulated modem.</summary>
        public static void FastCellular(CellularStateMachine cellular)
        {
            ArgumentNullException.ThrowIfNull(cellular);
            cellular.SimPollMilliseconds = 50;
            cellular.ScanRetryMilliseconds = 500;
            cellular.ShortBackoffMilliseconds = 500;
            cellular.LongBackoffMilliseconds = 5000;
            cellular.RegistrationTimeoutMilliseconds = 30000;
        }

        internal void Validate()
        {
            if (this.WorkerCount < 1 || this.MaxActiveDevices < 1 || this.TickInterval <= TimeSpan.Zero || this.DeviceTimeout <= TimeSpan.Zero || this.ResidentTickInterval <= TimeSpan.Zero || this.LogLinesKept < 0)
            {
                throw new ArgumentException("WorkerCount >= 1, MaxActiveDevices >= 1, TickInterval, ResidentTickInterval and DeviceTimeout > 0, LogLinesKept >= 0");
            }

            ArgumentNullException.ThrowIfNull(this.Clock);
            ArgumentNullException.ThrowIfNull(this.CreateConfiguration);
        }
    }
}
