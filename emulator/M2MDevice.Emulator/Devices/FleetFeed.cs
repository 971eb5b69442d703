using System;
using System.Threading;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>
    /// The queue of devices not yet admitted to a <see cref="DeviceFleet"/> run: indices 0..count-1 handed out once each,
    /// in order, to whichever worker has a free slot; the device object is created only then (thread-safe).
    /// </summary>
    internal sealed class FleetFeed
    {
        private readonly int count;
        private readonly Func<int, EmulatedDevice> create;
        private int next = -1;

        public FleetFeed(int count, Func<int, EmulatedDevice> create)
        {
            this.count = count;
            this.create = create;
        }

        /// <summary>True once every index was handed out.</summary>
        public bool IsEmpty => Volatile.Read(ref this.next) >= this.count - 1;

        /// <summary>Creates the next device, or false when none is left.</summary>
        public bool TryTake(out EmulatedDevice device)
        {
            int index = Interlocked.Increment(ref this.next);
            if (index >= this.count)
            {
                // Keep the counter from wrapping when idle workers keep asking.
                Volatile.Write(ref this.next, this.count);
                device = null;
                return false;
            }

            device = this.create(index);
            if (device == null)
            {
                throw new InvalidOperationException("the device factory returned null for index " + index);
            }

            return true;
        }
    }
}
