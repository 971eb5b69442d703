using System;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// A clock that moves only when told (tests and deterministic demos): <see cref="Advance"/> instead of sleeping.
    /// Timers are not supported (servers here only read the time). Thread-safe.
    /// </summary>
    public sealed class ManualTimeProvider : TimeProvider
    {
        private readonly object gate = new object();
        private DateTimeOffset now;

        /// <summary>Starts at <paramref name="start"/> (UTC).</summary>
        public ManualTimeProvider(DateTimeOffset start)
        {
            this.now = start.ToUniversalTime();
        }

        /// <inheritdoc/>
        public override DateTimeOffset GetUtcNow()
        {
            lock (this.gate)
            {
                return this.now;
            }
        }

        /// <summary>Moves the clock forward by <paramref name="delta"/> (not negative).</summary>
        public void Advance(TimeSpan delta)
        {
            if (delta < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(delta));
            }

            lock (this.gate)
            {
                this.now += delta;
            }
        }
    }
}
