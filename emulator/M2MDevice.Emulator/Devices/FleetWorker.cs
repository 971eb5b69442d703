using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>
    /// One thread of a <see cref="DeviceFleet"/>: an event loop over its share of the devices. It admits devices from
    /// the shared <see cref="FleetFeed"/> while it has fewer than its window running (creating and starting each one
    /// here). Modem output completes on the thread pool and posts the device here (a queue and a wake-up); every tick
    /// period each device gets its Tick; a device with an outcome leaves the loop and frees its slot. Under
    /// <see cref="DeviceFleetOptions.KeepAttached"/> a device that provisioned moves to the residents: it no longer takes a
    /// slot, its reads are still delivered and it is ticked every <see cref="DeviceFleetOptions.ResidentTickInterval"/>;
    /// once this worker has nothing left to provision it reports <see cref="Drained"/> and serves its residents until
    /// <see cref="Release"/>. Every call into a device's firmware core happens on this thread.
    /// </summary>
    internal sealed class FleetWorker
    {
        private readonly List<EmulatedDevice> devices = new List<EmulatedDevice>();
        private readonly List<EmulatedDevice> residents = new List<EmulatedDevice>();
        private readonly ConcurrentQueue<EmulatedDevice> ready = new ConcurrentQueue<EmulatedDevice>();
        // Not disposed: a modem's late "data ready" notice may still Set it after the loop ended.
        private readonly AutoResetEvent wake = new AutoResetEvent(false);
        private readonly DeviceFleetOptions options;
        private readonly Action<EmulatedDevice> finished;
        private readonly Action<EmulatedDevice> post;
        private readonly CancellationToken cancellationToken;
        private readonly Thread thread;
        private readonly FleetFeed feed;
        private readonly int window;
        private readonly System.Threading.Tasks.TaskCompletionSource stopped = new System.Threading.Tasks.TaskCompletionSource(System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Threading.Tasks.TaskCompletionSource drained = new System.Threading.Tasks.TaskCompletionSource(System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool released;

        public FleetWorker(int index, FleetFeed feed, int window, DeviceFleetOptions options, Action<EmulatedDevice> finished, CancellationToken cancellationToken)
        {
            this.feed = feed;
            this.window = window;
            this.options = options;
            this.finished = finished;
            this.cancellationToken = cancellationToken;
            this.post = this.Post;
            this.thread = new Thread(this.Run) { IsBackground = true, Name = "m2m fleet worker " + index };
        }

        /// <summary>Exception that stopped the loop itself (not a device fault), or null.</summary>
        public Exception Fault { get; private set; }

        /// <summary>Calls into device cores (deliveries and ticks), for the report.</summary>
        public long Steps { get; private set; }

        /// <summary>Completes when the loop has ended (every admitted device reported).</summary>
        public System.Threading.Tasks.Task Stopped => this.stopped.Task;

        /// <summary>Completes when this worker has no device left to provision (every admitted device has an outcome).</summary>
        public System.Threading.Tasks.Task Drained => this.drained.Task;

        /// <summary>Lets the loop end once drained (the fleet has counted the residents and will shut them down).</summary>
        public void Release()
        {
            this.released = true;
            this.wake.Set();
        }

        public void Start() => this.thread.Start();

        /// <summary>Wakes the loop (cancellation).</summary>
        public void Wake() => this.wake.Set();

        private void Post(EmulatedDevice device)
        {
            this.ready.Enqueue(device);
            this.wake.Set();
        }

        private void Run()
        {
            try
            {
                this.Loop();
            }
            catch (Exception exception)
            {
                // A bug of the loop itself: every device still running ends with it, so the run cannot hang.
                this.Fault = exception;
                foreach (EmulatedDevice device in this.devices)
                {
                    this.End(device, DeviceRunOutcome.Failed, "fleet worker fault: " + exception.GetType().Name + ": " + exception.Message);
                }

                this.devices.Clear();
            }
            finally
            {
                this.drained.TrySetResult();
                this.stopped.TrySetResult();
            }
        }

        /// <summary>Creates and starts devices from the feed until the window is full (not after cancellation).</summary>
        private void Admit()
        {
            while (this.devices.Count < this.window && !this.cancellationToken.IsCancellationRequested && this.feed.TryTake(out EmulatedDevice device))
            {
                this.devices.Add(device);
                this.Guard(device, Step.Start, 0);
            }
        }

        private void Loop()
        {
            TimeProvider clock = this.options.Clock;
            this.Admit();
            this.Sweep();
            long tickTicks = (long)(this.options.TickInterval.TotalSeconds * clock.TimestampFrequency);
            long residentTickTicks = (long)(this.options.ResidentTickInterval.TotalSeconds * clock.TimestampFrequency);
            long nextTick = clock.GetTimestamp() + tickTicks;
            long nextResidentTick = clock.GetTimestamp() + residentTickTicks;
            while (true)
            {
                this.Admit();
                if (this.cancellationToken.IsCancellationRequested && this.devices.Count > 0)
                {
                    foreach (EmulatedDevice device in this.devices)
                    {
                        this.End(device, DeviceRunOutcome.Cancelled, "cancelled in " + device.Runtime.ProvisioningStateName);
                    }

                    this.devices.Clear();
                }

                if (this.devices.Count == 0)
                {
                    // Nothing provisioning and nothing left to admit (or cancelled): residents stay until released.
                    this.drained.TrySetResult();
                    if (this.residents.Count == 0 || this.released)
                    {
                        return;
                    }
                }

                while (this.ready.TryDequeue(out EmulatedDevice device))
                {
                    if (!device.IsFinished || device.IsResident)
                    {
                        this.Steps++;
                        this.Guard(device, Step.Read, 0);
                    }
                }

                long now = clock.GetTimestamp();
                if (now >= nextTick)
                {
                    foreach (EmulatedDevice device in this.devices)
                    {
                        this.Steps++;
                        this.Guard(device, Step.Tick, now);
                    }

                    nextTick = now + tickTicks;
                }

                if (now >= nextResidentTick)
                {
                    for (int i = this.residents.Count - 1; i >= 0; i--)
                    {
                        EmulatedDevice device = this.residents[i];
                        if (!device.IsResident)
                        {
                            // Faulted (EndResidency): the fleet still holds it and shuts it down at the end.
                            this.residents.RemoveAt(i);
                            continue;
                        }

                        this.Steps++;
                        this.Guard(device, Step.Tick, now);
                    }

                    nextResidentTick = now + residentTickTicks;
                }

                this.Sweep();
                if (this.devices.Count < this.window && !this.feed.IsEmpty && !this.cancellationToken.IsCancellationRequested)
                {
                    // Slots were freed: admit at once rather than after the next wait.
                    continue;
                }

                long due = this.devices.Count > 0 ? Math.Min(nextTick, nextResidentTick) : nextResidentTick;
                long wait = due - clock.GetTimestamp();
                int waitMilliseconds = wait <= 0 ? 0 : (int)Math.Ceiling(wait * 1000.0 / clock.TimestampFrequency);
                if (this.ready.IsEmpty && !(this.devices.Count == 0 && this.released))
                {
                    this.wake.WaitOne(waitMilliseconds);
                }
            }
        }

        private void Guard(EmulatedDevice device, Step step, long now)
        {
            try
            {
                switch (step)
                {
                    case Step.Start:
                        device.Start(this.post);
                        break;
                    case Step.Read:
                        device.ProcessRead();
                        break;
                    default:
                        device.Tick(now);
                        break;
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A firmware exception is a programming error or a broken protocol (STYLE): the device fails with it
                // (a resident device, already reported provisioned, stops being resident and keeps the reason).
                string reason = "firmware fault in " + device.Runtime.ProvisioningStateName + ": " + exception.GetType().Name + ": " + exception.Message;
                if (device.IsResident)
                {
                    device.EndResidency(reason);
                    return;
                }

                device.Finish(DeviceRunOutcome.Failed, reason);
            }
        }

        private void Sweep()
        {
            for (int i = this.devices.Count - 1; i >= 0; i--)
            {
                EmulatedDevice device = this.devices[i];
                if (device.IsFinished)
                {
                    this.devices.RemoveAt(i);
                    if (device.IsResident)
                    {
                        this.residents.Add(device);
                    }

                    this.finished(device);
                }
            }
        }

        /// <summary>Ends a device still in the loop (not yet reported) and reports it.</summary>
        private void End(EmulatedDevice device, DeviceRunOutcome outcome, string reason)
        {
            device.Finish(outcome, reason);
            this.finished(device);
        }

        private enum Step
        {
            Start,
            Read,
            Tick,
        }
    }
}
