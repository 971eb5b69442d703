using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Cli.Demo;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Cli.Bench
{
    /// <summary>
    /// `m2m bench` (issue 8): the demo's whole fleet flow (network in memory, manufacture, owner registration, the real
    /// firmware of every device through real AKA and real TLS to RS and HO) without the per-device table, measured:
    /// devices/s, wall time per phase, peak working set, peak managed heap and memory per device. One table (or --json)
    /// on stdout, progress on stderr. With --stay-attached every provisioned device stays alive and attached until all are
    /// done, and the run reports how many were attached at the end and the memory per resident device. Exit 0 only when
    /// every device provisioned (and, with --stay-attached, every one was attached at the end).
    /// </summary>
    public static class BenchCommand
    {
        /// <summary>Largest fleet of a bench run.</summary>
        public const int MaxDevices = DemoCommand.MaxDevices;

        /// <summary>Builds the `bench` command.</summary>
        public static Command Create()
        {
            var command = new Command("bench", "Run the demo's fleet flow (real firmware, AKA and TLS per device) without the per-device table and print devices/s, wall time per phase and memory");
            Option<int> devices = CliOptions.Range("--devices", "Number of devices", 1000, 1, MaxDevices);
            Option<int> seed = CliOptions.Range("--seed", "Seed of the device-to-home-operator spread and the test storage keys", 1, 0, int.MaxValue);
            Option<int> workers = CliOptions.Range("--workers", "Fleet worker threads (event loops driving the firmware cores)", new DeviceFleetOptions().WorkerCount, 1, 64);
            Option<int> active = CliOptions.Range("--active", "Devices running at once (the others wait their turn, not yet created)", DeviceFleetOptions.DefaultMaxActiveDevices, 1, MaxDevices);
            Option<bool> stay = new Option<bool>("--stay-attached") { Description = "Keep every device alive and attached (registered at its home operator) after it provisioned, until all are done; then count the attached devices from their modems and report memory per resident device (--active still limits how many provision at once)" };
            Option<bool> json = new Option<bool>("--json") { Description = "Print the result as one JSON object instead of a table" };
            foreach (Option option in new Option[] { devices, seed, workers, active, stay, json })
            {
                command.Add(option);
            }

            CliApplication.SetAsyncAction(command, async (parseResult, stdout, stderr, cancellationToken) =>
            {
                var fleet = new DeviceFleetOptions
                {
                    WorkerCount = parseResult.GetValue(workers),
                    MaxActiveDevices = parseResult.GetValue(active),
                    KeepFinishedDevices = false,
                    KeepAttached = parseResult.GetValue(stay),
                };
                var options = new DemoOptions { DeviceCount = parseResult.GetValue(devices), Seed = parseResult.GetValue(seed) };
                return await RunAsync(options, fleet, parseResult.GetValue(json), stdout, stderr, cancellationToken).ConfigureAwait(false);
            });
            CliHelp.SetExamples(
                command,
                "m2m bench",
                "m2m bench --devices 10000",
                "m2m bench --devices 10000 --stay-attached",
                "m2m bench --devices 200 --workers 1 --active 64 --json");
            return command;
        }

        /// <summary>Runs one bench with the fleet settings and prints the result.</summary>
        public static async Task<CliExitCode> RunAsync(DemoOptions options, DeviceFleetOptions fleet, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(fleet);
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(error);
            error.WriteLine($"m2m bench: {options.DeviceCount} devices, {fleet.WorkerCount} workers, {fleet.MaxActiveDevices} at once{(fleet.KeepAttached ? ", staying attached" : string.Empty)}, seed {options.Seed.ToString(CultureInfo.InvariantCulture)}");
            StatusLine status = StatusLine.For(error);
            long baseline = 0;
            long baselineManaged = 0;
            options.PhaseStarting = phase =>
            {
                if (phase == DemoOptions.ManufacturePhase)
                {
                    // The network is up and no device exists yet: what is added from here on is the fleet's.
                    if (fleet.KeepAttached)
                    {
                        // One full collection, the same kind the fleet makes with every resident alive.
                        baselineManaged = GC.GetTotalMemory(forceFullCollection: true);
                    }

                    baseline = MemorySampler.WorkingSetBytes();
                }
            };

            var runner = new FirmwareDeviceRunner(fleet);
            using var sampler = new MemorySampler(TimeSpan.FromMilliseconds(100));
            var total = System.Diagnostics.Stopwatch.StartNew();
            DemoReport report;
            try
            {
                report = await DemoScenario.RunAsync(options, runner, status, TraceRecorder.None, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException exception)
            {
                status.Complete();
                error.WriteLine($"m2m bench: {exception.Message}");
                return CliExitCode.ServiceError;
            }

            TimeSpan totalTime = total.Elapsed;
            status.Complete();
            int provisioned = 0;
            foreach (DemoDevice device in report.Devices)
            {
                provisioned += device.Run?.Outcome == DeviceRunOutcome.Provisioned ? 1 : 0;
            }

            var result = new BenchResult(
                report.Devices.Count,
                provisioned,
                report.ManufactureTime,
                report.RegistrationTime,
                report.RunTime,
                totalTime,
                MemorySampler.PeakWorkingSetBytes(),
                sampler.PeakManagedBytes,
                baseline,
                fleet.WorkerCount,
                fleet.MaxActiveDevices)
            {
                StayAttached = fleet.KeepAttached,
                Resident = runner.LastRun?.Resident ?? 0,
                AttachedAtEnd = runner.LastRun?.AttachedAtEnd ?? 0,
                BaselineManagedBytes = baselineManaged,
                ResidentManagedBytes = runner.LastRun?.ResidentManagedBytes ?? 0,
                Shutdown = runner.LastRun?.ShutdownTime ?? TimeSpan.Zero,
            };
            if (json)
            {
                WriteJson(output, result);
            }
            else
            {
                WriteTable(output, result);
            }

            if (!result.AllProvisioned)
            {
                error.WriteLine($"m2m bench: {result.Devices - result.Provisioned} of {result.Devices} devices did not provision (run `m2m demo` with the same --devices and --seed for the reasons)");
                return CliExitCode.DeviceFailures;
            }

            if (result.StayAttached && result.AttachedAtEnd != result.Devices)
            {
                error.WriteLine($"m2m bench: {result.Devices - result.AttachedAtEnd} of {result.Devices} devices were not attached at home at the end");
                return CliExitCode.DeviceFailures;
            }

            return CliExitCode.Success;
        }

        /// <summary>The result as one two-column table.</summary>
        public static void WriteTable(TextWriter output, BenchResult result)
        {
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(result);
            var table = new CliTable("METRIC", "VALUE");
            table.Add("devices", Number(result.Devices));
            table.Add("provisioned", Number(result.Provisioned));
            table.Add("devices/s", result.DevicesPerSecond.ToString("F1", CultureInfo.InvariantCulture));
            table.Add("manufacture", Ms(result.Manufacture));
            table.Add("registration", Ms(result.Registration));
            table.Add("device runs", Ms(result.DeviceRuns));
            table.Add("total", Ms(result.Total));
            table.Add("peak working set", Mib(result.PeakWorkingSetBytes));
            table.Add("peak managed heap", Mib(result.PeakManagedBytes));
            table.Add("baseline working set", Mib(result.BaselineWorkingSetBytes));
            table.Add("memory per device", Kib(result.MemoryPerDeviceBytes) + " ((peak - baseline) / devices)");
            if (result.StayAttached)
            {
                table.Add("resident devices", Number(result.Resident));
                table.Add("attached at end", Number(result.AttachedAtEnd) + " (registered at home, counted from the modems)");
                table.Add("memory per resident", Kib(result.WorkingSetPerResidentBytes) + " ((peak - baseline) / resident devices)");
                table.Add("managed per resident", Kib(result.ManagedPerResidentBytes) + " (managed heap after full GC, with residents - baseline, / resident devices)");
                table.Add("resident managed heap", Mib(result.ResidentManagedBytes) + " (after full GC; baseline " + Mib(result.BaselineManagedBytes) + ")");
                table.Add("shutdown", Ms(result.Shutdown));
            }

            table.Add("workers", Number(result.Workers));
            table.Add("devices at once", Number(result.MaxActiveDevices));
            table.Add("machine", $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
            table.WriteTo(output);
        }

        /// <summary>The result as one JSON object (keys of issue 8).</summary>
        public static void WriteJson(TextWriter output, BenchResult result)
        {
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(result);
            CliJson.Write(output, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("devices", result.Devices);
                writer.WriteNumber("provisioned", result.Provisioned);
                writer.WriteNumber("devicesPerSecond", Math.Round(result.DevicesPerSecond, 2));
                writer.WriteStartObject("phases");
                writer.WriteNumber("manufactureMs", (long)result.Manufacture.TotalMilliseconds);
                writer.WriteNumber("registrationMs", (long)result.Registration.TotalMilliseconds);
                writer.WriteNumber("deviceRunsMs", (long)result.DeviceRuns.TotalMilliseconds);
                writer.WriteNumber("totalMs", (long)result.Total.TotalMilliseconds);
                writer.WriteEndObject();
                writer.WriteNumber("peakWorkingSetBytes", result.PeakWorkingSetBytes);
                writer.WriteNumber("peakManagedBytes", result.PeakManagedBytes);
                writer.WriteNumber("baselineWorkingSetBytes", result.BaselineWorkingSetBytes);
                writer.WriteNumber("memoryPerDeviceBytes", result.MemoryPerDeviceBytes);
                writer.WriteNumber("workers", result.Workers);
                writer.WriteNumber("maxActiveDevices", result.MaxActiveDevices);
                writer.WriteBoolean("stayAttached", result.StayAttached);
                if (result.StayAttached)
                {
                    writer.WriteNumber("residentDevices", result.Resident);
                    writer.WriteNumber("attachedAtEnd", result.AttachedAtEnd);
                    writer.WriteNumber("memoryPerResidentBytes", result.WorkingSetPerResidentBytes);
                    writer.WriteNumber("managedPerResidentBytes", result.ManagedPerResidentBytes);
                    writer.WriteNumber("baselineManagedBytes", result.BaselineManagedBytes);
                    writer.WriteNumber("residentManagedBytes", result.ResidentManagedBytes);
                    writer.WriteNumber("shutdownMs", (long)result.Shutdown.TotalMilliseconds);
                }

                writer.WriteStartObject("machine");
                writer.WriteNumber("processorCount", Environment.ProcessorCount);
                writer.WriteString("os", RuntimeInformation.OSDescription);
                writer.WriteString("runtime", RuntimeInformation.FrameworkDescription);
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
        }

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Ms(TimeSpan time) => ((long)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";

        private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

        private static string Kib(long bytes) => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KiB";
    }
}
