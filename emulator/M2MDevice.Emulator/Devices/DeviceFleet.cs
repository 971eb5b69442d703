using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>
    /// Runs many <see cref="EmulatedDevice"/>s from a few threads (ARCHITECTURE 2; docs/device-runtime.md): devices are
    /// dealt round-robin to <see cref="DeviceFleetOptions.WorkerCount"/> worker threads, each an event loop that delivers
    /// modem output to its devices' firmware cores and ticks them; the modems' asynchronous work (SIM requests, TLS and
    /// HTTP to RS and HO, VO calls to RS) runs on the thread pool and posts back. Never a thread per device. Only a window
    /// of devices runs at once (<see cref="DeviceFleetOptions.MaxActiveDevices"/>); the rest wait, not yet created.
    /// </summary>
    public sealed class DeviceFleet
    {
        private readonly DeviceFleetOptions options;

        /// <summary>Creates a fleet runner with options (defaults when null).</summary>
        public DeviceFleet(DeviceFleetOptions options = null)
        {
            this.options = options ?? new DeviceFleetOptions();
            this.options.Validate();
        }

        /// <summary>The options.</summary>
        public DeviceFleetOptions Options => this.options;

        /// <summary>
        /// Runs devices until each has an outcome (provisioned, failed, timed out, or cancelled by cancellationToken),
        /// calling finished (thread-safe callers only: it runs on the worker threads) as each one ends; then stops every
        /// modem. At most <see cref="DeviceFleetOptions.MaxActiveDevices"/> provision at once. Under
        /// <see cref="DeviceFleetOptions.KeepAttached"/> the devices that provisioned stay alive and attached until all have
        /// an outcome, are counted from their modems, then shut down. Returns the run's statistics.
        /// </summary>
        public Task<FleetRunStatistics> RunAsync(IReadOnlyList<EmulatedDevice> devices, Action<EmulatedDevice> finished, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(devices);
            return this.RunAsync(devices.Count, index => devices[index], finished, cancellationToken);
        }

        /// <summary>
        /// As <see cref="RunAsync(IReadOnlyList{EmulatedDevice}, Action{EmulatedDevice}, CancellationToken)"/> for count
        /// devices that create makes only when each is admitted (on a worker thread, in index order), so a large fleet
        /// never holds more than the window of devices in memory. Devices never admitted because of cancellation are
        /// neither created nor reported to finished.
        /// </summary>
        public async Task<FleetRunStatistics> RunAsync(int count, Func<int, EmulatedDevice> create, Action<EmulatedDevice> finished, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentNullException.ThrowIfNull(create);
            var stopwatch = Stopwatch.StartNew();
            if (count == 0)
            {
                return new FleetRunStatistics(0, 0, TimeSpan.Zero, 0);
            }

            int workerCount = Math.Max(1, Math.Min(this.options.WorkerCount, count));
            int active = Math.Min(this.options.MaxActiveDevices, count);
            var shutdowns = new List<Task>();
            var residents = new List<EmulatedDevice>();
            object gate = new object();

            void OnFinished(EmulatedDevice device)
            {
                if (device.IsResident)
                {
                    // KeepAttached: alive and registered until every device has an outcome.
                    lock (gate)
                    {
                        residents.Add(device);
                    }

                    finished?.Invoke(device);
                    return;
                }

                Task shutdown = Task.Run(device.ShutdownAsync);
                lock (gate)
                {
                    // Drop completed shutdowns now and then so the list stays as small as the window.
                    if (shutdowns.Count >= 1024)
                    {
                        shutdowns.RemoveAll(task => task.IsCompleted);
                    }

                    shutdowns.Add(shutdown);
                }

                finished?.Invoke(device);
            }

            var feed = new FleetFeed(count, create);
            var workers = new FleetWorker[workerCount];
            for (int i = 0; i < workerCount; i++)
            {
                int window = Math.Max(1, (active / workerCount) + (i < active % workerCount ? 1 : 0));
                workers[i] = new FleetWorker(i, feed, window, this.options, OnFinished, cancellationToken);
            }

            using CancellationTokenRegistration registration = cancellationToken.Register(() =>
            {
                foreach (FleetWorker worker in workers)
                {
                    worker.Wake();
                }
            });
            var stopped = new Task[workerCount];
            for (int i = 0; i < workerCount; i++)
            {
                workers[i].Start();
                stopped[i] = workers[i].Stopped;
            }

            var drained = new Task[workerCount];
            for (int i = 0; i < workerCount; i++)
            {
                drained[i] = workers[i].Drained;
            }

            await Task.WhenAll(drained).ConfigureAwait(false);
            TimeSpan wallTime = stopwatch.Elapsed;
            EmulatedDevice[] kept;
            lock (gate)
            {
                kept = residents.ToArray();
            }

            // Every device has an outcome and every resident is still alive: count the ones registered at home from their
            // modems (not from the outcomes), then weigh the managed heap with all of them in it.
            int attached = 0;
            long residentManaged = 0;
            if (kept.Length > 0)
            {
                foreach (EmulatedDevice device in kept)
                {
                    attached += device.IsAttachedAtHome ? 1 : 0;
                }

                residentManaged = GC.GetTotalMemory(forceFullCollection: true);
            }

            var shutdownClock = Stopwatch.StartNew();
            foreach (FleetWorker worker in workers)
            {
                worker.Release();
            }

            await Task.WhenAll(stopped).ConfigureAwait(false);
            GC.KeepAlive(kept);
            lock (gate)
            {
                foreach (EmulatedDevice device in kept)
                {
                    shutdowns.Add(Task.Run(device.ShutdownAsync));
                }
            }

            long steps = 0;
            foreach (FleetWorker worker in workers)
            {
                steps += worker.Steps;
            }

            Task[] pending;
            lock (gate)
            {
                pending = shutdowns.ToArray();
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
            return new FleetRunStatistics(count, workerCount, kept.Length > 0 ? wallTime : stopwatch.Elapsed, steps)
            {
                Resident = kept.Length,
                AttachedAtEnd = attached,
                ResidentManagedBytes = residentManaged,
                ShutdownTime = kept.Length > 0 ? shutdownClock.Elapsed : TimeSpan.Zero,
            };
        }
    }
}
