using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Emulator.Faults
{
    /// <summary>
    /// One emulated device for fault tests (issue 7): the real firmware core (<see cref="DeviceRuntime"/>) on a
    /// <see cref="SimulatedFlash"/> that survives power cycles, an <see cref="EmulatedModem"/> in the network's radio
    /// environment behind a <see cref="FaultyModemStream"/>, driven by the caller's thread with the firmware's own clock.
    /// <para>
    /// Time: the firmware only knows the milliseconds given to <see cref="DeviceRuntime.Tick"/>. When no modem output is
    /// waiting the driver waits at most 2 ms of real time and then ticks <see cref="TickMilliseconds"/> (the firmware's
    /// clock runs up to ten times faster than the wall clock, never slower than the modem's real work); while the fault
    /// stream says the device waits for an answer that will not come it ticks <see cref="StalledTickMilliseconds"/>
    /// without waiting, so command timeouts of seconds pass in microseconds. No sleeps, no timing assertions.
    /// </para>
    /// <para>
    /// Power: when the armed cut fires (<see cref="PowerCutException"/> out of the core) <see cref="Run"/> returns
    /// <see cref="RebootableDeviceStop.PowerCut"/>; the next Run powers the board up again: the flash keeps what it holds
    /// (torn write included), the modem restarts, a new core mounts the key store and resumes. A modem reset
    /// (<see cref="ModemFaultPlan.ResetOnCommand"/>) replaces only the modem: the new one reports "RDY" and knows nothing.
    /// </para>
    /// </summary>
    public sealed class RebootableDevice : IDisposable, IByteSink, IModemLog, IProvisioningLog
    {
        /// <summary>Firmware milliseconds per idle step.</summary>
        public const int TickMilliseconds = 20;

        /// <summary>Firmware milliseconds per step while the device waits for an answer that will not come.</summary>
        public const int StalledTickMilliseconds = 250;

        /// <summary>SIMCom A76xx: the URC a module sends once it has (re)started and accepts commands.</summary>
        public const string ReadyUrc = "RDY";

        /// <summary>
        /// The modem's wait for a remote-SIM answer (its own clock, real time): shorter than the 10 s default, so a
        /// request whose URC lost a byte costs the run 2 s rather than 10 (the device answers within milliseconds).
        /// </summary>
        private static readonly TimeSpan RemoteSimTimeout = TimeSpan.FromSeconds(2);

        private const int LogLinesKept = 80;

        private readonly byte[] image;
        private readonly IKeyProvider keys;
        private readonly RadioEnvironment radio;
        private readonly string imei;
        private readonly ModemFaultPlan plan;
        private readonly Func<DeviceConfiguration> configuration;
        private readonly ConcurrentQueue<byte[]> inbound = new ConcurrentQueue<byte[]>();
        private readonly AutoResetEvent arrived = new AutoResetEvent(false);
        private readonly Queue<string> log = new Queue<string>();
        private readonly List<Task> retiredModems = new List<Task>();
        private readonly List<ProvisioningState> statesAtModemReset = new List<ProvisioningState>();
        private ModemPort port;
        private FaultyModemStream stream;
        private EmulatedModem modem;
        private CancellationTokenSource modemStop;
        private Task modemTask;
        private bool poweredOn;

        /// <summary>
        /// A manufactured device (image under keys) in radio; index makes its IMEI unique; plan (null: none) injects
        /// modem faults; flash (null: a blank one) is the key store's flash, e.g. one shared with a previous life.
        /// </summary>
        public RebootableDevice(string deviceId, byte[] image, IKeyProvider keys, RadioEnvironment radio, int index, ModemFaultPlan plan = null, SimulatedFlash flash = null, Func<DeviceConfiguration> configuration = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(deviceId);
            ArgumentNullException.ThrowIfNull(image);
            ArgumentNullException.ThrowIfNull(keys);
            ArgumentNullException.ThrowIfNull(radio);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            this.DeviceId = deviceId;
            this.image = image;
            this.keys = keys;
            this.radio = radio;
            this.plan = plan ?? new ModemFaultPlan(index) { Enabled = false };
            this.configuration = configuration ?? DeviceFleetOptions.FastConfiguration;
            this.imei = "86" + (index % 10_000_000_000_000L).ToString("D13", System.Globalization.CultureInfo.InvariantCulture);
            this.Flash = flash ?? new SimulatedFlash(4096, DeviceKeyStore.SectorCount, 256, index + 1);
        }

        /// <summary>The device id of the manufacture image.</summary>
        public string DeviceId { get; }

        /// <summary>The key store's flash (survives power cycles).</summary>
        public SimulatedFlash Flash { get; }

        /// <summary>The fault plan (a disabled one when none was given).</summary>
        public ModemFaultPlan Plan => this.plan;

        /// <summary>The firmware core of the current power cycle (null before the first Run).</summary>
        public DeviceRuntime Runtime { get; private set; }

        /// <summary>The modem of the current power cycle (replaced by a reset).</summary>
        public EmulatedModem Modem => this.modem;

        /// <summary>Power-ups (the first included).</summary>
        public int Boots { get; private set; }

        /// <summary>Modem resets performed.</summary>
        public int ModemResets { get; private set; }

        /// <summary>The provisioning state at each modem reset.</summary>
        public IReadOnlyList<ProvisioningState> StatesAtModemReset => this.statesAtModemReset;

        /// <summary>Milliseconds given to the firmware's Tick over all power cycles.</summary>
        public long FirmwareMilliseconds { get; private set; }

        /// <summary>Provisioning states entered, over all power cycles ("A -> B on E" lines of the firmware log).</summary>
        public int ProvisioningTransitions { get; private set; }

        /// <summary>What the last boot found and resumed ("persisted X, resuming Y"), null before a boot.</summary>
        public string LastStart { get; private set; }

        /// <summary>The last firmware log lines (never secrets), for assertion messages.</summary>
        public string RecentLog => string.Join("\n", this.log);

        /// <summary>
        /// Runs the device (powering it up first if it is off) until it is provisioned or suspended, until condition
        /// (checked after every step) holds, until a power cut, or until realLimit of wall-clock time.
        /// </summary>
        public RebootableDeviceStop Run(TimeSpan realLimit, Func<DeviceRuntime, bool> condition = null)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                if (!this.poweredOn)
                {
                    this.PowerUp();
                }

                while (true)
                {
                    if (this.stream.ResetRequested)
                    {
                        this.ResetModem();
                    }

                    bool delivered = false;
                    while (this.inbound.TryDequeue(out byte[] chunk))
                    {
                        this.Runtime.Receive(chunk, 0, chunk.Length);
                        delivered = true;
                    }

                    if (condition != null && condition(this.Runtime))
                    {
                        return RebootableDeviceStop.ConditionMet;
                    }

                    ProvisioningState state = this.Runtime.ProvisioningState;
                    if (condition == null && state == ProvisioningState.Provisioned)
                    {
                        return RebootableDeviceStop.Provisioned;
                    }

                    if (state == ProvisioningState.Suspended)
                    {
                        return RebootableDeviceStop.Suspended;
                    }

                    if (watch.Elapsed > realLimit)
                    {
                        return RebootableDeviceStop.TimedOut;
                    }

                    if (delivered)
                    {
                        continue;
                    }

                    bool stalled = this.stream.IsStalled;
                    if (!stalled && this.arrived.WaitOne(2) && !this.inbound.IsEmpty)
                    {
                        continue;
                    }

                    int step = stalled ? StalledTickMilliseconds : TickMilliseconds;
                    this.FirmwareMilliseconds += step;
                    this.Runtime.Tick(step);
                }
            }
            catch (PowerCutException)
            {
                this.PowerDown();
                return RebootableDeviceStop.PowerCut;
            }
        }

        /// <summary>Stops the modem and the line (the flash keeps its contents).</summary>
        public void Dispose()
        {
            this.PowerDown();
            try
            {
                Task.WaitAll(this.retiredModems.ToArray(), TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // A modem that stopped with an error is gone all the same.
            }

            this.arrived.Dispose();
        }

        /// <inheritdoc />
        void IByteSink.Write(byte[] buffer, int offset, int count)
        {
            this.stream.OnDeviceWrite();
            this.port.WriteFromDevice(buffer, offset, count);
        }

        /// <inheritdoc />
        void IModemLog.Log(ModemLogLevel level, string text) => this.Keep(text);

        /// <inheritdoc />
        void IProvisioningLog.Write(string line)
        {
            const string Start = "provisioning: start, ";
            if (line.StartsWith(Start, StringComparison.Ordinal))
            {
                this.LastStart = line.Substring(Start.Length);
            }

            if (line.Contains(" -> ", StringComparison.Ordinal))
            {
                this.ProvisioningTransitions++;
            }

            this.Keep(line);
        }

        private void PowerUp()
        {
            if (this.Flash.IsPoweredOff)
            {
                this.Flash.Reboot(); // power is back; an armed cut that has not fired stays armed
            }

            this.Boots++;
            this.StartModem(false);
            var hal = new DeviceHal
            {
                ModemSink = this,
                Flash = this.Flash,
                FlashFirstSector = 0,
                Keys = this.keys,
                Random = new HostRandomSource(),
                ModemLog = this,
                ProvisioningLog = this,
            };
            this.Runtime = new DeviceRuntime(hal, this.configuration());
            this.poweredOn = true;
            DeviceStartResult started = this.Runtime.Start(this.image, 0, this.image.Length);
            if (started != DeviceStartResult.Started)
            {
                throw new InvalidOperationException("firmware did not start: " + started + "\n" + this.RecentLog);
            }

            DeviceFleetOptions.FastCellular(this.Runtime.Cellular);
        }

        private void PowerDown()
        {
            this.poweredOn = false;
            this.StopModem();
            while (this.inbound.TryDequeue(out _))
            {
            }
        }

        private void ResetModem()
        {
            this.ModemResets++;
            this.statesAtModemReset.Add(this.Runtime.ProvisioningState);
            this.Keep("fault: modem reset");
            this.StopModem();
            while (this.inbound.TryDequeue(out _))
            {
            }

            this.StartModem(true);
        }

        private void StartModem(bool announce)
        {
            if (announce)
            {
                // A76xx: a module that restarted reports RDY (then its SIM status) before it takes commands.
                this.inbound.Enqueue(System.Text.Encoding.ASCII.GetBytes("\r\n" + ReadyUrc + "\r\n"));
            }

            this.port = new ModemPort(this.inbound, this.arrived);
            this.stream = new FaultyModemStream(this.port, this.plan);
            this.modem = new EmulatedModem(new ModemOptions { Imei = this.imei, RemoteSimTimeout = RemoteSimTimeout }, this.radio, null);
            this.modemStop = new CancellationTokenSource();
            EmulatedModem running = this.modem;
            FaultyModemStream line = this.stream;
            CancellationToken token = this.modemStop.Token;
            this.modemTask = Task.Run(() => running.RunAsync(line, token));
        }

        private void StopModem()
        {
            if (this.modem == null)
            {
                return;
            }

            this.stream.Kill();
            this.port.Hangup();
            this.modemStop.Cancel();
            EmulatedModem stopped = this.modem;
            CancellationTokenSource stop = this.modemStop;
            this.retiredModems.Add(this.modemTask.ContinueWith(
                async _ =>
                {
                    await stopped.DisposeAsync().ConfigureAwait(false);
                    stop.Dispose();
                },
                TaskScheduler.Default).Unwrap());
            this.modem = null;
        }

        private void Keep(string line)
        {
            if (this.log.Count == LogLinesKept)
            {
                this.log.Dequeue();
            }

            this.log.Enqueue(line);
        }
    }
}
