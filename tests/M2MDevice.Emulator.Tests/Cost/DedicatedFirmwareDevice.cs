using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Tests.Cost
{
    /// <summary>
    /// Issue 8 parts 3 and 7.4: one real firmware instance (<see cref="DeviceRuntime"/>, the same composition the fleet and the
    /// board use) on ONE dedicated thread, with its emulated modem, the radio, VO, RS and HO on other threads. Every call
    /// into the firmware (construction, Start, Receive, Tick) is a measured window on that thread
    /// (GC.GetAllocatedBytesForCurrentThread); the Hal callbacks the firmware makes from inside a window (modem UART
    /// write, flash, keys, random, logs, listener) are measured too and subtracted, since on the board they are the
    /// board's code. The bytes from the modem are read and queued by a pool thread, so that copy is not counted either.
    /// Optionally records the AT transcript both ways, every firmware log line, and the retained object graph
    /// (<see cref="RetainedGraph"/>) at each provisioning transition. No xUnit dependency: the benchmarks link this file.
    /// </summary>
    public sealed class DedicatedFirmwareDevice : IByteSink, IFlash, IKeyProvider, IRandomSource, IModemLog, IModemLogFilter, IProvisioningLog, IDeviceRuntimeListener
    {
        private readonly ManufacturedUnit unit;
        private readonly SimulatedFlash flash;
        private readonly IKeyProvider keys;
        private readonly IRandomSource random = new HostRandomSource();
        private readonly EmulatedModem modem;
        private readonly DuplexPipe line = new DuplexPipe();
        private readonly ConcurrentQueue<byte[]> received = new ConcurrentQueue<byte[]>();
        private readonly AutoResetEvent wake = new AutoResetEvent(false);
        private readonly MemoryStream toModem = new MemoryStream();
        private readonly MemoryStream fromModem = new MemoryStream();
        private readonly object transcriptGate = new object();
        private readonly List<string> logLines = new List<string>();
        private readonly List<CostCheckpoint> checkpoints = new List<CostCheckpoint>();
        private readonly bool walkGraph;
        private DeviceRuntime runtime;
        private long windowStart;
        private long halAtWindowStart;
        private long windowBytes;
        private long halBytes;
        private bool inWindow;

        /// <summary>Builds the device for unit in radio (nothing runs yet). modemLoggers may be null.</summary>
        public DedicatedFirmwareDevice(ManufacturedUnit unit, RadioEnvironment radio, ILoggerFactory modemLoggers, bool walkGraph)
        {
            ArgumentNullException.ThrowIfNull(unit);
            ArgumentNullException.ThrowIfNull(radio);
            this.unit = unit;
            this.walkGraph = walkGraph;
            this.keys = unit.Keys.ToKeyProvider();
            this.flash = new SimulatedFlash(4096, DeviceKeyStore.SectorCount, 256, 7);
            this.modem = new EmulatedModem(new ModemOptions { Imei = "356938035643809", LoggerFactory = modemLoggers }, radio, null);
        }

        /// <summary>The manufactured unit this device runs.</summary>
        public ManufacturedUnit Unit => this.unit;

        /// <summary>The firmware core (after <see cref="RunAsync"/> has started it).</summary>
        public DeviceRuntime Runtime => this.runtime;

        /// <summary>The emulated modem.</summary>
        public EmulatedModem Modem => this.modem;

        /// <summary>The key store's flash (read it after the run with the unit's storage keys).</summary>
        public SimulatedFlash Flash => this.flash;

        /// <summary>The outcome: the provisioning state the run ended in.</summary>
        public ProvisioningState FinalState { get; private set; }

        /// <summary>Why the run stopped early (time limit, firmware exception), or null.</summary>
        public string Failure { get; private set; }

        /// <summary>Bytes the firmware allocated while it was being constructed (new DeviceRuntime).</summary>
        public long ConstructionBytes { get; private set; }

        /// <summary>Bytes the firmware allocated in Start (key store load, soft USIM, machines, the first commands).</summary>
        public long StartBytes { get; private set; }

        /// <summary>Bytes the firmware allocated from construction to Provisioned (Hal callbacks excluded).</summary>
        public long FirmwareBytes => this.windowBytes - this.halBytes;

        /// <summary>Bytes the Hal callbacks of this harness allocated inside firmware calls (excluded from <see cref="FirmwareBytes"/>).</summary>
        public long HalBytes => this.halBytes;

        /// <summary>Largest allocation by one firmware call (Hal excluded): the transient part of the peak.</summary>
        public long LargestCallBytes { get; private set; }

        /// <summary>
        /// Test hook called on the firmware thread at every provisioning transition, after the state changed (for
        /// example to read the key store from <see cref="Flash"/>); its allocations count as Hal, not firmware.
        /// </summary>
        public Action<ProvisioningState> TransitionHook { get; set; }

        /// <summary>Firmware calls that allocated: bytes, states, what the modem sent (diagnostics).</summary>
        public List<string> CallLog { get; } = new List<string>();

        /// <summary>Receive calls made.</summary>
        public int ReceiveCalls { get; private set; }

        /// <summary>Tick calls made.</summary>
        public int TickCalls { get; private set; }

        /// <summary>Retained graph right after Start.</summary>
        public RetainedGraph AfterStart { get; private set; }

        /// <summary>Largest retained graph seen (after Start and at every transition), by nano estimate.</summary>
        public RetainedGraph PeakRetained { get; private set; }

        /// <summary>State in which <see cref="PeakRetained"/> was seen.</summary>
        public string PeakRetainedAt { get; private set; }

        /// <summary>Retained graph after Provisioned.</summary>
        public RetainedGraph AtEnd { get; private set; }

        /// <summary>Cumulative firmware bytes at each provisioning transition.</summary>
        public IReadOnlyList<CostCheckpoint> Checkpoints => this.checkpoints;

        /// <summary>Every line the firmware logged (modem and provisioning logs), in order.</summary>
        public IReadOnlyList<string> LogLines => this.logLines;

        /// <summary>The bytes the firmware wrote to the modem.</summary>
        public byte[] BytesToModem()
        {
            lock (this.transcriptGate)
            {
                return this.toModem.ToArray();
            }
        }

        /// <summary>The bytes the modem wrote to the firmware.</summary>
        public byte[] BytesFromModem()
        {
            lock (this.transcriptGate)
            {
                return this.fromModem.ToArray();
            }
        }

        /// <summary>
        /// Runs the device from power-up until Provisioned or Suspended (or limit passes) on a new dedicated thread, then
        /// stops the modem. The firmware thread is the only one that touches the core.
        /// </summary>
        public async Task RunAsync(TimeSpan limit, CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task modemTask = Task.Run(() => this.modem.RunAsync(this.line.ModemEnd, stop.Token));
            Task readTask = Task.Run(() => this.ReadFromModemAsync(stop.Token));
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    this.FirmwareThread(limit, stop.Token);
                    done.SetResult();
                }
                catch (Exception exception)
                {
                    done.SetException(exception);
                }
            })
            {
                IsBackground = true,
                Name = "firmware (cost)",
            };
            thread.Start();
            try
            {
                await done.Task.ConfigureAwait(false);
            }
            finally
            {
                // Both readers stop on the token first; only then is the line hung up (no read on a completed pipe).
                stop.Cancel();
                try
                {
                    await readTask.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped by us.
                }

                try
                {
                    await modemTask.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped by us.
                }

                this.line.Dispose();
                await this.modem.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <inheritdoc />
        void IByteSink.Write(byte[] buffer, int offset, int count)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            lock (this.transcriptGate)
            {
                this.toModem.Write(buffer, offset, count);
            }

            this.line.DeviceEnd.Write(buffer, offset, count);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <inheritdoc />
        int IFlash.PageSize => this.flash.PageSize;

        /// <inheritdoc />
        int IFlash.SectorSize => this.flash.SectorSize;

        /// <inheritdoc />
        int IFlash.Size => this.flash.Size;

        /// <inheritdoc />
        void IFlash.Read(int address, byte[] buffer, int offset, int count)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            this.flash.Read(address, buffer, offset, count);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <inheritdoc />
        void IFlash.EraseSector(int sectorIndex)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            this.flash.EraseSector(sectorIndex);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <inheritdoc />
        void IFlash.Program(int address, byte[] data, int offset, int count)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            this.flash.Program(address, data, offset, count);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <inheritdoc />
        void IKeyProvider.GetStorageEncryptionKey(byte[] buffer, int offset)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            this.keys.GetStorageEncryptionKey(buffer, offset);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <inheritdoc />
        void IKeyProvider.GetStorageMacKey(byte[] buffer, int offset)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            this.keys.GetStorageMacKey(buffer, offset);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <inheritdoc />
        void IRandomSource.GetBytes(byte[] buffer, int offset, int count)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            this.random.GetBytes(buffer, offset, count);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <summary>
        /// Lowest modem log level kept (Debug, every entry, by default); the firmware does not build entries below it
        /// (<see cref="IModemLogFilter"/>). The cost test measures with Information.
        /// </summary>
        public ModemLogLevel ModemLogMinimumLevel { get; set; } = ModemLogLevel.Debug;

        /// <inheritdoc />
        bool IModemLogFilter.IsEnabled(ModemLogLevel level) => level >= this.ModemLogMinimumLevel;

        /// <inheritdoc />
        void IModemLog.Log(ModemLogLevel level, string text)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            this.logLines.Add("modem " + level + ": " + text);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <inheritdoc />
        void IProvisioningLog.Write(string line)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            this.logLines.Add("provisioning: " + line);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <inheritdoc />
        void IDeviceRuntimeListener.OnProvisioningStateChanged(ProvisioningState previous, ProvisioningState current)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long firmwareSoFar = this.windowBytes - this.halBytes + (this.inWindow ? before - this.windowStart : 0);

            this.checkpoints.Add(new CostCheckpoint(ProvisioningNames.Of(current), firmwareSoFar));
            if (this.walkGraph)
            {
                this.Walk(ProvisioningNames.Of(current));
            }

            this.TransitionHook?.Invoke(current);
            this.halBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <inheritdoc />
        void IDeviceRuntimeListener.OnCellularStateChanged(CellularState previous, CellularState current)
        {
        }

        private void FirmwareThread(TimeSpan limit, CancellationToken cancellationToken)
        {
            var hal = new DeviceHal
            {
                ModemSink = this,
                Flash = this,
                FlashFirstSector = 0,
                Keys = this,
                Random = this,
                ModemLog = this,
                ProvisioningLog = this,
            };
            DeviceConfiguration configuration = DeviceFleetOptions.FastConfiguration();

            this.Open();
            var created = new DeviceRuntime(hal, configuration) { Listener = this };
            this.ConstructionBytes = this.Close();
            this.runtime = created;

            this.Open();
            DeviceStartResult started = created.Start(this.unit.Image, 0, this.unit.Image.Length);
            this.StartBytes = this.Close();
            if (started != DeviceStartResult.Started)
            {
                this.Failure = "firmware did not start: " + started;
                return;
            }

            DeviceFleetOptions.FastCellular(created.Cellular);
            if (this.walkGraph)
            {
                this.AfterStart = this.Walk("Start");
            }

            const int TickMilliseconds = 20;
            Stopwatch clock = Stopwatch.StartNew();
            long lastTick = 0;
            while (true)
            {
                ProvisioningState state = created.ProvisioningState;
                if (state == ProvisioningState.Provisioned || state == ProvisioningState.Suspended)
                {
                    this.FinalState = state;
                    break;
                }

                if (clock.Elapsed > limit || cancellationToken.IsCancellationRequested)
                {
                    this.FinalState = state;
                    this.Failure = "not provisioned after " + limit.TotalSeconds + " s: in " + created.ProvisioningStateName + ", modem " + created.CellularStateName + ", last error " + created.LastErrorName;
                    return;
                }

                int wait = (int)Math.Max(0, TickMilliseconds - (clock.ElapsedMilliseconds - lastTick));
                if (this.received.IsEmpty && wait > 0)
                {
                    this.wake.WaitOne(wait);
                }

                while (this.received.TryDequeue(out byte[] chunk))
                {
                    this.Open();
                    created.Receive(chunk, 0, chunk.Length);
                    long spent = this.Close();
                    if (spent > 0)
                    {
                        this.CallLog.Add($"{spent} B in {created.ProvisioningStateName}/{created.CellularStateName} on '{System.Text.Encoding.Latin1.GetString(chunk, 0, Math.Min(chunk.Length, 70)).Replace("\r", "|").Replace("\n", "|")}'");
                    }
                    this.ReceiveCalls++;
                }

                long now = clock.ElapsedMilliseconds;
                if (now - lastTick >= TickMilliseconds)
                {
                    this.Open();
                    created.Tick((int)(now - lastTick));
                    long spentTick = this.Close();
                    if (spentTick > 0)
                    {
                        this.CallLog.Add($"{spentTick} B in Tick {created.ProvisioningStateName}/{created.CellularStateName}");
                    }
                    this.TickCalls++;
                    lastTick = now;
                }
            }

            if (this.walkGraph)
            {
                this.AtEnd = this.Walk("end");
            }
        }

        private async Task ReadFromModemAsync(CancellationToken cancellationToken)
        {
            byte[] buffer = new byte[4096];
            try
            {
                while (true)
                {
                    int read = await this.line.DeviceEnd.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    lock (this.transcriptGate)
                    {
                        this.fromModem.Write(buffer, 0, read);
                    }

                    this.received.Enqueue(buffer[..read]);
                    this.wake.Set();
                }
            }
            catch (IOException)
            {
                // Hung up at the end of the run.
            }
            catch (ObjectDisposedException)
            {
                // Hung up at the end of the run.
            }
        }

        private void Open()
        {
            this.inWindow = true;
            this.halAtWindowStart = this.halBytes;
            this.windowStart = GC.GetAllocatedBytesForCurrentThread();
        }

        private long Close()
        {
            long total = GC.GetAllocatedBytesForCurrentThread() - this.windowStart;
            this.inWindow = false;
            this.windowBytes += total;
            long firmware = total - (this.halBytes - this.halAtWindowStart);
            this.LargestCallBytes = Math.Max(this.LargestCallBytes, firmware);
            return firmware;
        }

        private RetainedGraph Walk(string where)
        {
            RetainedGraph graph = RetainedGraph.Measure(this.runtime, this, this.flash, this.keys, this.random);
            if (this.PeakRetained == null || graph.NanoEstimateBytes > this.PeakRetained.NanoEstimateBytes)
            {
                this.PeakRetained = graph;
                this.PeakRetainedAt = where;
            }

            return graph;
        }
    }
}
