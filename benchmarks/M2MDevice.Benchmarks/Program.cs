using System;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace M2MDevice.Benchmarks
{
    /// <summary>
    /// `dotnet run -c Release -- --quick [seconds]`: the Stopwatch table; any other arguments go to
    /// BenchmarkDotNet (e.g. `--filter * --job short`).
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "--quick")
            {
                double seconds = 1.0;
                if (args.Length > 1 && !double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
                {
                    Console.Error.WriteLine("usage: --quick [seconds per scenario]");
                    return 1;
                }

                QuickBenchmark.Run(Console.Out, seconds);
                DeviceCostReport.Run(Console.Out);
                return 0;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
