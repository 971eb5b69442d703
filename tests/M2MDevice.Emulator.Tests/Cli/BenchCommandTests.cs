using System;
using System.Linq;
using System.Text.Json;

namespace M2MDevice.Emulator.Tests.Cli
{
    /// <summary>
    /// `m2m bench` (issue 8): the real fleet flow (network, manufacture, registration, real firmware, AKA and TLS per
    /// device) measured and printed as one table or one JSON object; exit 0 only when all provisioned. Small fleets;
    /// the numbers are checked for shape and consistency, never for speed.
    /// </summary>
    public class BenchCommandTests
    {
        [Theory]
        [InlineData("--devices: out of range (1 to 10000)", "bench", "--devices", "0")]
        [InlineData("--workers: out of range (1 to 64)", "bench", "--workers", "0")]
        [InlineData("--active: out of range (1 to 10000)", "bench", "--active", "0")]
        [InlineData("--seed: not a number", "bench", "--seed", "x")]
        public void Bench_BadCommandLine_OneLineExit1(string expected, params string[] args)
        {
            CliRun run = CliRunner.Run(args);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal(string.Empty, run.Output);
            string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("m2m bench: ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
        }

        [Fact]
        public void Bench_Help_NamesOptionsAndExamples()
        {
            CliRun run = CliRunner.Run("bench", "--help");

            Assert.Equal(0, run.ExitCode);
            foreach (string option in new[] { "--devices", "--seed", "--workers", "--active", "--stay-attached", "--json", "m2m bench --devices 10000", "m2m bench --devices 10000 --stay-attached" })
            {
                Assert.Contains(option, run.Output, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Bench_FiveDevices_OneTableAllProvisionedExit0()
        {
            CliRun run = CliRunner.Run("bench", "--devices", "5", "--workers", "1", "--active", "2", "--seed", "4");

            Assert.True(run.ExitCode == 0, run.Error);
            string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.StartsWith("METRIC", lines[0], StringComparison.Ordinal);
            Assert.Equal("5", Value(lines, "devices"));
            Assert.Equal("5", Value(lines, "provisioned"));
            Assert.Equal("1", Value(lines, "workers"));
            Assert.Equal("2", Value(lines, "devices at once"));
            foreach (string metric in new[] { "devices/s", "manufacture", "registration", "device runs", "total", "peak working set", "peak managed heap", "memory per device", "machine" })
            {
                Assert.False(string.IsNullOrEmpty(Value(lines, metric)), metric);
            }

            Assert.DoesNotContain("dev-", run.Output, StringComparison.Ordinal);
            Assert.Contains("devices 5/5 finished (5 provisioned, 0 failed)", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Bench_Json_IssueKeysConsistentNumbers()
        {
            CliRun run = CliRunner.Run("bench", "--devices", "5", "--workers", "2", "--json");

            Assert.True(run.ExitCode == 0, run.Error);
            using JsonDocument json = JsonDocument.Parse(run.Output);
            JsonElement root = json.RootElement;
            Assert.Equal(5, root.GetProperty("devices").GetInt32());
            Assert.Equal(5, root.GetProperty("provisioned").GetInt32());
            Assert.True(root.GetProperty("devicesPerSecond").GetDouble() > 0);
            JsonElement phases = root.GetProperty("phases");
            long[] ms = new[] { "manufactureMs", "registrationMs", "deviceRunsMs", "totalMs" }.Select(name => phases.GetProperty(name).GetInt64()).ToArray();
            Assert.All(ms, value => Assert.True(value >= 0));
            Assert.True(ms[3] >= ms[0] + ms[1] + ms[2], "total covers the phases");
            long peak = root.GetProperty("peakWorkingSetBytes").GetInt64();
            Assert.True(peak > 0);
            Assert.True(root.GetProperty("peakManagedBytes").GetInt64() > 0);
            Assert.Equal(Math.Max(0, peak - root.GetProperty("baselineWorkingSetBytes").GetInt64()) / 5, root.GetProperty("memoryPerDeviceBytes").GetInt64());
            Assert.Equal(2, root.GetProperty("workers").GetInt32());
            JsonElement machine = root.GetProperty("machine");
            Assert.Equal(Environment.ProcessorCount, machine.GetProperty("processorCount").GetInt32());
            Assert.False(string.IsNullOrEmpty(machine.GetProperty("os").GetString()));
            Assert.StartsWith(".NET", machine.GetProperty("runtime").GetString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Bench_StayAttachedFiveDevices_AllAttachedAtEndCountedFromModems()
        {
            CliRun run = CliRunner.Run("bench", "--devices", "5", "--workers", "2", "--active", "2", "--seed", "6", "--stay-attached");

            Assert.True(run.ExitCode == 0, run.Error);
            string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("5", Value(lines, "provisioned"));
            Assert.Equal("5", Value(lines, "resident devices"));
            Assert.StartsWith("5 (registered at home, counted from the modems)", Value(lines, "attached at end"), StringComparison.Ordinal);
            foreach (string metric in new[] { "memory per resident", "managed per resident", "resident managed heap", "shutdown" })
            {
                Assert.False(string.IsNullOrEmpty(Value(lines, metric)), metric);
            }

            Assert.Contains("staying attached", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Bench_StayAttachedJson_ResidentKeysConsistent()
        {
            CliRun run = CliRunner.Run("bench", "--devices", "5", "--workers", "1", "--stay-attached", "--json");

            Assert.True(run.ExitCode == 0, run.Error);
            using JsonDocument json = JsonDocument.Parse(run.Output);
            JsonElement root = json.RootElement;
            Assert.True(root.GetProperty("stayAttached").GetBoolean());
            Assert.Equal(5, root.GetProperty("residentDevices").GetInt32());
            Assert.Equal(5, root.GetProperty("attachedAtEnd").GetInt32());
            long peak = root.GetProperty("peakWorkingSetBytes").GetInt64();
            Assert.Equal(Math.Max(0, peak - root.GetProperty("baselineWorkingSetBytes").GetInt64()) / 5, root.GetProperty("memoryPerResidentBytes").GetInt64());
            long resident = root.GetProperty("residentManagedBytes").GetInt64();
            long baseline = root.GetProperty("baselineManagedBytes").GetInt64();
            Assert.True(resident > 0 && baseline > 0);
            Assert.Equal(Math.Max(0, resident - baseline) / 5, root.GetProperty("managedPerResidentBytes").GetInt64());
            Assert.True(root.GetProperty("shutdownMs").GetInt64() >= 0);
        }

        [Fact]
        public void Bench_WithoutStayAttached_NoResidentRows()
        {
            CliRun run = CliRunner.Run("bench", "--devices", "2", "--workers", "1", "--json");

            Assert.True(run.ExitCode == 0, run.Error);
            using JsonDocument json = JsonDocument.Parse(run.Output);
            Assert.False(json.RootElement.GetProperty("stayAttached").GetBoolean());
            Assert.False(json.RootElement.TryGetProperty("attachedAtEnd", out _));
        }

        [Fact]
        public void Demo_StayAttachedThreeDevices_AllAttachedAtEndReported()
        {
            // The same option on `m2m demo` (kept here with the bench's resident cases).
            CliRun run = CliRunner.Run("demo", "--devices", "3", "--seed", "7", "--stay-attached", "--json");

            Assert.True(run.ExitCode == 0, run.Error);
            using JsonDocument json = JsonDocument.Parse(run.Output);
            Assert.Equal(3, json.RootElement.GetProperty("residentDevices").GetInt32());
            Assert.Equal(3, json.RootElement.GetProperty("attachedAtEnd").GetInt32());
            Assert.Contains("3 of 3 resident devices attached at home at the end (counted from their modems)", run.Error, StringComparison.Ordinal);
        }

        private static string Value(string[] lines, string metric)
        {
            string line = lines.Single(l => l.StartsWith(metric + "  ", StringComparison.Ordinal));
            return line.Substring(metric.Length).Trim();
        }
    }
}
