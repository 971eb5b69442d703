using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Cli;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Firmware.KeyStore;

namespace M2MDevice.Emulator.Tests.Cli
{
    /// <summary>
    /// `m2m demo`: bad command lines; the honest "not available" exit while the build has no firmware runner; and the
    /// summary, exit codes and trace with a test double of <see cref="IDeviceRunner"/> (reported as such).
    /// </summary>
    public class DemoCommandTests
    {
        [Theory]
        [InlineData("--devices: out of range (1 to 10000)", "demo", "--devices", "0")]
        [InlineData("--devices: out of range (1 to 10000)", "demo", "--devices", "10001")]
        [InlineData("--ho-count: out of range (1 to 8)", "demo", "--ho-count", "9")]
        [InlineData("--seed: not a number", "demo", "--seed", "-1")]
        [InlineData("--trace: the folder /nonexistent-m2m does not exist", "demo", "--trace", "/nonexistent-m2m/trace.html")]
        public void Demo_BadCommandLine_OneLineExit1(string expected, params string[] args)
        {
            CliRun run = CliRunner.Run(args);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal(string.Empty, run.Output);
            string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("m2m demo: ", lines[0], StringComparison.Ordinal);
            Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        }

        [Fact]
        public void Demo_DefaultRunner_IsTheFirmwareFleet()
        {
            Assert.IsType<M2MDevice.Emulator.Devices.FirmwareDeviceRunner>(CliApplication.CreateDefaultDeviceRunner());
        }

        [Fact]
        public void Demo_NoDeviceRunner_SaysSoAndExits6AfterRealRegistration()
        {
            string trace = Path.Combine(Path.GetTempPath(), "m2m-demo-" + Guid.NewGuid().ToString("N") + ".html");
            try
            {
                CliRun run = Run(null, "demo", "--devices", "3", "--seed", "7", "--trace", trace);

                Assert.Equal(6, run.ExitCode);
                Assert.Contains("device runs are not available yet", run.Error, StringComparison.Ordinal);
                Assert.Contains("manufactured 3/3", run.Error, StringComparison.Ordinal);
                Assert.Contains("registered 3/3 with their home operators (3 associated at RS)", run.Error, StringComparison.Ordinal);
                string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                Assert.Equal(4, lines.Length);
                Assert.StartsWith("DEVICE", lines[0], StringComparison.Ordinal);
                Assert.All(lines.Skip(1), line => Assert.Contains("registered, not run", line, StringComparison.Ordinal));
                Assert.DoesNotContain("provisioned", run.Output, StringComparison.Ordinal);

                string html = File.ReadAllText(trace);
                Assert.Contains("<svg", html, StringComparison.Ordinal);
                Assert.Contains(TraceMessage.RegisterBatch, html, StringComparison.Ordinal);
                Assert.Contains(TraceMessage.RegisterDevice, html, StringComparison.Ordinal);
                Assert.Contains(System.Net.WebUtility.HtmlEncode(TraceMessage.Associate), html, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(trace);
            }
        }

        [Fact]
        public void Demo_RunnerProvisionsAll_TableAndExit0()
        {
            var runner = new TestDoubleDeviceRunner(_ => null);
            CliRun run = Run(runner, "demo", "--devices", "4", "--ho-count", "3", "--seed", "11");

            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Equal(4, runner.Received.Count);
            Assert.All(runner.Received, spec => Assert.True(spec.ExpectSuccess));
            Assert.Contains("devices 4/4 finished (4 provisioned, 0 failed)", run.Error, StringComparison.Ordinal);
            Assert.Contains("4 of 4 devices provisioned (runner: test double", run.Error, StringComparison.Ordinal);
            string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("DEVICE", lines[0].Split(' ')[0]);
            Assert.Contains("ATTACH ms", lines[0], StringComparison.Ordinal);
            Assert.Contains("CONFIRM ms", lines[0], StringComparison.Ordinal);
            foreach (DeviceRunSpec spec in runner.Received)
            {
                string row = lines.Single(line => line.StartsWith(spec.Unit.DeviceId + " ", StringComparison.Ordinal));
                Assert.Contains(spec.Unit.Pimsi, row, StringComparison.Ordinal);
                Assert.Contains(spec.HomeOperatorName, row, StringComparison.Ordinal);
                Assert.Contains("provisioned", row, StringComparison.Ordinal);
                Assert.Contains(TestDoubleDeviceRunner.ImsiOf(spec), row, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Demo_OneDeviceFails_ReasonInSummaryAndExit5()
        {
            var runner = new TestDoubleDeviceRunner(index => index == 1 ? "attach rejected (#11)" : null);
            CliRun run = Run(runner, "demo", "--devices", "3", "--seed", "3", "--json");

            Assert.Equal(5, run.ExitCode);
            using JsonDocument json = JsonDocument.Parse(run.Output);
            Assert.True(json.RootElement.GetProperty("devicesRun").GetBoolean());
            Assert.False(json.RootElement.GetProperty("allExpectedProvisioned").GetBoolean());
            Assert.Equal(3, json.RootElement.GetProperty("seed").GetInt32());
            JsonElement[] devices = json.RootElement.GetProperty("devices").EnumerateArray().ToArray();
            Assert.Equal("failed", devices[1].GetProperty("outcome").GetString());
            Assert.Equal("attach rejected (#11)", devices[1].GetProperty("failureReason").GetString());
            Assert.Equal("provisioned", devices[0].GetProperty("outcome").GetString());
            Assert.Equal(5, devices[0].GetProperty("phasesMs").GetProperty("bootstrap").GetInt64());
        }

        [Fact]
        public void Demo_SameSeed_SameSpreadOverHomeOperators()
        {
            var first = new TestDoubleDeviceRunner(_ => null);
            var second = new TestDoubleDeviceRunner(_ => null);
            Assert.Equal(0, Run(first, "demo", "--devices", "6", "--seed", "5").ExitCode);
            Assert.Equal(0, Run(second, "demo", "--devices", "6", "--seed", "5").ExitCode);
            Assert.Equal(first.Received.Select(s => s.HomeOperatorName), second.Received.Select(s => s.HomeOperatorName));
            Assert.Equal(first.Received.Select(s => Convert.ToHexString(s.Unit.Keys.EfuseKey)), second.Received.Select(s => Convert.ToHexString(s.Unit.Keys.EfuseKey)));
        }

        [Fact]
        public void Demo_RunnerProvisionsAll_PrintsWallTimePerPhase()
        {
            CliRun run = Run(new TestDoubleDeviceRunner(_ => null), "demo", "--devices", "3", "--seed", "2");

            Assert.True(run.ExitCode == 0, run.Error);
            string timing = run.Error.Split('\n').Single(line => line.StartsWith("wall time: ", StringComparison.Ordinal));
            foreach (string phase in new[] { "manufacture ", "registration ", "device runs ", "devices/s", "total " })
            {
                Assert.Contains(phase, timing, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void StatusLine_Redirected_ShowsFirstAndLastCountAndEveryOtherLine()
        {
            using var error = new StringWriter();
            var status = new M2MDevice.Cli.Demo.StatusLine(error, interactive: false, TimeSpan.FromHours(1));

            status.Report("starting RS");
            for (int i = 1; i <= 1000; i++)
            {
                status.Report($"devices {i}/1000 finished ({i} provisioned, 0 failed)");
            }

            status.Report("done");
            status.Complete();

            string[] lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(
                new[] { "starting RS", "devices 1/1000 finished (1 provisioned, 0 failed)", "devices 1000/1000 finished (1000 provisioned, 0 failed)", "done" },
                lines);
        }

        [Fact]
        public void StatusLine_Terminal_RewritesOneLineInPlace()
        {
            using var error = new StringWriter();
            var status = new M2MDevice.Cli.Demo.StatusLine(error, interactive: true, TimeSpan.Zero);

            status.Report("registered 10/20 with their home operators");
            status.Report("registered 9/20");
            status.Report("note");

            string first = "registered 10/20 with their home operators";
            Assert.Equal("\r" + first + "\r" + "registered 9/20".PadRight(first.Length) + Environment.NewLine + "note" + Environment.NewLine, error.ToString());
        }

        private static CliRun Run(IDeviceRunner runner, params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            int exitCode = CliApplication.Run(args, output, error, () => runner);
            return new CliRun(exitCode, output.ToString(), error.ToString());
        }

        /// <summary>
        /// A test double: runs no firmware. It checks what a real runner receives (every image opens under its keys and
        /// names the device, every HO exists in the network) and answers scripted results, so the demo's summary and
        /// exit codes can be tested before the real fleet driver exists.
        /// </summary>
        private sealed class TestDoubleDeviceRunner : IDeviceRunner
        {
            private readonly Func<int, string> failureOf;

            public TestDoubleDeviceRunner(Func<int, string> failureOf)
            {
                this.failureOf = failureOf;
            }

            public string Name => "test double (no firmware)";

            public List<DeviceRunSpec> Received { get; } = new List<DeviceRunSpec>();

            public static string ImsiOf(DeviceRunSpec spec) => "00199" + spec.Unit.Pimsi.Substring(5);

            public Task<IReadOnlyList<DeviceRunResult>> RunAsync(NetworkComposition network, IReadOnlyList<DeviceRunSpec> devices, IProgress<DeviceRunProgress> progress, ITraceRecorder trace, CancellationToken cancellationToken)
            {
                var results = new List<DeviceRunResult>();
                int provisioned = 0;
                int failed = 0;
                for (int i = 0; i < devices.Count; i++)
                {
                    DeviceRunSpec spec = devices[i];
                    this.Received.Add(spec);
                    Assert.NotNull(network.FindHomeOperator(spec.HomeOperatorName));
                    Assert.Equal(RecordStatus.Valid, ManufactureImage.TryDecode(spec.Unit.Image, 0, spec.Unit.Image.Length, spec.Unit.Keys.ToKeyProvider(), out ManufactureImage image));
                    Assert.Equal(spec.Unit.DeviceId, image.DeviceId);
                    Assert.Equal(network.RsAddress.AbsoluteUri, image.RsAddress);
                    string failure = this.failureOf(i);
                    var phases = new[] { new DevicePhaseTiming(DevicePhase.AttachPimsi, TimeSpan.FromMilliseconds(3)), new DevicePhaseTiming(DevicePhase.Bootstrap, TimeSpan.FromMilliseconds(5)) };
                    results.Add(failure == null
                        ? new DeviceRunResult(spec.Unit.DeviceId, DeviceRunOutcome.Provisioned, null, ImsiOf(spec), "00101", phases)
                        : new DeviceRunResult(spec.Unit.DeviceId, DeviceRunOutcome.Failed, failure, null, null, phases));
                    provisioned += failure == null ? 1 : 0;
                    failed += failure == null ? 0 : 1;
                    progress.Report(new DeviceRunProgress(i + 1, devices.Count, provisioned, failed, spec.Unit.DeviceId));
                }

                return Task.FromResult<IReadOnlyList<DeviceRunResult>>(results);
            }
        }
    }
}
