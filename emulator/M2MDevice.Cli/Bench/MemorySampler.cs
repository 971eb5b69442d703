using System;
using System.Diagnostics;
using System.Threading;

namespace M2MDevice.Cli.Bench
{
    /// <summary>
    /// Samples the managed heap (GC.GetTotalMemory(false): live objects plus those not yet collected) every period and
    /// keeps the largest value; reads the process's working set now and its peak (VmHWM on Linux: exact, not sampled).
    /// </summary>
    public sealed class MemorySampler : IDisposable
    {
        private readonly Timer timer;
        private long peakManaged;

        /// <summary>Starts sampling every period.</summary>
        public MemorySampler(TimeSpan period)
        {
            this.Sample();
            this.timer = new Timer(_ => this.Sample(), null, period, period);
        }

        /// <summary>Largest managed heap seen so far (bytes).</summary>
        public long PeakManagedBytes
        {
            get
            {
                this.Sample();
                return Interlocked.Read(ref this.peakManaged);
            }
        }

        /// <summary>The process's working set now (bytes).</summary>
        public static long WorkingSetBytes()
        {
            using Process process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }

        /// <summary>The process's peak working set since it started (bytes).</summary>
        public static long PeakWorkingSetBytes()
        {
            using Process process = Process.GetCurrentProcess();
            return process.PeakWorkingSet64;
        }

        /// <summary>Stops sampling.</summary>
        public void Dispose() => this.timer.Dispose();

        private void Sample()
        {
            long managed = GC.GetTotalMemory(false);
            long seen = Interlocked.Read(ref this.peakManaged);
            while (managed > seen)
            {
                long previous = Interlocked.CompareExchange(ref this.peakManaged, managed, seen);
                if (previous == seen)
                {
                    return;
                }

                seen = previous;
            }
        }
    }
}
