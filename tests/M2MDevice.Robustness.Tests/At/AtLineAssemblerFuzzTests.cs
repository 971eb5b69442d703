using System;
using System.Collections.Generic;
using System.Text;
using CsCheck;
using M2MDevice.At;
using Xunit.Abstractions;

namespace M2MDevice.Robustness.Tests.At
{
    /// <summary>
    /// shared/At/AtLineAssembler in both directions (DTE with prompt detection, DCE without): random byte soup and
    /// mutated transcripts fed whole, byte by byte and in random chunks (at random offsets of a larger buffer) give
    /// the same tokens; Advance always consumes 1..count bytes, never throws, and no line exceeds the limit.
    /// A line "DATA n" starts a data phase of n bytes and an Echo re-arms the echo (test conventions, so the
    /// token-driven calls are the same whatever the split).
    /// </summary>
    public class AtLineAssemblerFuzzTests
    {
        private const int MaxLine = 40;

        private static readonly string[] Transcripts =
        {
            "\r\nOK\r\n\r\n+CSQ: 24,0\r\n\r\nOK\r\n",
            "AT+CSQ\r\r\n+CSQ: 99,99\r\n\r\nERROR\r\n",
            "\r\n> \r\n+CME ERROR: 10\r\n",
            "\r\nDATA 5\r\n\nHELLO\r\nOK\r\n",
            "AT+HTTPDATA=4,10\rDATA 4\r\nBODY\r\r\nOK\r\n",
            "\r\n+CEREG: 2,1,\"1A2B\",\"01234567\",7\r\n\r\n+M2MSIM: 7,\"APDU\",\"00A4040C\"\r\n",
            "\r\n" + new string('X', MaxLine + 5) + "\r\nOK\r\n",
            "AT+CSQ\rAT+CSQ\r\r\n>>\r\n",
        };

        private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("\r\n\r\n>   AT+CSQ,\":0123456789OKERRDATA 5\n\r");

        private readonly ITestOutputHelper output;

        public AtLineAssemblerFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private static Gen<byte[]> Input()
        {
            Gen<byte[]> soup = Gen.Select(Gen.Int[0, Alphabet.Length - 1], Gen.Byte, Gen.Int[0, 9])
                .Select((index, any, pick) => pick == 0 ? any : Alphabet[index]).Array[0, 200];
            byte[][] transcripts = Array.ConvertAll(Transcripts, Encoding.ASCII.GetBytes);
            Gen<byte[]> mutated = Fuzz.MutationsOf(transcripts, 6).Select(m => m.Bytes);
            Gen<byte[]> concatenated = Gen.Int[0, transcripts.Length - 1].Array[1, 4].Select(indexes =>
            {
                var bytes = new List<byte>();
                foreach (int i in indexes)
                {
                    bytes.AddRange(transcripts[i]);
                }

                return bytes.ToArray();
            });
            return Gen.OneOf(soup, mutated, concatenated);
        }

        [Theory]
        [InlineData(true, 0x1A55E401UL)]
        [InlineData(false, 0x1A55E402UL)]
        public void Advance_WholeByteByByteAndRandomChunks_SameTokens(bool detectPrompt, ulong seed)
        {
            Fuzz.Run(
                output,
                "AtLineAssembler (" + (detectPrompt ? "DTE" : "DCE") + ")",
                Gen.Select(Input(), Fuzz.Chunks(17), Gen.Int[0, 9]),
                4000,
                seed,
                input =>
                {
                    (byte[] bytes, int[] chunks, int offset) = input;
                    List<string> whole = Feed(bytes, new[] { Math.Max(1, bytes.Length) }, offset, detectPrompt);
                    List<string> single = Feed(bytes, new[] { 1 }, 0, detectPrompt);
                    List<string> pieces = Feed(bytes, chunks, offset, detectPrompt);
                    Assert.Equal(whole, single);
                    Assert.Equal(whole, pieces);
                });
        }

        /// <summary>Feeds bytes in pieces (each copied at offset of a larger buffer) and returns the normalized tokens.</summary>
        private static List<string> Feed(byte[] bytes, int[] sizes, int offset, bool detectPrompt)
        {
            var assembler = new AtLineAssembler(MaxLine, detectPrompt);
            byte[] echo = Encoding.ASCII.GetBytes("AT+CSQ");
            assembler.ExpectEcho(echo, 0, echo.Length);
            var tokens = new List<string>();
            var data = new StringBuilder();
            foreach ((int start, int count) in Fuzz.Split(bytes.Length, sizes))
            {
                byte[] buffer = new byte[offset + count + 3];
                Array.Fill(buffer, (byte)'#');
                Array.Copy(bytes, start, buffer, offset, count);
                int position = offset;
                int end = offset + count;
                while (position < end)
                {
                    int used = assembler.Advance(buffer, position, end - position);
                    Assert.InRange(used, 1, end - position);
                    Assert.InRange(assembler.LineLength, 0, MaxLine);
                    AtTokenKind token = assembler.Token;
                    Assert.True(Enum.IsDefined(token));
                    if (token != AtTokenKind.Data && data.Length > 0)
                    {
                        if (token != AtTokenKind.None)
                        {
                            tokens.Add("D:" + data);
                            data.Clear();
                        }
                    }

                    switch (token)
                    {
                        case AtTokenKind.None:
                            Assert.Equal(end - position, used);
                            break;
                        case AtTokenKind.Line:
                        case AtTokenKind.Echo:
                            string line = AtAscii.GetString(assembler.LineBuffer, 0, assembler.LineLength);
                            tokens.Add((token == AtTokenKind.Line ? "L:" : "E:") + line);
                            if (token == AtTokenKind.Echo)
                            {
                                assembler.ExpectEcho(echo, 0, echo.Length);
                            }

                            if (line.StartsWith("DATA ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(5), out int length) && length > 0 && length < 100)
                            {
                                assembler.BeginData(length, detectPrompt);
                            }

                            break;
                        case AtTokenKind.Data:
                            Assert.InRange(assembler.DataOffset, position, position + used - 1);
                            Assert.InRange(assembler.DataCount, 1, used);
                            data.Append(Convert.ToHexString(buffer, assembler.DataOffset, assembler.DataCount));
                            break;
                        default:
                            tokens.Add(token.ToString());
                            break;
                    }

                    position += used;
                }
            }

            if (data.Length > 0)
            {
                tokens.Add("D:" + data);
            }

            tokens.Add("left:" + assembler.DataRemaining + ":" + assembler.OverflowCount);
            return tokens;
        }
    }
}
