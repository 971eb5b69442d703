using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace M2MDevice.Benchmarks
{
    /// <summary>
    /// A few seconds of Stopwatch timing per scenario, for the CLI and docs: warm up, then run batches
    /// until the time is up; ops/s and bytes allocated per operation (GC.GetAllocatedBytesForCurrentThread).
    /// </summary>
    public static class QuickBenchmark
    {
        /// <summary>Runs every scenario for about secondsEach and prints a Markdown table to output.</summary>
        public static void Run(TextWriter output, double secondsEach)
        {
            output.WriteLine($"Quick benchmark: {secondsEach.ToString("0.0", CultureInfo.InvariantCulture)} s per row, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
            output.WriteLine();
            output.WriteLine("| Scenario | ops/s | ns/op | bytes/op |");
            output.WriteLine("|---|---:|---:|---:|");
            foreach (AkaScenario scenario in Scenarios.All())
            {
                Measurement measurement = Measure(scenario, secondsEach);
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {scenario.Name} | {measurement.OpsPerSecond:N0} | {1e9 / measurement.OpsPerSecond:N0} | {measurement.BytesPerOp:0.##} |"));
            }
        }

        /// <summary>Times one scenario.</summary>
        public static Measurement Measure(AkaScenario scenario, double seconds)
        {
            int sink = 0;
            long warmUpEnd = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * Math.Min(0.5, seconds / 4));
            while (Stopwatch.GetTimestamp() < warmUpEnd)
            {
                for (int i = 0; i < 256; i++)
                {
                    sink += scenario.Run();
                }
            }

            long operations = 0;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            long end = start + (long)(Stopwatch.Frequency * seconds);
            long now;
            do
            {
                for (int i = 0; i < 1024; i++)
                {
                    sink += scenario.Run();
                }

                operations += 1024 * (long)scenario.OperationsPerRun;
                now = Stopwatch.GetTimestamp();
            }
            while (now < end);

            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            double elapsed = (now - start) / (double)Stopwatch.Frequency;
            GC.KeepAlive(sink);
            return new Measurement(operations / elapsed, allocated / (double)operations);
        }
    }

    /// <summary>Throughput and allocation of one scenario.</summary>
    /// <param name="OpsPerSecond">Operations per second.</param>
    /// <param name="BytesPerOp">Bytes allocated per operation on the measuring thread.</param>
    public sealed record Measurement(double OpsPerSecond, double BytesPerOp);
}
