using System;

namespace M2MDevice.Emulator.Tests.Cli
{
    /// <summary>Every bad command line of `m2m aka`: exactly one line on stderr naming the problem, exit 1, nothing on stdout.</summary>
    public class AkaCommandInputTests
    {
        private const string K = "465b5ce8b199b49faa5f0a2ee238a6bc";
        private const string Opc = "cd63cb71954a9f4e48a5994e37a02baf";
        private const string Rand = "23553cbe9637a89d218ae64dae47bf35";
        private const string Autn = "55f328b43577b9b94a9ffac354dfafb3";
        private const string Auts = "ba853f3c121b1d42e794305f81bd";
        private const string Top = "5555555555555555555555555555555555555555555555555555555555555555";

        [Theory]
        // Bad hex.
        [InlineData("--k: not hex", "aka", "gen", "--k", "465b5ce8b199b49faa5f0a2ee238a6bg", "--opc", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("--opc: odd number of hex digits", "aka", "gen", "--k", K, "--opc", "cd63cb71954a9f4e48a5994e37a02ba", "--sqn", "1", "--amf", "0000")]
        [InlineData("--amf: hex value is empty", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "1", "--amf", "")]
        [InlineData("--rand: not hex", "aka", "verify", "--k", K, "--opc", Opc, "--rand", "23553cbe-637a89d218ae64dae47bf35", "--autn", Autn)]
        // Wrong lengths.
        [InlineData("--k: must be 16 or 32 bytes, got 15 bytes", "aka", "gen", "--k", "465b5ce8b199b49faa5f0a2ee238a6", "--opc", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("--k: MILENAGE K must be 16 bytes", "aka", "gen", "--k", K + K, "--opc", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("--opc: MILENAGE OPc must be 16 bytes", "aka", "gen", "--k", K, "--opc", Opc + Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("--op: TUAK TOP must be 32 bytes", "aka", "gen", "--alg", "tuak", "--k", K, "--op", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("--amf: must be 2 bytes (4 hex digits), got 3 bytes", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "1", "--amf", "000000")]
        [InlineData("--rand: must be 16 bytes (32 hex digits), got 15 bytes", "aka", "gen", "--k", K, "--opc", Opc, "--rand", "23553cbe9637a89d218ae64dae47bf", "--sqn", "1", "--amf", "0000")]
        [InlineData("--autn: must be 16, 24 or 40 bytes, got 15 bytes", "aka", "verify", "--k", K, "--opc", Opc, "--rand", Rand, "--autn", "55f328b43577b9b94a9ffac354dfaf")]
        [InlineData("--autn: must be 16 bytes with a 64-bit MAC, got 24 bytes", "aka", "verify", "--k", K, "--opc", Opc, "--rand", Rand, "--autn", Autn + "0000000000000000")]
        [InlineData("--auts: must be 14, 22 or 38 bytes, got 13 bytes", "aka", "resync", "--k", K, "--opc", Opc, "--rand", Rand, "--auts", "ba853f3c121b1d42e794305f81")]
        [InlineData("--auts: must be 22 bytes with a 128-bit MAC, got 14 bytes", "aka", "resync", "--alg", "tuak", "--mac-len", "128", "--k", K, "--op", Top, "--rand", Rand, "--auts", Auts)]
        // --opc and --op: both or neither.
        [InlineData("give either --opc or --op, not both", "aka", "gen", "--k", K, "--opc", Opc, "--op", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("one of --opc or --op is required", "aka", "gen", "--k", K, "--sqn", "1", "--amf", "0000")]
        [InlineData("one of --opc or --op is required", "aka", "resync", "--k", K, "--rand", Rand, "--auts", Auts)]
        // Missing options.
        [InlineData("Option '--k' is required", "aka", "gen", "--opc", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("Option '--sqn' is required", "aka", "gen", "--k", K, "--opc", Opc, "--amf", "0000")]
        [InlineData("Option '--amf' is required", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "1")]
        [InlineData("Option '--autn' is required", "aka", "verify", "--k", K, "--opc", Opc, "--rand", Rand)]
        [InlineData("Option '--rand' is required", "aka", "resync", "--k", K, "--opc", Opc, "--auts", Auts)]
        // Out-of-range and malformed numbers.
        [InlineData("--sqn: out of range, SQN is 48 bits", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "281474976710656", "--amf", "0000")]
        [InlineData("--sqn: out of range, SQN is 48 bits", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "0x1000000000000", "--amf", "0000")]
        [InlineData("--sqn: not a number", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "12ab", "--amf", "0000")]
        [InlineData("--sqn: not a hex number", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "0xzz", "--amf", "0000")]
        [InlineData("--sqn-ms: out of range, SQN is 48 bits", "aka", "verify", "--k", K, "--opc", Opc, "--rand", Rand, "--autn", Autn, "--sqn-ms", "0xffffffffffffff")]
        // Algorithm options.
        [InlineData("--alg: unknown algorithm 'comp128'", "aka", "gen", "--alg", "comp128", "--k", K, "--opc", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("--res-len: applies only to --alg tuak", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "1", "--amf", "0000", "--res-len", "64")]
        [InlineData("--res-len: must be one of 32, 64, 128, 256", "aka", "gen", "--alg", "tuak", "--k", K, "--op", Top, "--sqn", "1", "--amf", "0000", "--res-len", "48")]
        [InlineData("--iterations: out of range (1 to 255)", "aka", "gen", "--alg", "tuak", "--k", K, "--op", Top, "--sqn", "1", "--amf", "0000", "--iterations", "0")]
        // An option followed by another option instead of its value.
        [InlineData("--k: value missing (found option '--opc')", "aka", "gen", "--k", "--opc", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("--opc: value missing (found option '--sqn')", "aka", "gen", "--k", K, "--opc", "--sqn", "1", "--amf", "0000")]
        [InlineData("--sqn: value missing (found option '--amf')", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "--amf", "0000")]
        // Repeated options and stray values.
        [InlineData("Option '--k' expects a single argument but 2 were provided", "aka", "gen", "--k", K, "--k", K, "--opc", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("Unrecognized command or argument '1234'", "aka", "gen", "--k", K, "1234", "--opc", Opc, "--sqn", "1", "--amf", "0000")]
        [InlineData("Unrecognized command or argument '<32 hex digits>'", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "1", "--amf", "0000", K)]
        // System.CommandLine's own errors.
        [InlineData("Unrecognized command or argument '--bogus'", "aka", "gen", "--k", K, "--opc", Opc, "--sqn", "1", "--amf", "0000", "--bogus")]
        [InlineData("Unrecognized command or argument 'frobnicate'", "aka", "frobnicate")]
        [InlineData("Required command was not provided", "aka")]
        [InlineData("Required command was not provided")]
        public void Aka_BadInput_OneLineOnStderrExit1(string expectedMessage, params string[] args)
        {
            CliRun run = CliRunner.Run(args);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal(string.Empty, run.Output);
            string[] lines = run.Error.TrimEnd().Split('\n');
            Assert.Single(lines);
            Assert.StartsWith("m2m", lines[0], StringComparison.Ordinal);
            Assert.Contains(expectedMessage, lines[0], StringComparison.Ordinal);
        }

        [Fact]
        public void Aka_BadKey_MessageNeverEchoesTheValue()
        {
            string badKey = "465b5ce8b199b49faa5f0a2ee238a6"; // 15 bytes

            CliRun run = CliRunner.Run("aka", "gen", "--k", badKey, "--opc", Opc, "--sqn", "1", "--amf", "0000");

            Assert.Equal(1, run.ExitCode);
            Assert.DoesNotContain(badKey, run.Error, StringComparison.OrdinalIgnoreCase);
        }

        [Theory]
        [InlineData("aka", "gen")]
        [InlineData("aka", "verify")]
        [InlineData("aka", "resync")]
        [InlineData("aka")]
        public void Help_AnyAkaCommand_ShowsOptionsAndExamplesExit0(params string[] command)
        {
            string[] args = new string[command.Length + 1];
            command.CopyTo(args, 0);
            args[command.Length] = "--help";

            CliRun run = CliRunner.Run(args);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(string.Empty, run.Error);
            Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
            Assert.Contains("Examples:", run.Output, StringComparison.Ordinal);
            Assert.Contains("m2m " + string.Join(' ', command), run.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Help_WithMissingRequiredOptions_StillShowsHelp()
        {
            CliRun run = CliRunner.Run("aka", "gen", "--k", K, "-h");

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("--sqn", run.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void ExampleLines_InHelp_RunSuccessfully()
        {
            foreach (string command in new[] { "gen", "verify", "resync" })
            {
                CliRun help = CliRunner.Run("aka", command, "--help");
                int examples = help.Output.IndexOf("Examples:", StringComparison.Ordinal);
                foreach (string line in help.Output.Substring(examples).Split('\n'))
                {
                    string example = line.Trim();
                    if (!example.StartsWith("m2m ", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    CliRun run = CliRunner.Run(example.Substring(4).Split(' '));
                    Assert.True(run.ExitCode == 0 || (command == "verify" && run.ExitCode == 3), $"{example}: exit {run.ExitCode} {run.Error}");
                }
            }
        }
    }
}
