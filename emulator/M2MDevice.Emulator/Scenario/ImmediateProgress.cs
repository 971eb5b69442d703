using System;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>An IProgress that reports on the caller's thread at once (Progress&lt;T&gt; posts later and out of order).</summary>
    public sealed class ImmediateProgress<T> : IProgress<T>
    {
        private readonly Action<T> report;

        /// <summary>Creates the reporter.</summary>
        public ImmediateProgress(Action<T> report)
        {
            ArgumentNullException.ThrowIfNull(report);
            this.report = report;
        }

        /// <inheritdoc/>
        public void Report(T value) => this.report(value);
    }
}
