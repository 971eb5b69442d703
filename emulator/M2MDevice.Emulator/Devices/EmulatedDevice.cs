using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>
    /// One emulated M2M device: the real firmware core (<see cref="DeviceRuntime"/>) on an emulated board
    /// (<see cref="CompactFlash"/>, the device's storage keys as a <see cref="FixedKeyProvider"/>, the host RNG) wired
    /// to its own <see cref="EmulatedModem"/> in the network's radio environment through a <see cref="DeviceModemLink"/>.
    /// The core is touched only by the worker thread the <see cref="DeviceFleet"/> assigns (Start, deliveries, ticks);
    /// the modem runs asynchronously on the thread pool. Records every provisioning transition with its time.
    /// </summary>
    public sealed class EmulatedDevice : IDeviceRuntimeListener, IModemLog, IProvisioningLog
    {
        private readonly byte[] image;
        private readonly DeviceFleetOptions options;
        private readonly ITraceRecorder trace;
        private readonly DeviceModemLink link = new DeviceModemLink();
        private readonly CancellationTokenSource modemStop = new CancellationTokenSource();
        private readonly List<DeviceTransition> transitions = new List<DeviceTransition>();
        private readonly Queue<string> logLines = new Queue<string>();
        private readonly object logGate = new object();

        // Log lines a resident device keeps once provisioned (large runs, KeepFinishedDevices off).
        private const int ResidentLogLinesKept = 4;
        private int logLinesKept;
        private Action readyCallback;
        private Task modemTask;
        private long startTimestamp;
        private long lastTickTimestamp;
        private double tickRemainder;
        private TimeSpan finishedAt;
        private int shutdown;

        /// <summary>
        /// Builds the device (flash blank, nothing running). image is its manufacture image, keys its storage keys,
        /// index makes its IMEI unique within a run.
        /// </summary>
        public EmulatedDevice(string deviceId, byte[] image, IKeyProvider keys, RadioEnvironment radio, bool expectSuccess, int index, DeviceFleetOptions options, ITraceRecorder trace)
        {
            ArgumentException.ThrowIfNullOrEmpty(deviceId);
            ArgumentNullException.ThrowIfNull(image);
            ArgumentNullException.ThrowIfNull(keys);
            ArgumentNullException.ThrowIfNull(radio);
            ArgumentNullException.ThrowIfNull(options);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            this.DeviceId = deviceId;
            this.Index = index;
            this.image = image;
            this.options = options;
            this.logLinesKept = options.LogLinesKept;
            this.trace = trace ?? TraceRecorder.None;
            this.ExpectSuccess = expectSuccess;
            // Issue 8: stores only what the key store programmed (a few KiB), not the whole 56 KiB region per device.
            this.Flash = new CompactFlash(4096, DeviceKeyStore.SectorCount, 256);
            var hal = new DeviceHal
            {
                ModemSink = this.link,
                Flash = this.Flash,
                FlashFirstSector = 0,
                Keys = keys,
                Random = new HostRandomSource(),
                ModemLog = this,
                ProvisioningLog = this,
            };
            this.Runtime = new DeviceRuntime(hal, options.CreateConfiguration()) { Listener = this };
            this.Modem = new EmulatedModem(
                new ModemOptions
                {
                    Imei = "35" + (index % 10_000_000_000_000L).ToString("D13", System.Globalization.CultureInfo.InvariantCulture),
                    LoggerFactory = options.LoggerFactory,

                    // The firmware's longest line is a remote-SIM answer (RemoteSimMessage.MaxLineLength, 560): 1 KiB leaves
                    // room and saves 6 KiB of line buffers per device over the 4 KiB default (issue 8).
                    MaxLineLength = 1024,
                },
                radio,
                null);
        }

        /// <summary>The device id of the manufacture image.</summary>
        public string DeviceId { get; }

        /// <summary>The device's index within its run (input order).</summary>
        public int Index { get; }

        /// <summary>Whether the scenario expects this device to provision.</summary>
        public bool ExpectSuccess { get; }

        /// <summary>The firmware core (touch only from the device's worker thread while the fleet runs).</summary>
        public DeviceRuntime Runtime { get; }

        /// <summary>The device's modem.</summary>
        public EmulatedModem Modem { get; }

        /// <summary>The key store's flash (NOR semantics, storing only the programmed part of each sector).</summary>
        public CompactFlash Flash { get; }

        /// <summary>The UART between core and modem (byte counters).</summary>
        public DeviceModemLink Link => this.link;

        /// <summary>True once the device has an outcome.</summary>
        public bool IsFinished { get; private set; }

        /// <summary>
        /// True once the device provisioned under <see cref="DeviceFleetOptions.KeepAttached"/>: it stays alive (core,
        /// flash, modem registration) until the run ends; its reads are still delivered and it is ticked slowly.
        /// </summary>
        public bool IsResident { get; private set; }

        /// <summary>
        /// True when the device's modem is registered at home (TS 27.007 +CEREG stat 1) with an operator, under the
        /// operational IMSI the device provisioned (read from the modem's state, any thread).
        /// </summary>
        public bool IsAttachedAtHome
        {
            get
            {
                string imsi = this.OperationalImsi;
                SimCardInfo sim = this.Modem.SimInfo;
                return imsi != null && sim != null && this.Modem.RegistrationStatus == M2MDevice.At.RegistrationStatus.Home
                    && this.Modem.ServingOperator != null && string.Equals(sim.Imsi, imsi, StringComparison.Ordinal);
            }
        }

        /// <summary>The outcome, valid once <see cref="IsFinished"/>.</summary>
        public DeviceRunOutcome Outcome { get; private set; }

        /// <summary>Why the device did not provision (null when it did); never a secret.</summary>
        public string FailureReason { get; private set; }

        /// <summary>Time from start to the outcome.</summary>
        public TimeSpan Duration => this.finishedAt;

        /// <summary>Provisioning transitions with their times (complete once finished).</summary>
        public IReadOnlyList<DeviceTransition> Transitions => this.transitions;

        /// <summary>The last log lines of the firmware (transitions, causes; never secrets).</summary>
        public IReadOnlyList<string> RecentLog
        {
            get
            {
                lock (this.logGate)
                {
                    return this.logLines.ToArray();
                }
            }
        }

        /// <summary>Operational IMSI once the device switched to it, else null.</summary>
        public string OperationalImsi { get; private set; }

        /// <summary>The PLMN the device was registered with when it finished, or null.</summary>
        public string ServingPlmn { get; private set; }

        /// <summary>
        /// Time per demo phase (<see cref="DevicePhase"/>), from the first entry into each milestone state: attach
        /// (start to Bootstrapping), bootstrap (to Downloading, pending waits included), download (to
        /// OperationalDetach, install included), attach-imsi (to Notifying), confirm (to Provisioned).
        /// </summary>
        public IReadOnlyList<DevicePhaseTiming> PhaseTimings()
        {
            TimeSpan? bootstrap = this.FirstEntry(ProvisioningState.Bootstrapping, TimeSpan.Zero);
            TimeSpan? download = this.FirstEntry(ProvisioningState.Downloading, bootstrap ?? TimeSpan.Zero);
            TimeSpan? switchOver = this.FirstEntry(ProvisioningState.OperationalDetach, download ?? TimeSpan.Zero);
            TimeSpan? notify = switchOver == null ? null : this.FirstEntry(ProvisioningState.Notifying, switchOver.Value);
            TimeSpan? done = this.FirstEntry(ProvisioningState.Provisioned, notify ?? TimeSpan.Zero);
            var phases = new List<DevicePhaseTiming>();
            Add(phases, DevicePhase.AttachPimsi, TimeSpan.Zero, bootstrap);
            Add(phases, DevicePhase.Bootstrap, bootstrap, download);
            Add(phases, DevicePhase.Download, download, switchOver);
            Add(phases, DevicePhase.AttachImsi, switchOver, notify);
            Add(phases, DevicePhase.Confirm, notify, done);
            return phases;
        }

        /// <summary>The run's result for the demo (<see cref="IDeviceRunner"/>).</summary>
        public DeviceRunResult ToResult()
        {
            return new DeviceRunResult(this.DeviceId, this.IsFinished ? this.Outcome : DeviceRunOutcome.Cancelled, this.IsFinished ? this.FailureReason : "not run", this.OperationalImsi, this.ServingPlmn, this.PhaseTimings());
        }

        /// <inheritdoc />
        public void OnProvisioningStateChanged(ProvisioningState previous, ProvisioningState current)
        {
            this.transitions.Add(new DeviceTransition(this.Elapsed(), previous, current));
            this.TraceTransition(previous, current);
        }

        /// <inheritdoc />
        public void OnCellularStateChanged(CellularState previous, CellularState current)
        {
            if (current == CellularState.Attached)
            {
                string plmn = this.Runtime.RegisteredPlmn;
                this.Record(TraceParticipant.Modem, TraceParticipant.Device, TraceMessage.Registered, plmn);
            }
        }

        /// <inheritdoc />
        public void Log(ModemLogLevel level, string text) => this.Keep(text);

        /// <inheritdoc />
        public void Write(string line) => this.Keep(line);

        /// <summary>On the worker: starts the modem, boots the core from the manufacture image, begins reading.</summary>
        internal void Start(Action<EmulatedDevice> post)
        {
            this.readyCallback = () => post(this);
            this.startTimestamp = this.options.Clock.GetTimestamp();
            this.lastTickTimestamp = this.startTimestamp;
            this.modemTask = Task.Run(() => this.Modem.RunAsync(this.link.ModemStream, this.modemStop.Token));
            this.modemTask.ContinueWith(
                task =>
                {
                    if (Volatile.Read(ref this.shutdown) == 0)
                    {
                        // The modem stopped on its own: the device reads the end of the stream (and fails on it).
                        this.link.CompleteFromModem(task.Exception?.GetBaseException());
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            DeviceStartResult started = this.Runtime.Start(this.image, 0, this.image.Length);
            if (started != DeviceStartResult.Started)
            {
                this.Finish(DeviceRunOutcome.Failed, "firmware did not start: " + started);
                return;
            }

            this.options.ConfigureCellular?.Invoke(this.Runtime.Cellular);
            this.link.ArmRead(this.readyCallback);
        }

        /// <summary>On the worker: feeds what the modem sent, then checks for an outcome.</summary>
        internal void ProcessRead()
        {
            if (this.IsFinished && !this.IsResident)
            {
                return;
            }

            if (!this.link.Deliver(this.Runtime))
            {
                if (this.IsResident)
                {
                    this.EndResidency("the modem closed the line in " + this.Runtime.ProvisioningStateName);
                    return;
                }

                this.Finish(DeviceRunOutcome.Failed, "the modem closed the line in " + this.Runtime.ProvisioningStateName);
                return;
            }

            this.CheckOutcome();
            if (!this.IsFinished || this.IsResident)
            {
                this.link.ArmRead(this.readyCallback);
            }
        }

        /// <summary>On the worker: advances the core by the real time passed since its last tick.</summary>
        internal void Tick(long timestamp)
        {
            if (this.IsFinished && !this.IsResident)
            {
                return;
            }

            this.tickRemainder += this.options.Clock.GetElapsedTime(this.lastTickTimestamp, timestamp).TotalMilliseconds;
            this.lastTickTimestamp = timestamp;
            int milliseconds = (int)Math.Min(this.tickRemainder, int.MaxValue);
            if (milliseconds > 0)
            {
                this.tickRemainder -= milliseconds;
                this.Runtime.Tick(milliseconds);
            }

            this.CheckOutcome();
            if (!this.IsFinished && this.Elapsed() > this.options.DeviceTimeout)
            {
                this.Finish(DeviceRunOutcome.TimedOut, "not provisioned after " + this.options.DeviceTimeout.TotalSeconds + " s: " + this.Situation());
            }
        }

        /// <summary>On the worker: ends the device with outcome (first call wins).</summary>
        internal void Finish(DeviceRunOutcome outcome, string reason)
        {
            if (this.IsFinished)
            {
                return;
            }

            this.finishedAt = this.Elapsed();
            this.Outcome = outcome;
            this.FailureReason = outcome == DeviceRunOutcome.Provisioned ? null : reason;
            this.ServingPlmn = this.Runtime.RegisteredPlmn;
            if (this.Runtime.IsStarted && this.Runtime.ActiveIdentity == UsimIdentityKind.Operational && this.Runtime.TryGetImsi(out string imsi))
            {
                this.OperationalImsi = imsi;
            }

            // A resident keeps its core, flash and modem (and its read armed) until the fleet shuts it down.
            this.IsResident = outcome == DeviceRunOutcome.Provisioned && this.options.KeepAttached;
            if (this.IsResident && !this.options.KeepFinishedDevices)
            {
                // Provisioned, so no failure to explain: keep only a few lines for a later fault (issue 8: memory per resident).
                lock (this.logGate)
                {
                    this.logLines.Clear();
                    this.logLines.TrimExcess();
                    this.logLinesKept = Math.Min(this.logLinesKept, ResidentLogLinesKept);
                }
            }

            this.IsFinished = true;
        }

        /// <summary>Why a resident device stopped being resident (a firmware fault after provisioning), or null.</summary>
        public string ResidentFault { get; private set; }

        /// <summary>On the worker: a resident device faulted; it is no longer served (its outcome stays Provisioned).</summary>
        internal void EndResidency(string reason)
        {
            this.IsResident = false;
            this.ResidentFault = reason;
            this.Keep("resident device stopped: " + reason);
        }

        /// <summary>Stops the modem and hangs up the line (after the device finished; any thread).</summary>
        internal async Task ShutdownAsync()
        {
            if (Interlocked.Exchange(ref this.shutdown, 1) != 0)
            {
                return;
            }

            this.modemStop.Cancel();
            this.link.CompleteFromDevice();
            if (this.modemTask != null)
            {
                try
                {
                    await this.modemTask.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped by us.
                }
            }

            await this.Modem.DisposeAsync().ConfigureAwait(false);
            this.modemStop.Dispose();
        }

        private void CheckOutcome()
        {
            ProvisioningState state = this.Runtime.ProvisioningState;
            if (state == ProvisioningState.Provisioned)
            {
                this.Finish(DeviceRunOutcome.Provisioned, null);
            }
            else if (state == ProvisioningState.Suspended)
            {
                this.Finish(DeviceRunOutcome.Failed, "suspended: " + this.Situation());
            }
            else if (state == ProvisioningState.PendingWait && !this.ExpectSuccess && this.options.StopUnexpectedAtPending)
            {
                this.Finish(DeviceRunOutcome.Failed, "pending at RS: no home operator associated");
            }
        }

        private string Situation()
        {
            ProvisioningStatus status = this.Runtime.Status;
            string detail = status == null ? string.Empty
                : $", last error {status.LastErrorName}, attach {ProvisioningNames.Of(status.LastAttachResult)} (cause {status.LastRejectCause}), transport {ProvisioningNames.Of(status.LastTransportResult)}, HTTP {status.LastHttpStatus}";
            return $"in {this.Runtime.ProvisioningStateName}, modem {this.Runtime.CellularStateName}{detail}";
        }

        private TimeSpan? FirstEntry(ProvisioningState state, TimeSpan notBefore)
        {
            foreach (DeviceTransition transition in this.transitions)
            {
                if (transition.To == state && transition.At >= notBefore)
                {
                    return transition.At;
                }
            }

            return null;
        }

        private static void Add(List<DevicePhaseTiming> phases, string phase, TimeSpan? from, TimeSpan? to)
        {
            if (from != null && to != null)
            {
                phases.Add(new DevicePhaseTiming(phase, to.Value - from.Value));
            }
        }

        private TimeSpan Elapsed() => this.options.Clock.GetElapsedTime(this.startTimestamp);

        private void Keep(string line)
        {
            lock (this.logGate)
            {
                if (this.logLinesKept == 0)
                {
                    return;
                }

                while (this.logLines.Count >= this.logLinesKept)
                {
                    this.logLines.Dequeue();
                }

                this.logLines.Enqueue(line);
            }
        }

        private void TraceTransition(ProvisioningState previous, ProvisioningState current)
        {
            switch (current)
            {
                case ProvisioningState.PreliminaryAttach:
                    this.Record(TraceParticipant.Device, TraceParticipant.Modem, TraceMessage.AttachCommand, "PIMSI");
                    break;
                case ProvisioningState.Bootstrapping:
                    this.Record(TraceParticipant.Device, TraceParticipant.RegistrationService, TraceMessage.BootstrapRequest, null);
                    break;
                case ProvisioningState.HomeOperatorQuery:
                    this.Record(TraceParticipant.RegistrationService, TraceParticipant.Device, TraceMessage.BootstrapResult, null);
                    this.Record(TraceParticipant.Device, TraceParticipant.RegistrationService, TraceMessage.HomeOperatorRequest, null);
                    break;
                case ProvisioningState.PendingWait:
                    this.Record(TraceParticipant.RegistrationService, TraceParticipant.Device, TraceMessage.HomeOperatorAnswer, "Pending");
                    break;
                case ProvisioningState.Downloading:
                    if (previous == ProvisioningState.HomeOperatorQuery)
                    {
                        this.Record(TraceParticipant.RegistrationService, TraceParticipant.Device, TraceMessage.HomeOperatorAnswer, null);
                    }

                    this.Record(TraceParticipant.Device, TraceParticipant.HomeOperator, TraceMessage.PackageRequest, null);
                    break;
                case ProvisioningState.Installing:
                    this.Record(TraceParticipant.HomeOperator, TraceParticipant.Device, TraceMessage.UsimPackage, null);
                    break;
                case ProvisioningState.OperationalAttach:
                    this.Record(TraceParticipant.Device, TraceParticipant.Modem, TraceMessage.AttachCommand, "IMSI");
                    break;
                case ProvisioningState.Notifying:
                    // After a rollback the queued notification is the failure report; otherwise the install receipt.
                    bool receipt = previous == ProvisioningState.OperationalAttach || this.Runtime.ActiveIdentity == UsimIdentityKind.Operational;
                    this.Record(TraceParticipant.Device, TraceParticipant.HomeOperator, receipt ? TraceMessage.InstallReceipt : TraceMessage.FailureReport, null);
                    break;
                case ProvisioningState.Provisioned:
                    if (previous == ProvisioningState.Notifying)
                    {
                        this.Record(TraceParticipant.HomeOperator, TraceParticipant.Device, TraceMessage.NotificationAck, null);
                    }

                    break;
                default:
                    break;
            }
        }

        private void Record(string from, string to, string message, string detail)
        {
            this.trace.Record(new TraceEvent(this.DeviceId, from, to, message, DateTimeOffset.UtcNow, detail));
        }
    }
}
