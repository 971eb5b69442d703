using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using M2MDevice.Tests;

namespace M2MDevice.Emulator.Tests.Cli
{
    /// <summary>`m2m aka gen|verify|resync` against tests/vectors (aka.json, milenage.json, tuak.json).</summary>
    public class AkaCommandTests
    {
        private static readonly Dictionary<string, string> GenerateFieldsByVectorField = new Dictionary<string, string>
        {
            ["RAND"] = "RAND",
            ["AUTN"] = "AUTN",
            ["RES"] = "RES",
            ["CK"] = "CK",
            ["IK"] = "IK",
            ["AK"] = "AK",
            ["Kc"] = "Kc",
            ["SRES"] = "SRES",
        };

        public static IEnumerable<object[]> AkaVectorIds() => VectorIds("aka", "vectors");

        public static IEnumerable<object[]> MilenageSetIds() => VectorIds("milenage", "sets");

        public static IEnumerable<object[]> TuakSetIds() => VectorIds("tuak", "sets");

        [Theory]
        [MemberData(nameof(AkaVectorIds))]
        public void Generate_AkaVector_PrintsEveryValueOfTheVector(string id)
        {
            JsonElement vector = Find("aka", "vectors", id);
            if (!vector.TryGetProperty("SQN", out _) || !vector.TryGetProperty("AMF", out _))
            {
                // Resynchronisation-only vectors (E4, E6) have no SQN/AMF; Resync_AkaVector covers them.
                Assert.True(vector.TryGetProperty("AUTS", out _), id);
                return;
            }

            foreach (string operatorOption in OperatorOptions(vector))
            {
                CliRun run = CliRunner.Run(
                    "aka", "gen",
                    "--k", Text(vector, "K"),
                    operatorOption, Text(vector, operatorOption == "--opc" ? "OPc" : "OP"),
                    "--rand", Text(vector, "RAND"),
                    "--sqn", "0x" + Text(vector, "SQN"),
                    "--amf", Text(vector, "AMF"));

                Assert.Equal(0, run.ExitCode);
                Assert.Equal(string.Empty, run.Error);
                Dictionary<string, string> fields = run.Fields();
                Assert.Equal(new[] { "RAND", "AUTN", "RES", "CK", "IK", "AK", "Kc", "SRES" }, fields.Keys);
                int compared = 0;
                foreach (KeyValuePair<string, string> pair in GenerateFieldsByVectorField)
                {
                    if (vector.TryGetProperty(pair.Key, out JsonElement expected))
                    {
                        Assert.Equal(expected.GetString(), fields[pair.Value]);
                        compared++;
                    }
                }

                Assert.True(compared >= 3, $"{id}: only {compared} values compared");
            }
        }

        [Theory]
        [MemberData(nameof(AkaVectorIds))]
        public void Verify_AkaVector_AcceptsAutnAndPrintsUsimValues(string id)
        {
            JsonElement vector = Find("aka", "vectors", id);
            if (!vector.TryGetProperty("AUTN", out _))
            {
                Assert.True(vector.TryGetProperty("AUTS", out _), id);
                return;
            }

            long sqn = long.Parse(Text(vector, "SQN"), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            List<string> args = new List<string>
            {
                "aka", "verify", "--k", Text(vector, "K"), "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND"), "--autn", Text(vector, "AUTN"),
            };
            if (sqn < 32)
            {
                // SEQ = 0 (TS 33.102 C.3: SQN = SEQ || 5-bit IND) is never fresh (C.2.2): E5 (SQN 1) gets
                // AUTS for the USIM's SQN_MS, and the vector's AUTS is exactly that for SQN_MS = 1.
                args.Add("--sqn-ms");
                args.Add("0x" + Text(vector, "SQN_MS"));
                CliRun stale = CliRunner.Run(args.ToArray());
                Assert.Equal(3, stale.ExitCode);
                Assert.Equal("AUTS: " + Text(vector, "AUTS"), stale.Output.Trim());
                return;
            }

            CliRun run = CliRunner.Run(args.ToArray());

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(string.Empty, run.Error);
            Dictionary<string, string> fields = run.Fields();
            Assert.Equal(sqn.ToString(CultureInfo.InvariantCulture), fields["SQN"]);
            foreach (string name in new[] { "RES", "CK", "IK", "Kc" })
            {
                if (vector.TryGetProperty(name, out JsonElement expected))
                {
                    Assert.Equal(expected.GetString(), fields[name]);
                }
            }
        }

        [Theory]
        [MemberData(nameof(AkaVectorIds))]
        public void Resync_AkaVector_RecoversSqnMs(string id)
        {
            JsonElement vector = Find("aka", "vectors", id);
            if (!vector.TryGetProperty("AUTS", out _))
            {
                return;
            }

            CliRun run = CliRunner.Run(
                "aka", "resync", "--k", Text(vector, "K"), "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND"), "--auts", Text(vector, "AUTS"));

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(Decimal(Text(vector, "SQN_MS")), run.Fields()["SQN_MS"]);
        }

        [Theory]
        [MemberData(nameof(MilenageSetIds))]
        public void Generate_MilenageSet_PrintsF2ToF5(string id)
        {
            JsonElement set = Find("milenage", "sets", id);
            foreach (string operatorOption in new[] { "--opc", "--op" })
            {
                CliRun run = CliRunner.Run(
                    "aka", "gen",
                    "--k", Text(set, "K"),
                    operatorOption, Text(set, operatorOption == "--opc" ? "OPc" : "OP"),
                    "--rand", Text(set, "RAND"),
                    "--sqn", "0x" + Text(set, "SQN"),
                    "--amf", Text(set, "AMF"));

                Assert.Equal(0, run.ExitCode);
                Dictionary<string, string> fields = run.Fields();
                Assert.Equal(Text(set, "f2"), fields["RES"]);
                Assert.Equal(Text(set, "f3"), fields["CK"]);
                Assert.Equal(Text(set, "f4"), fields["IK"]);
                Assert.Equal(Text(set, "f5"), fields["AK"]);
                // TS 33.102 6.3.2: AUTN = (SQN xor AK) || AMF || MAC-A, MAC-A = f1.
                Assert.Equal(Text(set, "AMF") + Text(set, "f1"), fields["AUTN"].Substring(12));
            }
        }

        [Theory]
        [MemberData(nameof(TuakSetIds))]
        public void Generate_TuakSet_PrintsF1ToF5WithTheSetsLengths(string id)
        {
            JsonElement set = Find("tuak", "sets", id);
            foreach (string operatorOption in new[] { "--opc", "--op" })
            {
                CliRun run = CliRunner.Run(
                    "aka", "gen", "--alg", "tuak",
                    "--k", Text(set, "K"),
                    operatorOption, Text(set, operatorOption == "--opc" ? "TOPc" : "TOP"),
                    "--rand", Text(set, "RAND"),
                    "--sqn", "0x" + Text(set, "SQN"),
                    "--amf", Text(set, "AMF"),
                    "--mac-len", Bits(set, "f1"),
                    "--res-len", Bits(set, "f2"),
                    "--ck-len", Bits(set, "f3"),
                    "--ik-len", Bits(set, "f4"),
                    "--iterations", set.GetProperty("keccak_iterations").GetInt32().ToString(CultureInfo.InvariantCulture));

                Assert.Equal(string.Empty, run.Error);
                Assert.Equal(0, run.ExitCode);
                Dictionary<string, string> fields = run.Fields();
                Assert.Equal(Text(set, "f2"), fields["RES"]);
                Assert.Equal(Text(set, "f3"), fields["CK"]);
                Assert.Equal(Text(set, "f4"), fields["IK"]);
                Assert.Equal(Text(set, "f5"), fields["AK"]);
                Assert.Equal(Text(set, "AMF") + Text(set, "f1"), fields["AUTN"].Substring(12));
            }
        }

        [Theory]
        [MemberData(nameof(TuakSetIds))]
        public void GenerateThenVerify_TuakSet_UsimAcceptsAndAgrees(string id)
        {
            JsonElement set = Find("tuak", "sets", id);
            string[] credentials =
            {
                "--alg", "tuak", "--k", Text(set, "K"), "--opc", Text(set, "TOPc"), "--rand", Text(set, "RAND"),
                "--mac-len", Bits(set, "f1"), "--res-len", Bits(set, "f2"), "--ck-len", Bits(set, "f3"), "--ik-len", Bits(set, "f4"),
                "--iterations", set.GetProperty("keccak_iterations").GetInt32().ToString(CultureInfo.InvariantCulture),
            };
            CliRun generated = CliRunner.Run(Concat(new[] { "aka", "gen", "--sqn", "0x" + Text(set, "SQN"), "--amf", Text(set, "AMF") }, credentials));
            Assert.Equal(0, generated.ExitCode);

            CliRun verified = CliRunner.Run(Concat(new[] { "aka", "verify", "--autn", generated.Fields()["AUTN"] }, credentials));

            Assert.Equal(0, verified.ExitCode);
            Assert.Equal(Decimal(Text(set, "SQN")), verified.Fields()["SQN"]);
            Assert.Equal(Text(set, "f2"), verified.Fields()["RES"]);
            Assert.Equal(Text(set, "f3"), verified.Fields()["CK"]);
            Assert.Equal(Text(set, "f4"), verified.Fields()["IK"]);
        }

        [Fact]
        public void VerifyThenResync_StaleSqn_AutsCarriesTheUsimsSqnMs()
        {
            JsonElement vector = Find("aka", "vectors", "E1 (35.208 set 1)");
            string[] credentials = { "--k", Text(vector, "K"), "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND") };

            CliRun verified = CliRunner.Run(Concat(
                new[] { "aka", "verify", "--autn", Text(vector, "AUTN"), "--sqn-ms", "0x" + Text(vector, "sync_failure_if_sqn_ms") },
                credentials));

            Assert.Equal(3, verified.ExitCode);
            string auts = verified.Fields()["AUTS"];
            // TS 31.102 7.1.2: the sync failure response is 'DC' || L || AUTS || '9000'.
            Assert.Equal("dc0e" + auts + "9000", Text(vector, "sync_failure_response"));

            CliRun resynced = CliRunner.Run(Concat(new[] { "aka", "resync", "--auts", auts }, credentials));

            Assert.Equal(0, resynced.ExitCode);
            Assert.Equal(Decimal(Text(vector, "sync_failure_if_sqn_ms")), resynced.Fields()["SQN_MS"]);
        }

        [Fact]
        public void Verify_SqnMsJustBelowSqn_Accepts()
        {
            JsonElement vector = Find("aka", "vectors", "E1 (35.208 set 1)");
            long sqn = long.Parse(Text(vector, "SQN"), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

            CliRun run = CliRunner.Run(
                "aka", "verify", "--k", Text(vector, "K"), "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND"),
                "--autn", Text(vector, "AUTN"), "--sqn-ms", (sqn - 1).ToString(CultureInfo.InvariantCulture));

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(Text(vector, "RES"), run.Fields()["RES"]);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void Verify_SqnMsAtOrAboveSqn_SynchronizationFailure(long aboveSqn)
        {
            JsonElement vector = Find("aka", "vectors", "E3 (libosmocore milenage_test)");
            long sqn = long.Parse(Text(vector, "SQN"), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

            CliRun run = CliRunner.Run(
                "aka", "verify", "--k", Text(vector, "K"), "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND"),
                "--autn", Text(vector, "AUTN"), "--sqn-ms", (sqn + aboveSqn).ToString(CultureInfo.InvariantCulture));

            Assert.Equal(3, run.ExitCode);
            Assert.StartsWith("AUTS: ", run.Output, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Verify_CorruptedMac_MacFailureExit2()
        {
            JsonElement vector = Find("aka", "vectors", "E1 (35.208 set 1)");
            string autn = Text(vector, "AUTN");
            string corrupted = autn.Substring(0, 31) + (autn[31] == '0' ? "1" : "0");

            CliRun run = CliRunner.Run(
                "aka", "verify", "--k", Text(vector, "K"), "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND"), "--autn", corrupted);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal("MAC failure", run.Output.Trim());
            Assert.Equal(string.Empty, run.Error);
        }

        [Fact]
        public void Verify_WrongKey_MacFailureExit2()
        {
            JsonElement vector = Find("aka", "vectors", "E1 (35.208 set 1)");

            CliRun run = CliRunner.Run(
                "aka", "verify", "--k", "00000000000000000000000000000000", "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND"), "--autn", Text(vector, "AUTN"));

            Assert.Equal(2, run.ExitCode);
        }

        [Fact]
        public void Resync_CorruptedMacS_MacSFailureExit2()
        {
            JsonElement vector = Find("aka", "vectors", "E4 (libosmocore AUTS)");
            string auts = Text(vector, "AUTS");
            string corrupted = auts.Substring(0, 27) + (auts[27] == '0' ? "1" : "0");

            CliRun run = CliRunner.Run(
                "aka", "resync", "--k", Text(vector, "K"), "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND"), "--auts", corrupted);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal("MAC-S failure", run.Output.Trim());
        }

        [Fact]
        public void Generate_Json_OneObjectWithLowercaseHexStrings()
        {
            JsonElement vector = Find("aka", "vectors", "E1 (35.208 set 1)");

            CliRun run = CliRunner.Run(
                "aka", "gen", "--k", Text(vector, "K"), "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND"),
                "--sqn", "0x" + Text(vector, "SQN"), "--amf", Text(vector, "AMF"), "--json");

            Assert.Equal(0, run.ExitCode);
            Assert.Single(run.Output.Trim().Split('\n'));
            using JsonDocument document = JsonDocument.Parse(run.Output);
            JsonElement root = document.RootElement;
            Assert.Equal(new[] { "rand", "autn", "res", "ck", "ik", "ak", "kc", "sres" }, PropertyNames(root));
            Assert.Equal(Text(vector, "AUTN"), root.GetProperty("autn").GetString());
            Assert.Equal(Text(vector, "RES"), root.GetProperty("res").GetString());
            Assert.Equal(Text(vector, "Kc"), root.GetProperty("kc").GetString());
            Assert.Equal(Text(vector, "SRES"), root.GetProperty("sres").GetString());
        }

        [Fact]
        public void Verify_Json_ResultAndValues()
        {
            JsonElement vector = Find("aka", "vectors", "E1 (35.208 set 1)");
            string[] args = { "aka", "verify", "--k", Text(vector, "K"), "--opc", Text(vector, "OPc"), "--rand", Text(vector, "RAND"), "--autn", Text(vector, "AUTN"), "--json" };

            CliRun run = CliRunner.Run(args);

            Assert.Equal(0, run.ExitCode);
            using JsonDocument success = JsonDocument.Parse(run.Output);
            Assert.Equal(new[] { "result", "sqn", "res", "ck", "ik", "kc" }, PropertyNames(success.RootElement));
            Assert.Equal("success", success.RootElement.GetProperty("result").GetString());
            Assert.Equal(0xff9bb4d0b607L, success.RootElement.GetProperty("sqn").GetInt64());
            Assert.Equal(Text(vector, "CK"), success.RootElement.GetProperty("ck").GetString());

            CliRun stale = CliRunner.Run(Concat(args, new[] { "--sqn-ms", "0x" + Text(vector, "sync_failure_if_sqn_ms") }));

            Assert.Equal(3, stale.ExitCode);
            using JsonDocument sync = JsonDocument.Parse(stale.Output);
            Assert.Equal("syncFailure", sync.RootElement.GetProperty("result").GetString());
            Assert.Equal(28, sync.RootElement.GetProperty("auts").GetString().Length);

            args[9] = args[9].Substring(0, 30) + "00";
            CliRun failed = CliRunner.Run(args);

            Assert.Equal(2, failed.ExitCode);
            Assert.Equal("{\"result\":\"macFailure\"}", failed.Output.Trim());
        }

        [Fact]
        public void Resync_Json_SqnMsAsNumber()
        {
            JsonElement vector = Find("aka", "vectors", "E6 (free5gc ValidateAUTS)");

            CliRun run = CliRunner.Run(
                "aka", "resync", "--k", Text(vector, "K"), "--op", Text(vector, "OP"), "--rand", Text(vector, "RAND"), "--auts", Text(vector, "AUTS"), "--json");

            Assert.Equal(0, run.ExitCode);
            using JsonDocument document = JsonDocument.Parse(run.Output);
            Assert.Equal("success", document.RootElement.GetProperty("result").GetString());
            Assert.Equal(long.Parse(Text(vector, "SQN_MS"), NumberStyles.HexNumber, CultureInfo.InvariantCulture), document.RootElement.GetProperty("sqnMs").GetInt64());
        }

        [Fact]
        public void Generate_NoRand_PrintsAFreshRandomRand()
        {
            string[] args = { "aka", "gen", "--k", "000102030405060708090a0b0c0d0e0f", "--opc", "000102030405060708090a0b0c0d0e0f", "--sqn", "64", "--amf", "8000" };

            CliRun first = CliRunner.Run(args);
            CliRun second = CliRunner.Run(args);

            Assert.Equal(0, first.ExitCode);
            Assert.Equal(32, first.Fields()["RAND"].Length);
            Assert.NotEqual(first.Fields()["RAND"], second.Fields()["RAND"]);
        }

        private static IEnumerable<string> OperatorOptions(JsonElement vector)
        {
            if (vector.TryGetProperty("OPc", out _))
            {
                yield return "--opc";
            }

            if (vector.TryGetProperty("OP", out _))
            {
                yield return "--op";
            }
        }

        private static IEnumerable<object[]> VectorIds(string file, string arrayName)
        {
            foreach (JsonElement element in TestVectors.Load(file).GetProperty(arrayName).EnumerateArray())
            {
                yield return new object[] { element.GetProperty("id").GetString() };
            }
        }

        private static JsonElement Find(string file, string arrayName, string id)
        {
            foreach (JsonElement element in TestVectors.Load(file).GetProperty(arrayName).EnumerateArray())
            {
                if (element.GetProperty("id").GetString() == id)
                {
                    return element;
                }
            }

            throw new KeyNotFoundException(id);
        }

        private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString();

        private static string Bits(JsonElement element, string name) =>
            (Text(element, name).Length * 4).ToString(CultureInfo.InvariantCulture);

        private static string Decimal(string hex) =>
            long.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

        private static string[] Concat(string[] first, string[] second)
        {
            string[] all = new string[first.Length + second.Length];
            first.CopyTo(all, 0);
            second.CopyTo(all, first.Length);
            return all;
        }

        private static List<string> PropertyNames(JsonElement element)
        {
            List<string> names = new List<string>();
            foreach (JsonProperty property in element.EnumerateObject())
            {
                names.Add(property.Name);
            }

            return names;
        }
    }
}
