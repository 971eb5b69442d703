using System;
using System.CommandLine;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CsCheck;
using M2MDevice.Cli;
using Xunit.Abstractions;

namespace M2MDevice.Robustness.Tests.Cli
{
    /// <summary>
    /// `m2m` argument vectors (CliApplication.Run, in-process) built from the real command and option names with
    /// random, boundary and mutated valid values: the exit code is a defined CliExitCode (aka: 0..3; commands that
    /// reach a server, here a closed loopback port: 0, 1 or 4), exit 1 comes with exactly one line on stderr, no run
    /// prints a stack trace or "Unhandled exception", success writes nothing on stderr. `serve` and `demo` run
    /// until stopped, so their vectors go through the parser only (BuildRootCommand().Parse).
    /// </summary>
    public class CliArgumentFuzzTests : IDisposable
    {
        private const string K = "465b5ce8b199b49faa5f0a2ee238a6bc";
        private const string Opc = "cd63cb71954a9f4e48a5994e37a02baf";
        private const string Rand = "23553cbe9637a89d218ae64dae47bf35";
        private const string Autn = "55f328b43577b9b94a9ffac354dfafb3";
        private const string Closed = "https://127.0.0.1:1/";

        private static readonly string[] Options =
        {
            "--alg", "--allowed-networks", "--amf", "--autn", "--auts", "--ca", "--ck-len", "--config", "--count", "--data", "--device", "--devices",
            "--ho", "--ho-count", "--ho-token", "--ik-len", "--iterations", "--json", "--k", "--mac-len", "--manifest", "--mnc-length",
            "--modem-serial", "--modem-tcp", "--op", "--opc", "--out", "--rand", "--res-len", "--rs", "--seed", "--sqn", "--sqn-ms", "--token",
            "--trace", "--help", "-h", "--version", "--unknown", "-", "--",
        };

        private static readonly string[] Values =
        {
            K, Opc, Rand, Autn, "0x" + K, K.ToUpperInvariant(), K.Substring(1), K + "00", "zz" + K.Substring(2), "", " ", "0", "-1", "1", "32",
            "0xff9bb4d0b607", "281474976710655", "281474976710656", "99999999999999999999", "0x", "milenage", "tuak", "comp128", "b9b9",
            "8000", "0102030405061112131415161718", "00101", "00101,00102", "0010", "abc", "dev-1,dev-2", "\u00e9", "a\u0001b", "--k",
            "1e3", "1.5", "8", "16", "4", "true", "127.0.0.1:1", "https://x", "http://127.0.0.1:1/",
        };

        private static readonly string[][] Golden =
        {
            new[] { "aka", "gen", "--k", K, "--opc", Opc, "--rand", Rand, "--sqn", "0xff9bb4d0b607", "--amf", "b9b9" },
            new[] { "aka", "gen", "--k", K, "--op", "cdc202d5123e20f62b6d676ac72cb318", "--alg", "milenage", "--json" },
            new[] { "aka", "verify", "--k", K, "--opc", Opc, "--rand", Rand, "--autn", Autn },
            new[] { "aka", "verify", "--k", K, "--opc", Opc, "--rand", Rand, "--autn", Autn, "--sqn-ms", "0xff9bb4d0b620" },
            new[] { "aka", "resync", "--k", K, "--opc", Opc, "--rand", Rand, "--auts", "ba853f3c121b1d42e794305f81bd" },
            new[] { "aka", "gen", "--k", K + K, "--opc", Opc + Opc, "--alg", "tuak", "--mac-len", "64", "--res-len", "64", "--ck-len", "128", "--ik-len", "128", "--iterations", "1" },
            new[] { "manufacture", "--rs", Closed, "--token", "t", "--count", "2", "--out", "OUT" },
            new[] { "owner", "register", "--ho", Closed, "--token", "t", "--devices", "dev-1,dev-2" },
            new[] { "status", "--rs", Closed, "--token", "t", "--device", "dev-1" },
            new[] { "status", "--ho", Closed, "--ho-token", "t" },
            new[] { "serve", "--seed", "7", "--ho-count", "2" },
            new[] { "demo", "--devices", "3", "--seed", "1" },
        };

        private readonly string folder;
        private readonly ITestOutputHelper output;

        public CliArgumentFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
            folder = Path.Combine(Path.GetTempPath(), "m2m-cli-fuzz-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
        }

        public void Dispose()
        {
            Directory.Delete(folder, true);
        }

        /// <summary>A golden vector with edits: drop, duplicate, swap, replace by an option or a value, mutate a value.</summary>
        private static Gen<string[]> Vectors()
        {
            Gen<(int, int, int, int)> edit = Gen.Select(Gen.Int[0, 6], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000]);
            Gen<string[]> mutated = Gen.Select(Gen.Int[0, Golden.Length - 1], edit.Array[1, 4]).Select((index, edits) =>
            {
                var args = new List<string>(Golden[index]);
                foreach ((int kind, int at, int pick, int position) in edits)
                {
                    // The command words stay put half the time, so the options are reached.
                    int first = at % 2 == 0 ? Math.Min(args.Count, args[0] == "aka" || args[0] == "owner" ? 2 : 1) : 0;
                    int i = args.Count <= first ? first : first + (at % (args.Count - first));
                    switch (kind)
                    {
                        case 0 when i < args.Count:
                            args.RemoveAt(i);
                            break;
                        case 1 when i < args.Count:
                            args.Insert(i, args[i]);
                            break;
                        case 2 when i + 1 < args.Count:
                            (args[i], args[i + 1]) = (args[i + 1], args[i]);
                            break;
                        case 3:
                            args.Insert(Math.Min(i, args.Count), Options[pick % Options.Length]);
                            break;
                        case 4 when i < args.Count:
                            args[i] = Values[pick % Values.Length];
                            break;
                        case 5 when i < args.Count && args[i].Length > 0:
                            char[] chars = args[i].ToCharArray();
                            chars[position % chars.Length] = "0fFgx-= ,.9"[pick % 11];
                            args[i] = new string(chars);
                            break;
                        default:
                            args.Add(pick % 2 == 0 ? Options[pick % Options.Length] : Values[position % Values.Length]);
                            break;
                    }
                }

                return args.ToArray();
            });
            Gen<string> token = Gen.OneOf(Gen.Int[0, Options.Length - 1].Select(i => Options[i]), Gen.Int[0, Values.Length - 1].Select(i => Values[i]), Gen.OneOfConst("aka", "gen", "verify", "resync", "owner", "register", "status", "manufacture", "serve", "demo"));
            Gen<string[]> random = token.Array[0, 8];
            return Gen.Frequency((4, mutated), (1, random), (1, Gen.Int[0, Golden.Length - 1].Select(i => Golden[i])));
        }

        /// <summary>Points every server option at a closed port and every output path into the test folder.</summary>
        private string[] Confine(string[] args)
        {
            string[] result = (string[])args.Clone();
            for (int i = 0; i + 1 < result.Length; i++)
            {
                switch (result[i])
                {
                    case "--rs":
                    case "--ho":
                        result[i + 1] = Closed;
                        break;
                    case "--out":
                    case "--manifest":
                    case "--ca":
                    case "--config":
                    case "--data":
                    case "--trace":
                        result[i + 1] = Path.Combine(folder, "f" + (result[i + 1].Length % 4));
                        break;
                    case "--modem-serial":
                    case "--modem-tcp":
                        result[i + 1] = "127.0.0.1:1";
                        break;
                }
            }

            return result;
        }

        private static bool RunsUntilStopped(string[] args) => args.Contains("serve") || args.Contains("demo");

        [Fact]
        public void Run_RandomAndMutatedArgumentVectors_DefinedExitCodeAndOneLineErrors()
        {
            var tally = new Fuzz.Tally();
            Fuzz.Run(
                output,
                "CliApplication.Run",
                Vectors(),
                4000,
                0xC11A4465UL,
                raw =>
                {
                    string[] args = Confine(raw);
                    if (RunsUntilStopped(args))
                    {
                        // Parser only: no exception, and a parse error has a message.
                        ParseResult parsed = CliApplication.BuildRootCommand().Parse(args);
                        Assert.All(parsed.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
                        tally.Add("parsed only");
                        return;
                    }

                    using var stdout = new StringWriter();
                    using var stderr = new StringWriter();
                    int code = CliApplication.Run(args, stdout, stderr);
                    string error = stderr.ToString();
                    tally.Add((CliExitCode)code);
                    Assert.True(Enum.IsDefined((CliExitCode)code), "undefined exit code " + code);
                    Assert.DoesNotContain("Unhandled exception", error, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
                    string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    bool network = args.Length > 0 && (args[0] == "manufacture" || args[0] == "owner" || args[0] == "status");
                    bool aka = args.Length > 0 && args[0] == "aka";
                    if (aka)
                    {
                        Assert.InRange(code, 0, 3);
                    }
                    else if (network)
                    {
                        Assert.True(code == 0 || code == 1 || code == 4, "exit code " + code);
                    }

                    switch ((CliExitCode)code)
                    {
                        case CliExitCode.Success:
                            Assert.Empty(lines);
                            break;
                        case CliExitCode.InputError:
                            Assert.True(lines.Length == 1, "exit 1 wants one line on stderr, got: " + error);
                            break;
                        case CliExitCode.ServiceError:
                            Assert.NotEmpty(lines);
                            break;
                    }
                },
                args => "[" + string.Join(" ", args.Select(a => "'" + Fuzz.Escape(a) + "'")) + "]");
            output.WriteLine(tally.ToString());
        }
    }
}
