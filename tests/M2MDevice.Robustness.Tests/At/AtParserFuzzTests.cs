using System;
using System.Collections.Generic;
using System.Text;
using CsCheck;
using M2MDevice.At;
using Xunit.Abstractions;

namespace M2MDevice.Robustness.Tests.At
{
    /// <summary>
    /// Every AtReader-based TryParse of shared/At (GeneralCommands, NetworkServiceCommands, PacketDomainCommands,
    /// MobileTerminationCommands, HttpCommands, RemoteSimMessage) and AtFinalResult.TryParse, over random lines,
    /// mutated valid lines and valid prefixes with random tails, placed at a random offset of a larger buffer:
    /// never an exception; on failure the cursor is where it started, the reason is a defined AtParseResult other
    /// than Ok and the output object is unchanged; on success the cursor stays inside the line; the same line
    /// always parses the same way.
    /// </summary>
    public class AtParserFuzzTests
    {
        private readonly ITestOutputHelper output;

        public AtParserFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        /// <summary>A parser under test: parses at the reader and returns a printable result (null on failure).</summary>
        private delegate string Parser(AtReader reader, out bool ok);

        private sealed class Subject
        {
            public Subject(string name, Parser parse, params string[] golden)
            {
                Name = name;
                Parse = parse;
                Golden = golden;
            }

            public string Name { get; }

            public Parser Parse { get; }

            public string[] Golden { get; }
        }

        private static string Show(OperatorSelection s) => $"{s.Mode}|{s.Format}|{s.Operator}|{s.AccessTechnology}";

        private static string Show(RegistrationState s) =>
            $"{s.Kind}|{s.Mode}|{s.Status}|{s.AreaCode}|{s.CellId}|{s.AccessTechnology}|{s.RoutingAreaCode}|{s.CauseType}|{s.RejectCause}";

        private static string Show(OperatorList list)
        {
            var text = new StringBuilder().Append(list.Count).Append('/').Append(list.TotalCount);
            for (int i = 0; i < list.Count; i++)
            {
                OperatorEntry e = list.Get(i);
                text.Append('|').Append(e.Status).Append(',').Append(e.LongName).Append(',').Append(e.ShortName).Append(',').Append(e.Numeric).Append(',').Append(e.AccessTechnology);
            }

            return text.ToString();
        }

        private static string Show(RemoteSimRequest r) => $"{r.Id}|{r.Type}|{Convert.ToHexString(r.Data, 0, r.DataLength)}";

        private static string Show(RemoteSimResponse r) => $"{r.Id}|{r.Status}|{Convert.ToHexString(r.Data, 0, r.DataLength)}";

        /// <summary>Wraps a parser writing into an object: the object must be unchanged when it fails.</summary>
        private static Parser Into<T>(Func<T> create, Func<T, string> show, Func<AtReader, T, bool> parse)
        {
            return (AtReader reader, out bool ok) =>
            {
                T target = create();
                string before = show(target);
                ok = parse(reader, target);
                string after = show(target);
                if (!ok)
                {
                    Assert.Equal(before, after);
                    return null;
                }

                return after;
            };
        }

        private static readonly Subject[] Subjects =
        {
            new Subject("GeneralCommands.TryParseInformationText", (AtReader r, out bool ok) => (ok = GeneralCommands.TryParseInformationText(r, 40, out string t)) ? t : null, "M2MDevice", "EMU-A7670E", "\"quoted text\""),
            new Subject("GeneralCommands.TryParseImsi", (AtReader r, out bool ok) => (ok = GeneralCommands.TryParseImsi(r, out string t)) ? t : null, "001010123456789", "26201110648750"),
            new Subject("GeneralCommands.TryParseSerialNumber", (AtReader r, out bool ok) => (ok = GeneralCommands.TryParseSerialNumber(r, out string t)) ? t : null, "356938035643809", "+CGSN: \"3569380356438091\""),
            new Subject("GeneralCommands.TryParseExtendedErrorReport", (AtReader r, out bool ok) => (ok = GeneralCommands.TryParseExtendedErrorReport(r, out string t)) ? t : null, "+CEER: \"No cause information available\"", "+CEER: Lost"),
            new Subject("NetworkServiceCommands.TryParseOperatorRead", Into(() => new OperatorSelection(), Show, NetworkServiceCommands.TryParseOperatorRead), "+COPS: 0,2,\"00101\",7", "+COPS: 1", "+COPS: 0,0,\"Home One\""),
            new Subject("NetworkServiceCommands.TryParseOperatorList", Into(() => new OperatorList(4), Show, NetworkServiceCommands.TryParseOperatorList), "+COPS: (2,\"Home One\",\"HOME1\",\"00101\",7),(1,\"Roam Two\",\"ROAM2\",\"00102\",7),,(0,1,2,3,4),(0,1,2)", "+COPS: (3,\"\",\"\",\"00103\"),(1,\"A\",\"B\",\"00104\",7),(1,\"C\",\"D\",\"00105\",7),(1,\"E\",\"F\",\"00106\",7),(1,\"G\",\"H\",\"00107\",7)"),
            new Subject("NetworkServiceCommands.TryParseRegistration(EPS, read)", Into(() => new RegistrationState(), Show, (r, s) => NetworkServiceCommands.TryParseRegistration(r, RegistrationKind.Eps, true, s)), "+CEREG: 2,1,\"1A2B\",\"01234567\",7", "+CEREG: 3,3,\"1A2B\",\"01234567\",7,0,11", "+CEREG: 0,5"),
            new Subject("NetworkServiceCommands.TryParseRegistration(GPRS, URC)", Into(() => new RegistrationState(), Show, (r, s) => NetworkServiceCommands.TryParseRegistration(r, RegistrationKind.Gprs, false, s)), "+CGREG: 1,\"1A2B\",\"01234567\",7,\"05\"", "+CGREG: 5", "+CGREG: 3,,,7,,0,11"),
            new Subject("NetworkServiceCommands.TryParseRegistration(CS, URC)", Into(() => new RegistrationState(), Show, (r, s) => NetworkServiceCommands.TryParseRegistration(r, RegistrationKind.Circuit, false, s)), "+CREG: 1,\"1A2B\",\"01234567\",7", "+CREG: 2", "+CREG: 1,\"1A2B\",\"01234567\",7,0,11,,\"00100100\",\"01100111\""),
            new Subject("PacketDomainCommands.TryParseContext", (AtReader r, out bool ok) => (ok = PacketDomainCommands.TryParseContext(r, out int c, out string t, out string a)) ? c + t + a : null, "+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0", "+CGDCONT: 2,\"IPV4V6\","),
            new Subject("PacketDomainCommands.TryParseAttach", (AtReader r, out bool ok) => (ok = PacketDomainCommands.TryParseAttach(r, out bool a)) ? a.ToString() : null, "+CGATT: 1", "+CGATT: 0"),
            new Subject("PacketDomainCommands.TryParseActivation", (AtReader r, out bool ok) => (ok = PacketDomainCommands.TryParseActivation(r, out int c, out bool a)) ? c + "," + a : null, "+CGACT: 1,1", "+CGACT: 255,0"),
            new Subject("MobileTerminationCommands.TryParseFunctionality", (AtReader r, out bool ok) => (ok = MobileTerminationCommands.TryParseFunctionality(r, out int f)) ? f.ToString() : null, "+CFUN: 1", "+CFUN: 0,0"),
            new Subject("MobileTerminationCommands.TryParsePinStatus", (AtReader r, out bool ok) => (ok = MobileTerminationCommands.TryParsePinStatus(r, out PinStatus s)) ? s.ToString() : null, "+CPIN: READY", "+CPIN: SIM PIN", "+CPIN: PH-SIM PIN"),
            new Subject("MobileTerminationCommands.TryParseSignalQuality", (AtReader r, out bool ok) => (ok = MobileTerminationCommands.TryParseSignalQuality(r, out int a, out int b)) ? a + "," + b : null, "+CSQ: 24,0", "+CSQ: 99,99"),
            new Subject("MobileTerminationCommands.TryParseGenericSimAccess", (AtReader r, out bool ok) =>
            {
                byte[] response = new byte[64];
                ok = MobileTerminationCommands.TryParseGenericSimAccess(r, response, 3, 40, out int count);
                Assert.True(ok || count == 0);
                return ok ? Convert.ToHexString(response, 3, count) : null;
            }, "+CSIM: 4,\"9000\"", "+CSIM: 8,\"DB086135\""),
            new Subject("MobileTerminationCommands.TryParseRestrictedSimAccess", (AtReader r, out bool ok) =>
            {
                byte[] response = new byte[64];
                ok = MobileTerminationCommands.TryParseRestrictedSimAccess(r, out int a, out int b, response, 0, 32, out int count);
                return ok ? a + "," + b + "," + Convert.ToHexString(response, 0, count) : null;
            }, "+CRSM: 144,0,\"0102\"", "+CRSM: 106,130", "+CRSM: 144,0,"),
            new Subject("HttpCommands.TryParseAction", (AtReader r, out bool ok) => (ok = HttpCommands.TryParseAction(r, out int m, out int s, out int l)) ? m + "," + s + "," + l : null, "+HTTPACTION: 1,200,128", "+HTTPACTION: 0,715,0"),
            new Subject("HttpCommands.TryParseReadLength", (AtReader r, out bool ok) => (ok = HttpCommands.TryParseReadLength(r, out int l)) ? l.ToString() : null, "+HTTPREAD: LEN,128"),
            new Subject("HttpCommands.TryParseReadHeader", (AtReader r, out bool ok) => (ok = HttpCommands.TryParseReadHeader(r, out int l)) ? l.ToString() : null, "+HTTPREAD: 128", "+HTTPREAD: DATA,128", "+HTTPREAD: 0"),
            new Subject("RemoteSimMessage.TryParseSelect", (AtReader r, out bool ok) => (ok = RemoteSimMessage.TryParseSelect(r, out bool v)) ? v.ToString() : null, "AT+M2MSIMSEL=1", "AT+M2MSIMSEL=0"),
            new Subject("RemoteSimMessage.TryParseSelectRead", (AtReader r, out bool ok) => (ok = RemoteSimMessage.TryParseSelectRead(r, out bool v)) ? v.ToString() : null, "+M2MSIMSEL: 1"),
            new Subject("RemoteSimMessage.TryParseRequest", Into(() => new RemoteSimRequest(), Show, RemoteSimMessage.TryParseRequest), "+M2MSIM: 5,\"APDU\",\"00A4040C10A0000000871002FFFFFFFF894D324D01\"", "+M2MSIM: 6,\"INIT\"", "+M2MSIM: 65535,\"RESET\""),
            new Subject("RemoteSimMessage.TryParseRequestId", (AtReader r, out bool ok) => (ok = RemoteSimMessage.TryParseRequestId(r, out int id)) ? id.ToString() : null, "+M2MSIM: 5,\"APDU\",\"00B0000000\""),
            new Subject("RemoteSimMessage.TryParseResponse", Into(() => new RemoteSimResponse(), Show, RemoteSimMessage.TryParseResponse), "AT+M2MSIM=5,0,\"9000\"", "AT+M2MSIM=6,1", "AT+M2MSIM=7,0,\"3B9A96801FC78031E073FE211B63F100000000000000000000BB\""),
        };

        private const string LineAlphabet = "+,\" 0123456789ABCDEFabcdef:()=?;.-_ ,,\"\"CEREG:COPS:M2MSIM";

        private static Gen<string> RandomLine() =>
            Gen.Select(Gen.Int[0, LineAlphabet.Length - 1], Gen.Int[0, 127], Gen.Int[0, 15])
                .Select((index, any, pick) => pick == 0 ? (char)any : LineAlphabet[index])
                .Array[0, 90]
                .Select(chars => new string(chars));

        /// <summary>Random lines, mutated golden lines of any parser, and golden prefixes with random tails.</summary>
        private static Gen<string> Lines()
        {
            var golden = new List<string>();
            foreach (Subject subject in Subjects)
            {
                golden.AddRange(subject.Golden);
            }

            string[] all = golden.ToArray();
            Gen<string> prefixed = Gen.Select(Gen.Int[0, all.Length - 1], Gen.Int[0, 1000], RandomLine())
                .Select((index, cut, tail) => all[index].Substring(0, cut % (all[index].Length + 1)) + tail);
            return Gen.OneOf(RandomLine(), Fuzz.TextMutationsOf(all, 4), prefixed);
        }

        [Fact]
        public void TryParse_EveryAtParser_FailsCleanlyWithoutMoving()
        {
            int total = 0;
            foreach (Subject subject in Subjects)
            {
                ulong seed = 0xA7000000UL + (ulong)Array.IndexOf(Subjects, subject);
                int accepted = 0;
                total += Fuzz.Run(
                    output,
                    subject.Name,
                    Gen.Select(Lines(), Gen.Int[0, 7], Gen.Bool),
                    2000,
                    seed,
                    input =>
                    {
                        (string line, int offset, bool golden) = input;
                        if (golden)
                        {
                            // Half of the cases mutate this parser's own valid lines.
                            line = subject.Golden[line.Length % subject.Golden.Length] + (line.Length % 3 == 0 ? string.Empty : line.Substring(0, line.Length % 5));
                        }

                        byte[] text = Encoding.Latin1.GetBytes(line);
                        byte[] buffer = new byte[offset + text.Length + 4];
                        Array.Fill(buffer, (byte)',');
                        Array.Copy(text, 0, buffer, offset, text.Length);
                        var reader = new AtReader();
                        reader.Reset(buffer, offset, text.Length);
                        string first = subject.Parse(reader, out bool ok);
                        if (ok)
                        {
                            accepted++;
                            Assert.InRange(reader.Position, offset, offset + text.Length);
                        }
                        else
                        {
                            Assert.Equal(offset, reader.Position);
                            Assert.NotEqual(AtParseResult.Ok, reader.Error);
                            Assert.True(Enum.IsDefined(reader.Error), "undefined reason " + (int)reader.Error);
                        }

                        reader.Reset(buffer, offset, text.Length);
                        string second = subject.Parse(reader, out bool again);
                        Assert.Equal(ok, again);
                        Assert.Equal(first, second);
                    });
                output.WriteLine($"  ({accepted} of them accepted)");
            }

            output.WriteLine($"all AtReader parsers: {total} cases");
        }

        [Fact]
        public void TryParse_GoldenLines_AreAccepted()
        {
            // The fuzz above only means something if its golden lines are valid to begin with.
            foreach (Subject subject in Subjects)
            {
                foreach (string line in subject.Golden)
                {
                    byte[] bytes = Encoding.ASCII.GetBytes(line);
                    var reader = new AtReader();
                    reader.Reset(bytes, 0, bytes.Length);
                    subject.Parse(reader, out bool ok);
                    Assert.True(ok, subject.Name + " refused its golden line " + line + ": " + reader.Error);
                }
            }
        }

        [Fact]
        public void AtFinalResult_RandomAndMutatedLines_DefinedCodeOrNone()
        {
            string[] finals = { "OK", "ERROR", "+CME ERROR: 10", "+CME ERROR: SIM not inserted", "+CMS ERROR: 500", "CONNECT 115200", "CONNECT", "NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE" };
            Fuzz.Run(
                output,
                "AtFinalResult.TryParse",
                Gen.Select(Gen.OneOf(RandomLine(), Fuzz.TextMutationsOf(finals, 3)), Gen.Int[0, 5]),
                5000,
                0xA7F10A1UL,
                input =>
                {
                    (string line, int offset) = input;
                    byte[] text = Encoding.Latin1.GetBytes(line);
                    byte[] buffer = new byte[offset + text.Length + 2];
                    Array.Copy(text, 0, buffer, offset, text.Length);
                    bool final = AtFinalResult.TryParse(buffer, offset, text.Length, out AtResultCode code, out int number);
                    Assert.True(Enum.IsDefined(code));
                    Assert.Equal(final, code != AtResultCode.None);
                    if (code != AtResultCode.CmeError && code != AtResultCode.CmsError)
                    {
                        Assert.Equal(AtFinalResult.NoErrorNumber, number);
                    }
                });
        }
    }
}
