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
    /// HTTP to RS and HO, VO calls to RS) runs on the thread pool and posts back. Never a thread per device.
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
        /// modem. Returns the run's statistics.
        /// </summary>
        public async Task<FleetRunStatistics> RunAsync(IReadOnlyList<EmulatedDevice> devices, Action<EmulatedDevice> finished, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(devices);
            var stopwatch = Stopwatch.StartNew();
            int total = devices.Count;
            int workerCount = Math.Max(1, Math.Min(this.options.WorkerCount, total));
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var shutdowns = new List<Task>(total);
            object gate = new object();
            int remaining = total;
            if (total == 0)
            {
                return new FleetRunStatistics(0, 0, TimeSpan.Zero, 0);
            }

            void OnFinished(EmulatedDevice device)
            {
                lock (gate)
                {
                    shutdowns.Add(Task.Run(device.ShutdownAsync));
                }

                finished?.Invoke(device);
                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    done.TrySetResult();
                }
            }

            var workers = new FleetWorker[workerCount];
            for (int i = 0; i < workerCount; i++)
            {
                workers[i] = new FleetWorker(i, this.options, OnFinished, cancellationToken);
            }

            for (int i = 0; i < total; i++)
            {
                workers[i % workerCount].Add(devices[i]);
            }

            using CancellationTokenRegistration registration = cancellationToken.Register(() =>
            {
                foreach (FleetWorker worker in workers)
                {
                    worker.Wake();
                }
            });
            foreach (FleetWorker worker in workers)
            {
                worker.Start();
            }

            await done.Task.ConfigureAwait(false);
            long steps = 0;
            foreach (FleetWorker worker in workers)
            {
                worker.Join();
                steps += worker.Steps;
            }

            Task[] pending;
            lock (gate)
            {
                pending = shutdowns.ToArray();
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
            return new FleetRunStatistics(total, workerCount, stopwatch.Elapsed, steps);
        }
    }
}
