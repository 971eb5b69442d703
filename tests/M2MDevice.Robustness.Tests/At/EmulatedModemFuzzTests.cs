using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using CsCheck;
using M2MDevice.Aka;
using M2MDevice.At;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;

namespace M2MDevice.Robustness.Tests.At
{
    /// <summary>
    /// The emulated modem's command interpreter (emulator/M2MDevice.Emulator/Modem) fed random, valid and mutated
    /// command lines over its pipe, one modem for the whole run: every "AT" line gets exactly one final result
    /// (OK, ERROR, +CME ERROR), a line without the prefix gets none (V.250 5.2.1), an overlong line gets one ERROR,
    /// the modem keeps answering (a sync "AT+CGSN" after every case) and nothing waits longer than a bounded timeout.
    /// Data phases (AT+HTTPDATA, AT+CCERTDOWN) get their announced bytes. Lines that would change the framing or
    /// silence the modem (S3/S4, Q1, V0, E1, Z, &amp;F) are replaced by "AT": they are valid and the harness would
    /// stop understanding the answers, not the modem.
    /// </summary>
    public class EmulatedModemFuzzTests
    {
        private const string Imei = "354000000000017";
        private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(15);

        private static readonly string[] Golden =
        {
            "AT", "ATI", "AT+CMEE=2", "AT+CMEE=1", "AT+CMEE=0", "AT+CGMI", "AT+CGMM", "AT+CGMR", "AT+CIMI", "AT+CEER", "AT+CPIN?",
            "AT+CFUN?", "AT+CFUN=1", "AT+CFUN=0", "AT+CFUN=?", "AT+CSIM=14,\"00A4000C023F00\"", "AT+CSIM=10,\"00B0000009\"",
            "AT+CRSM=176,28423,0,0,9", "AT+CRSM=242,0,0,0,0", "AT+M2MSIMSEL?", "AT+M2MSIMSEL=0", "AT+M2MSIMSEL=1", "AT+M2MSIM=1,0,\"9000\"",
            "AT+COPS?", "AT+COPS=?", "AT+COPS=0", "AT+COPS=1,2,\"00101\",7", "AT+COPS=3,2", "AT+COPS=2", "AT+CREG=2", "AT+CREG?",
            "AT+CGREG=3", "AT+CGREG?", "AT+CEREG=3", "AT+CEREG?", "AT+CSQ", "AT+CGDCONT=1,\"IP\",\"internet\"", "AT+CGDCONT?",
            "AT+CGATT=1", "AT+CGATT?", "AT+CGACT=1,1", "AT+CGACT?", "AT+CCERTDOWN=\"ca.pem\",10", "AT+CCERTLIST", "AT+CCERTDELE=\"ca.pem\"",
            "AT+CSSLCFG=\"sslversion\",0,4", "AT+CSSLCFG=\"authmode\",0,1", "AT+CSSLCFG=\"cacert\",0,\"ca.pem\"", "AT+HTTPINIT",
            "AT+HTTPPARA=\"URL\",\"https://127.0.0.1:1/x\"", "AT+HTTPPARA=\"SSLCFG\",0", "AT+HTTPPARA=\"CONTENT\",\"application/octet-stream\"",
            "AT+HTTPDATA=5,10", "AT+HTTPACTION=1", "AT+HTTPREAD?", "AT+HTTPREAD=0,10", "AT+HTTPTERM", "AT+CSQ;+CREG?;+CGATT?",
            "ATX1L0M0H0", "AT&C1&D2&K0", "ATS5?", "ATS3?", "ATE0", "AT+CMEE?", "at+csq", "  AT+CPIN?",
        };

        private const string Alphabet = "AT+=?,\"0123456789;:CSQREGMOPIHTF &x()_.-";

        private readonly ITestOutputHelper output;

        public EmulatedModemFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        /// <summary>
        /// False when the line (run like the modem does, V.250 5.2-5.3) holds a basic command that changes framing
        /// or result codes: S-parameter writes, Q, V, Z, E other than E0, &amp;F.
        /// </summary>
        public static bool IsFramingSafe(string line)
        {
            string text = line.ToUpperInvariant();
            int p = 0;
            while (p < text.Length && text[p] == ' ')
            {
                p++;
            }

            if (text.Length - p < 2 || text[p] != 'A' || text[p + 1] != 'T')
            {
                return true;
            }

            p += 2;
            while (p < text.Length)
            {
                char c = text[p];
                if (c == ' ' || c == ';')
                {
                    p++;
                    continue;
                }

                if (c == '+' || c == '%' || c == '^' || c == '$')
                {
                    bool quoted = false;
                    while (p < text.Length && (quoted || text[p] != ';'))
                    {
                        quoted ^= text[p] == '"';
                        p++;
                    }

                    continue;
                }

                p++;
                if (c == 'S' || c == 'Q' || c == 'V' || c == 'Z')
                {
                    // S reads are harmless but S3=/S4= are not; refuse every S to keep this simple.
                    return false;
                }

                if (c == '&')
                {
                    if (p < text.Length && text[p] == 'F')
                    {
                        return false;
                    }

                    p++;
                }

                if (c == 'E')
                {
                    int digits = p;
                    while (p < text.Length && char.IsAsciiDigit(text[p]))
                    {
                        p++;
                    }

                    if (digits == p || int.Parse(text.AsSpan(digits, Math.Min(p - digits, 6)), System.Globalization.CultureInfo.InvariantCulture) != 0)
                    {
                        return false; // E alone is E0, but keep only explicit E0 (and E00...)
                    }

                    continue;
                }

                while (p < text.Length && char.IsAsciiDigit(text[p]))
                {
                    p++;
                }
            }

            return true;
        }

        private static Gen<string> Lines()
        {
            Gen<string> random = Gen.Int[0, Alphabet.Length - 1].Array[0, 40].Select(indexes =>
            {
                var chars = new char[indexes.Length];
                for (int i = 0; i < chars.Length; i++)
                {
                    chars[i] = Alphabet[indexes[i]];
                }

                return new string(chars);
            });
            Gen<string> prefixed = random.Select(tail => "AT" + tail);
            Gen<string> printable = Gen.Int[0x20, 0x7E].Array[0, 60].Select(codes => new string(Array.ConvertAll(codes, c => (char)c)));
            Gen<string> golden = Gen.Int[0, Golden.Length - 1].Select(i => Golden[i]);
            Gen<string> combined = Gen.Int[0, Golden.Length - 1].Array[2, 3].Select(indexes =>
            {
                var text = new StringBuilder("AT");
                foreach (int i in indexes)
                {
                    text.Append(Golden[i].TrimStart().Substring(2)).Append(';');
                }

                return text.ToString();
            });
            Gen<string> mutated = Fuzz.TextMutationsOf(Golden, 3);
            Gen<string> overlong = Gen.Int[4097, 4400].Select(n => "AT+CSQ" + new string('9', n));
            return Gen.Frequency((2, golden), (5, mutated), (2, prefixed), (1, printable), (1, combined), (1, random), (1, Gen.OneOf(overlong, Gen.Const("AT+CGDCONT=1,\"IP\",\"" + new string('a', 300) + "\""))))
                .Select(line => line.Replace('\r', ' ').Replace('\n', ' '))
                .Select(line => IsFramingSafe(line) ? line : "AT");
        }

        [Fact]
        public async Task CommandLines_RandomAndMutated_OneFinalResultPerAtLineNeverHangs()
        {
            await using var harness = await ModemHarness.StartAsync();
            var tally = new Fuzz.Tally();
            await Fuzz.RunAsync(output, "EmulatedModem command interpreter", Lines(), 5000, 0xE30DE3UL, line => harness.CheckAsync(line, tally));
            output.WriteLine(tally.ToString());
        }

        [Fact]
        public async Task DefineContext_ApnThatCannotBeQuoted_RefusedAndTheModemKeepsAnswering()
        {
            // Regression (found by the fuzz above): an APN with a control or non-ASCII character was stored, and the
            // read form then threw in AtWriter.AppendQuoted, killing the modem's command loop.
            await using var harness = await ModemHarness.StartAsync();
            var tally = new Fuzz.Tally();
            Assert.Equal("OK", await harness.CheckAsync("AT+CMEE=1", tally));
            Assert.StartsWith("+CME ERROR", await harness.CheckAsync("AT+CGDCONT=1,\"IP\",\"a\u0001b\"", tally));
            Assert.StartsWith("+CME ERROR", await harness.CheckAsync("AT+CGDCONT=2,\"IP\",\"caf\u00e9\"", tally));
            Assert.Equal("OK", await harness.CheckAsync("AT+CGDCONT=3,\"IP\",\"internet\"", tally));
            Assert.Equal("OK", await harness.CheckAsync("AT+CGDCONT?", tally));
        }

        /// <summary>One emulated modem on an in-process pipe and a DTE reading its tokens.</summary>
        private sealed class ModemHarness : IAsyncDisposable
        {
            private readonly DuplexPipe pipe = new DuplexPipe();
            private readonly CancellationTokenSource stop = new CancellationTokenSource();
            private readonly Channel<string> tokens = Channel.CreateUnbounded<string>();
            private readonly List<string> recent = new List<string>();
            private EmulatedModem modem;
            private Task running;
            private Task pump;
            private bool crashed;

            public static async Task<ModemHarness> StartAsync()
            {
                var harness = new ModemHarness();
                var efImsi = new byte[UsimEncoding.ImsiFileLength];
                UsimEncoding.EncodeImsi("001010000000042", efImsi, 0);
                var iccid = new byte[UsimEncoding.IccidFileLength];
                UsimEncoding.EncodeIccid("8900100000000000042", iccid, 0);
                var image = new ManufactureImage
                {
                    DeviceId = "dev-fuzz",
                    RsAddress = "https://127.0.0.1:1/",
                    RsTrustAnchor = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 },
                    AllowedNetworks = Convert.FromHexString("00f110"),
                    Preliminary = new UsimProfile
                    {
                        EfImsi = efImsi,
                        EfIccid = iccid,
                        MncLength = 2,
                        Algorithm = AkaAlgorithmKind.Milenage,
                        K = Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc"),
                        Opc = Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf"),
                    },
                };
                var keys = new FixedKeyProvider(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"), Convert.FromHexString("f0e1d2c3b4a5968778695a4b3c2d1e0f"));
                var card = InsertedSimCard.FromManufactureImage(image, keys);
                var core = new VisitedOperator("Reject One", new[] { SubscriberRule.Reject("0", "9", NasCause.PlmnNotAllowed) }, NasCause.PlmnNotAllowed, null);
                var radio = new RadioEnvironment(new[] { new CellOperator("00101", "Reject One", "REJ1", 7, 20, 0, 0x1A2B, 0x0123456, core) });
                var options = new ModemOptions { InitialFunctionality = 1, RemoteSimTimeout = TimeSpan.FromMilliseconds(200), Imei = Imei };
                harness.modem = new EmulatedModem(options, radio, card);
                harness.running = harness.modem.RunAsync(harness.pipe.ModemEnd, harness.stop.Token);
                harness.pump = Task.Run(harness.PumpAsync);
                await harness.CheckAsync("ATE0", new Fuzz.Tally());
                return harness;
            }

            public async Task<string> CheckAsync(string line, Fuzz.Tally tally)
            {
                using var timeout = new CancellationTokenSource(CaseTimeout);
                lock (recent)
                {
                    recent.Clear();
                }

                string trimmed = line.TrimStart(' ');
                bool overlong = line.Length > 4096;
                bool command = overlong || (trimmed.Length >= 2 && char.ToUpperInvariant(trimmed[0]) == 'A' && char.ToUpperInvariant(trimmed[1]) == 'T');
                await SendAsync(Encoding.Latin1.GetBytes(line + "\r"), timeout.Token);
                string final = "(no answer)";
                if (command)
                {
                    final = await NextFinalAsync(line, timeout.Token);
                }

                tally.Add(final.StartsWith("+CME ERROR", StringComparison.Ordinal) ? "+CME ERROR" : final);

                // Sync: the modem still answers, and the case produced no further final result.
                await SendAsync(Encoding.ASCII.GetBytes("AT+CGSN\r"), timeout.Token);
                while (true)
                {
                    string token = await NextAsync(timeout.Token);
                    Assert.False(IsFinal(token), "an extra final result for the line: " + token + Transcript());
                    Assert.False(token == ">" || token == HttpCommands.DownloadPrompt, "an unexpected prompt" + Transcript());
                    if (token == Imei)
                    {
                        break;
                    }
                }

                Assert.Equal("OK", await NextFinalAsync("AT+CGSN", timeout.Token));
                return final;
            }

            /// <summary>Waits for the final result of line, feeding a data phase the bytes the line announced.</summary>
            private async Task<string> NextFinalAsync(string line, CancellationToken token)
            {
                while (true)
                {
                    string next = await NextAsync(token);
                    if (IsFinal(next))
                    {
                        return next;
                    }

                    if (next == ">" || next == HttpCommands.DownloadPrompt)
                    {
                        Match length = Regex.Match(line, next == ">" ? "CCERTDOWN=[^,]*,\\s*0*([0-9]{1,6})" : "HTTPDATA=\\s*0*([0-9]{1,6})", RegexOptions.IgnoreCase);
                        Assert.True(length.Success, "a prompt for a line that announced no length" + Transcript());
                        await SendAsync(Encoding.ASCII.GetBytes(new string('x', int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))), token);
                    }
                }
            }

            private static bool IsFinal(string token)
            {
                byte[] bytes = Encoding.Latin1.GetBytes(token);
                return AtFinalResult.TryParse(bytes, 0, bytes.Length, out _, out _);
            }

            private async Task SendAsync(byte[] bytes, CancellationToken token)
            {
                await pipe.DeviceEnd.WriteAsync(bytes, token);
                await pipe.DeviceEnd.FlushAsync(token);
            }

            private async Task<string> NextAsync(CancellationToken token)
            {
                try
                {
                    return await tokens.Reader.ReadAsync(token);
                }
                catch (OperationCanceledException)
                {
                    ThrowIfCrashed();
                    throw new TimeoutException("the modem did not answer within " + CaseTimeout + Transcript());
                }
                catch (ChannelClosedException)
                {
                    ThrowIfCrashed();
                    throw new EndOfStreamException("the modem hung up" + Transcript());
                }
            }

            /// <summary>A modem whose command loop died is the finding: report it with the case, not at dispose.</summary>
            private void ThrowIfCrashed()
            {
                if (running.IsFaulted)
                {
                    crashed = true;
                    throw new InvalidOperationException("the modem's command loop crashed" + Transcript(), running.Exception.GetBaseException());
                }
            }

            private string Transcript()
            {
                lock (recent)
                {
                    return "; transcript: " + string.Join(" | ", recent);
                }
            }

            private async Task PumpAsync()
            {
                var assembler = new AtLineAssembler(8192, true);
                byte[] buffer = new byte[4096];
                try
                {
                    while (true)
                    {
                        int read = await pipe.DeviceEnd.ReadAsync(buffer, stop.Token);
                        if (read == 0)
                        {
                            break;
                        }

                        int offset = 0;
                        while (offset < read)
                        {
                            int used = assembler.Advance(buffer, offset, read - offset);
                            string token = null;
                            switch (assembler.Token)
                            {
                                case AtTokenKind.Line:
                                    token = AtAscii.GetString(assembler.LineBuffer, 0, assembler.LineLength);
                                    var reader = new AtReader();
                                    reader.Reset(assembler.LineBuffer, 0, assembler.LineLength);
                                    if (HttpCommands.TryParseReadHeader(reader, out int length) && length > 0)
                                    {
                                        assembler.BeginData(length, true);
                                    }

                                    break;
                                case AtTokenKind.Prompt:
                                    token = ">";
                                    break;
                                case AtTokenKind.Overflow:
                                    token = "(overflow)";
                                    break;
                            }

                            if (token != null)
                            {
                                lock (recent)
                                {
                                    recent.Add(token.Length > 80 ? token.Substring(0, 80) + "..." : token);
                                }

                                tokens.Writer.TryWrite(token);
                            }

                            offset += used;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // stopped
                }
                catch (IOException)
                {
                    // the pipe closed
                }
                finally
                {
                    tokens.Writer.TryComplete();
                }
            }

            public async ValueTask DisposeAsync()
            {
                stop.Cancel();
                pipe.Dispose();
                try
                {
                    await running;
                }
                catch (OperationCanceledException)
                {
                    // stopped
                }
                catch (Exception) when (crashed)
                {
                    // already reported by the failing case
                }

                try
                {
                    await pump;
                }
                catch (OperationCanceledException)
                {
                    // stopped
                }

                await modem.DisposeAsync();
            }
        }
    }
}
