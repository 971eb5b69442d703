using System;
using System.Collections.Generic;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// An in-memory <see cref="ITraceRecorder"/>: keeps events in arrival order up to a capacity (later events are
    /// counted as dropped), optionally only those of one device. Events whose device id is an identity declared with
    /// <see cref="Alias"/> (a PIMSI or IMSI seen by a VO) are kept under the device it names. Thread-safe.
    /// <see cref="None"/> records nothing.
    /// </summary>
    public sealed class TraceRecorder : ITraceRecorder
    {
        private readonly object gate = new object();
        private readonly List<TraceEvent> events = new List<TraceEvent>();
        private readonly Dictionary<string, string> aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly TimeProvider clock;
        private readonly int capacity;
        private readonly bool enabled;
        private string deviceFilter;
        private int dropped;

        /// <summary>Creates a recorder keeping at most capacity events, time-stamping <see cref="Record(string, string, string, string, string)"/> calls with clock.</summary>
        public TraceRecorder(TimeProvider clock = null, int capacity = 100_000)
            : this(clock, capacity, true)
        {
        }

        private TraceRecorder(TimeProvider clock, int capacity, bool enabled)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
            this.clock = clock ?? TimeProvider.System;
            this.capacity = capacity;
            this.enabled = enabled;
        }

        /// <summary>A recorder that ignores everything (the default of components without a trace).</summary>
        public static TraceRecorder None { get; } = new TraceRecorder(null, 1, false);

        /// <summary>When set, only events of this device are kept (null: all devices, and events without a device).</summary>
        public string DeviceFilter
        {
            get
            {
                lock (this.gate)
                {
                    return this.deviceFilter;
                }
            }

            set
            {
                lock (this.gate)
                {
                    this.deviceFilter = value;
                }
            }
        }

        /// <summary>Events refused because the capacity was reached.</summary>
        public int Dropped
        {
            get
            {
                lock (this.gate)
                {
                    return this.dropped;
                }
            }
        }

        /// <inheritdoc/>
        public void Record(TraceEvent traceEvent)
        {
            ArgumentNullException.ThrowIfNull(traceEvent);
            if (!this.enabled)
            {
                return;
            }

            lock (this.gate)
            {
                if (traceEvent.DeviceId != null && this.aliases.TryGetValue(traceEvent.DeviceId, out string deviceId))
                {
                    traceEvent = traceEvent with { DeviceId = deviceId };
                }

                if (this.deviceFilter != null && !string.Equals(this.deviceFilter, traceEvent.DeviceId, StringComparison.Ordinal))
                {
                    return;
                }

                if (this.events.Count >= this.capacity)
                {
                    this.dropped++;
                    return;
                }

                this.events.Add(traceEvent);
            }
        }

        /// <inheritdoc/>
        public void Alias(string identity, string deviceId)
        {
            if (!this.enabled || string.IsNullOrEmpty(identity) || string.IsNullOrEmpty(deviceId))
            {
                return;
            }

            lock (this.gate)
            {
                // A reused PIMSI (after quarantine) or IMSI names its newest device from now on.
                this.aliases[identity] = deviceId;
            }
        }

        /// <summary>The device an identity was declared for (<see cref="Alias"/>), or null.</summary>
        public string DeviceOf(string identity)
        {
            lock (this.gate)
            {
                return identity != null && this.aliases.TryGetValue(identity, out string deviceId) ? deviceId : null;
            }
        }

        /// <summary>Records a message stamped with the recorder's clock.</summary>
        public void Record(string deviceId, string from, string to, string message, string detail = null)
        {
            this.Record(new TraceEvent(deviceId, from, to, message, this.clock.GetUtcNow(), detail));
        }

        /// <summary>A copy of the events kept so far, in arrival order.</summary>
        public IReadOnlyList<TraceEvent> Snapshot()
        {
            lock (this.gate)
            {
                return this.events.ToArray();
            }
        }

        /// <summary>The events of one device (and, when includeShared, those recorded without a device id), in arrival order.</summary>
        public IReadOnlyList<TraceEvent> EventsFor(string deviceId, bool includeShared = false)
        {
            var selected = new List<TraceEvent>();
            lock (this.gate)
            {
                foreach (TraceEvent item in this.events)
                {
                    if (string.Equals(item.DeviceId, deviceId, StringComparison.Ordinal) || (includeShared && item.DeviceId == null))
                    {
                        selected.Add(item);
                    }
                }
            }

            return selected;
        }
    }
}
