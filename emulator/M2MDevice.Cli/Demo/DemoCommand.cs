using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Cli.Demo
{
    /// <summary>
    /// `m2m demo`: the whole story in one process (issue 6): network up, N devices manufactured, registered with
    /// owners at the home operators, then the real firmware of each device run by an <see cref="IDeviceRunner"/>;
    /// progress on stderr (a status line on a terminal, a count line every 2 s otherwise) and the wall time of each
    /// phase, a summary table (or --json) on stdout, optional --trace HTML sequence diagram.
    /// Exit 0 only when every device that should provision did. Without a runner in the build it says so and exits
    /// <see cref="CliExitCode.NotAvailable"/> after the steps it did perform.
    /// </summary>
    public static class DemoCommand
    {
        /// <summary>Largest fleet of the demo.</summary>
        public const int MaxDevices = 10_000;

        /// <summary>Builds the `demo` command; runnerFactory gives the device runner or null when none exists.</summary>
        public static Command Create(Func<IDeviceRunner> runnerFactory)
        {
            ArgumentNullException.ThrowIfNull(runnerFactory);
            var command = new Command("demo", "Start RS, home operators and visited operators in memory, manufacture N devices, register them with owners, run the real firmware of each, print a summary");
            Option<int> devices = CliOptions.Range("--devices", "Number of devices", 10, 1, MaxDevices);
            Option<int> seed = CliOptions.Range("--seed", "Seed of the device-to-home-operator spread and the test storage keys (default: random, printed)", 0, 0, int.MaxValue);
            seed.DefaultValueFactory = null;
            Option<string> trace = CliNetwork.Path("--trace", "Write an HTML page with the sequence diagram of one device's flow (inline SVG, works offline)", "FILE");
            Option<int> hoCount = CliOptions.Range("--ho-count", "Number of home operators (Alpha, Beta, Gamma, ...)", 2, 1, NetworkCompositionOptions.DefaultHomeOperatorNames.Length);
            Option<bool> stay = new Option<bool>("--stay-attached") { Description = "Keep every device alive and attached (registered at its home operator) after it provisioned, until all are done; then count the attached devices from their modems" };
            Option<bool> json = new Option<bool>("--json") { Description = "Print the summary as one JSON object instead of a table" };
            foreach (Option option in new Option[] { devices, seed, trace, hoCount, stay, json })
            {
                command.Add(option);
            }

            CliApplication.SetAsyncAction(command, (parseResult, stdout, stderr, cancellationToken) =>
            {
                int seedValue = CliOptions.IsGiven(parseResult, seed) ? parseResult.GetValue(seed) : Random.Shared.Next();
                var options = new DemoOptions
                {
                    DeviceCount = parseResult.GetValue(devices),
                    Seed = seedValue,
                    HomeOperatorCount = parseResult.GetValue(hoCount),
                };
                IDeviceRunner runner = runnerFactory();
                if (parseResult.GetValue(stay))
                {
                    if (runner is not M2MDevice.Emulator.Devices.FirmwareDeviceRunner fleet)
                    {
                        throw new CliInputException("--stay-attached needs the firmware device runner, which this build does not use");
                    }

                    fleet.Options.KeepAttached = true;
                }

                return RunAsync(options, runner, parseResult.GetValue(trace), parseResult.GetValue(json), stdout, stderr, cancellationToken);
            });
            CliHelp.SetExamples(
                command,
                "m2m demo",
                "m2m demo --devices 100 --ho-count 3 --seed 42",
                "m2m demo --devices 5 --trace demo.html",
                "m2m demo --devices 20 --json",
                "m2m demo --devices 10000 --seed 1 > table.txt",
                "m2m demo --devices 1000 --stay-attached");
            return command;
        }

        /// <summary>Runs the demo with runner (null: none in this build) and prints the summary.</summary>
        public static async Task<CliExitCode> RunAsync(DemoOptions options, IDeviceRunner runner, string tracePath, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(error);
            if (tracePath != null)
            {
                string folder = Path.GetDirectoryName(Path.GetFullPath(tracePath));
                if (!Directory.Exists(folder))
                {
                    throw new CliInputException($"--trace: the folder {folder} does not exist");
                }
            }

            error.WriteLine($"m2m demo: {options.DeviceCount} devices, {options.HomeOperatorCount} home operators, seed {options.Seed.ToString(CultureInfo.InvariantCulture)}");

            // Only a --trace run records messages: every device's events would otherwise pile up in memory for nothing.
            TraceRecorder recorder = tracePath == null ? TraceRecorder.None : new TraceRecorder();
            StatusLine status = StatusLine.For(error);
            DemoReport report;
            var total = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                report = await DemoScenario.RunAsync(options, runner, status, recorder, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException exception)
            {
                status.Complete();
                error.WriteLine($"m2m demo: {exception.Message}");
                return CliExitCode.ServiceError;
            }

            status.Complete();
            TimeSpan totalTime = total.Elapsed;

            M2MDevice.Emulator.Devices.FleetRunStatistics fleetRun = runner is M2MDevice.Emulator.Devices.FirmwareDeviceRunner firmware && firmware.Options.KeepAttached ? firmware.LastRun : null;
            if (json)
            {
                WriteJson(output, report, options, fleetRun);
            }
            else
            {
                WriteTable(output, report);
            }

            if (tracePath != null && report.Devices.Count > 0)
            {
                DemoDevice first = report.Devices[0];
                IReadOnlyList<TraceEvent> events = recorder.EventsFor(first.DeviceId, includeShared: true);
                SequenceDiagramPage.Write(tracePath, $"M2M provisioning trace: {first.DeviceId} ({first.Pimsi}, home operator {first.HomeOperator})", events);
                error.WriteLine($"trace of {first.DeviceId} ({events.Count} messages) written to {tracePath}");
            }

            if (!report.DevicesRun)
            {
                error.WriteLine($"m2m demo: device runs are not available yet: this build has no firmware device runner (IDeviceRunner, emulator/M2MDevice.Emulator/Devices); the network, manufacture and owner registration above are real, no device was run");
                return CliExitCode.NotAvailable;
            }

            int expected = 0;
            int provisioned = 0;
            foreach (DemoDevice device in report.Devices)
            {
                if (device.IsAssociated)
                {
                    expected++;
                    provisioned += device.Run?.Outcome == DeviceRunOutcome.Provisioned ? 1 : 0;
                }
            }

            error.WriteLine($"{provisioned} of {expected} devices provisioned (runner: {report.RunnerName})");
            if (fleetRun != null)
            {
                error.WriteLine($"{fleetRun.AttachedAtEnd} of {fleetRun.Resident} resident devices attached at home at the end (counted from their modems), all shut down in {Ms(fleetRun.ShutdownTime)} ms");
            }

            double perSecond = report.RunTime > TimeSpan.Zero ? report.Devices.Count / report.RunTime.TotalSeconds : 0;
            error.WriteLine($"wall time: manufacture {Ms(report.ManufactureTime)} ms, registration {Ms(report.RegistrationTime)} ms, device runs {Ms(report.RunTime)} ms ({perSecond.ToString("F1", CultureInfo.InvariantCulture)} devices/s), total {Ms(totalTime)} ms");
            bool allAttached = fleetRun == null || fleetRun.AttachedAtEnd == provisioned;
            return report.AllExpectedProvisioned && allAttached ? CliExitCode.Success : CliExitCode.DeviceFailures;
        }

        /// <summary>The summary table: device, PIMSI, HO, IMSI, outcome or failure reason, ms per phase.</summary>
        public static void WriteTable(TextWriter output, DemoReport report)
        {
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(report);
            var headers = new List<string> { "DEVICE", "PIMSI", "HO", "IMSI", "OUTCOME" };
            foreach (string phase in DevicePhase.All)
            {
                headers.Add(phase.ToUpperInvariant() + " ms");
            }

            var table = new CliTable(headers.ToArray());
            foreach (DemoDevice device in report.Devices)
            {
                var cells = new List<string> { device.DeviceId, device.Pimsi, device.HomeOperator, device.Run?.Imsi, Outcome(device) };
                foreach (string phase in DevicePhase.All)
                {
                    TimeSpan? time = device.Run?.TimeOf(phase);
                    cells.Add(time.HasValue ? Ms(time.Value) : null);
                }

                table.Add(cells.ToArray());
            }

            table.WriteTo(output);
        }

        private static string Outcome(DemoDevice device)
        {
            if (!device.IsAssociated)
            {
                return "not associated: " + device.Registration;
            }

            if (device.Run == null)
            {
                return "registered, not run";
            }

            return device.Run.Outcome == DeviceRunOutcome.Provisioned
                ? "provisioned"
                : device.Run.Outcome.ToString().ToLowerInvariant() + (device.Run.FailureReason == null ? string.Empty : ": " + device.Run.FailureReason);
        }

        private static void WriteJson(TextWriter output, DemoReport report, DemoOptions options, M2MDevice.Emulator.Devices.FleetRunStatistics fleetRun)
        {
            CliJson.Write(output, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("seed", options.Seed);
                writer.WriteBoolean("devicesRun", report.DevicesRun);
                CliJson.StringOrNull(writer, "runner", report.RunnerName);
                writer.WriteBoolean("allExpectedProvisioned", report.AllExpectedProvisioned);
                writer.WriteNumber("manufactureMs", (long)report.ManufactureTime.TotalMilliseconds);
                writer.WriteNumber("registrationMs", (long)report.RegistrationTime.TotalMilliseconds);
                writer.WriteNumber("runMs", (long)report.RunTime.TotalMilliseconds);
                if (fleetRun != null)
                {
                    writer.WriteNumber("residentDevices", fleetRun.Resident);
                    writer.WriteNumber("attachedAtEnd", fleetRun.AttachedAtEnd);
                }

                writer.WriteStartArray("devices");
                foreach (DemoDevice device in report.Devices)
                {
                    writer.WriteStartObject();
                    writer.WriteString("deviceId", device.DeviceId);
                    writer.WriteString("pimsi", device.Pimsi);
                    writer.WriteString("homeOperator", device.HomeOperator);
                    writer.WriteString("registration", device.Registration);
                    CliJson.StringOrNull(writer, "outcome", device.Run == null ? null : device.Run.Outcome.ToString().ToLowerInvariant());
                    CliJson.StringOrNull(writer, "failureReason", device.Run?.FailureReason);
                    CliJson.StringOrNull(writer, "imsi", device.Run?.Imsi);
                    CliJson.StringOrNull(writer, "servingPlmn", device.Run?.ServingPlmn);
                    writer.WriteStartObject("phasesMs");
                    foreach (DevicePhaseTiming timing in device.Run?.Phases ?? Array.Empty<DevicePhaseTiming>())
                    {
                        writer.WriteNumber(timing.Phase, (long)timing.Duration.TotalMilliseconds);
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }

        private static string Ms(TimeSpan time) => ((long)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
    }
}
