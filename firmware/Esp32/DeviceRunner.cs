using System;
using System.Threading;
using M2MDevice.Firmware.Device;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// Drives the sans-IO core on the board (ARCHITECTURE.md section 2, docs/device-runtime.md): one thread reads
    /// the modem UART and feeds <see cref="DeviceRuntime.Receive"/>; a Timer feeds <see cref="DeviceRuntime.Tick"/>
    /// every period. Both take one lock, so the core never runs on two threads; completions of the bench data path
    /// (<see cref="NativeIpSecureTransport"/>, <see cref="BenchNetwork"/>) are delivered inside Tick, so under that lock
    /// too. A board without a modem has no UART and no reader thread, only the timer. Start the runtime before the
    /// runner. A core exception stops the runner and is kept in <see cref="Fault"/> (the application decides: log and
    /// reboot).
    /// </summary>
    public sealed class DeviceRunner
    {
        private const int ReadWaitMilliseconds = 1000;

        private readonly ModemUart uart;
        private readonly DeviceRuntime core;
        private readonly int tickMilliseconds;
        private readonly object sync = new object();
        private readonly byte[] buffer = new byte[512];
        private readonly ManualResetEvent stopped = new ManualResetEvent(false);
        private Thread reader;
        private Timer timer;
        private bool running;

        /// <summary>
        /// Runs core with uart (null on a board without a modem); ticks every tickMilliseconds. Nothing starts until
        /// <see cref="Start"/>.
        /// </summary>
        public DeviceRunner(ModemUart uart, DeviceRuntime core, int tickMilliseconds)
        {
            if (core == null)
            {
                throw new ArgumentNullException(nameof(core));
            }

            if (tickMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(tickMilliseconds));
            }

            this.uart = uart;
            this.core = core;
            this.tickMilliseconds = tickMilliseconds;
        }

        /// <summary>The exception that stopped the runner, or null.</summary>
        public Exception Fault { get; private set; }

        /// <summary>Starts the reader thread and the tick timer.</summary>
        public void Start()
        {
            if (running)
            {
                throw new InvalidOperationException("already running");
            }

            running = true;
            stopped.Reset();
            if (uart != null)
            {
                reader = new Thread(ReadLoop);
                reader.Start();
            }

            timer = new Timer(OnTick, null, tickMilliseconds, tickMilliseconds);
        }

        /// <summary>Stops the timer and the reader thread.</summary>
        public void Stop()
        {
            running = false;
            if (timer != null)
            {
                timer.Dispose();
                timer = null;
            }

            if (uart != null)
            {
                uart.Wake();
            }

            stopped.Set();
        }

        /// <summary>Blocks until the runner stops (by <see cref="Stop"/> or a fault).</summary>
        public void WaitUntilStopped()
        {
            stopped.WaitOne();
        }

        private void ReadLoop()
        {
            while (running)
            {
                int count = uart.Read(buffer, 0, buffer.Length, ReadWaitMilliseconds);
                if (count > 0 && !Deliver(count))
                {
                    return;
                }
            }
        }

        private bool Deliver(int count)
        {
            lock (sync)
            {
                try
                {
                    core.Receive(buffer, 0, count);
                    return true;
                }
                catch (Exception e)
                {
                    Fail(e);
                    return false;
                }
            }
        }

        private void OnTick(object state)
        {
            lock (sync)
            {
                if (!running)
                {
                    return;
                }

                try
                {
                    // A fixed period, not wall time: UtcNow jumps when SNTP or the modem sets the clock.
                    core.Tick(tickMilliseconds);
                }
                catch (Exception e)
                {
                    Fail(e);
                }
            }
        }

        private void Fail(Exception e)
        {
            Fault = e;
            Stop();
        }
    }
}
