using System;
using System.Collections.Generic;
using CsCheck;
using M2MDevice.At;
using static M2MDevice.Shared.Tests.At.AtTestText;

namespace M2MDevice.Shared.Tests.At
{
    public class AtLineAssemblerTests
    {
        private const string MixedStream =
            "AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n" + // echo, response, final
            "\r\n+CREG: 5\r\n" + // URC
            "\r\n> " + "\r\nOK\r\n" + // prompt then final
            "\r\n+DATA: 10\r\nAB\r\nOK\r\nXY\r\n+HTTPREAD: 0\r\n" + // binary with CR LF and OK inside
            "\n\n\r\rBARE LF\nCR ONLY\r" + // blank lines and single terminators
            "\r\n+CEREG: 1,\"00C3\",\"0001A2B3\",7\r\n";

        private static readonly string[] MixedTokens = new[]
        {
            "Echo:AT+CSQ", "Line:+CSQ: 20,99", "Line:OK", "Line:+CREG: 5", "Prompt", "Line:OK", "Line:+DATA: 10",
            "Data:41420D0A4F4B0D0A5859", "Line:+HTTPREAD: 0", "Line:BARE LF", "Line:CR ONLY",
            "Line:+CEREG: 1,\"00C3\",\"0001A2B3\",7",
        };

        [Fact]
        public void Advance_MixedStreamWhole_YieldsExpectedTokens()
        {
            byte[] input = Bytes(MixedStream);
            Assert.Equal(MixedTokens, Tokens(input, new[] { input.Length }, echo: "AT+CSQ"));
        }

        [Fact]
        public void Advance_MixedStreamByteByByte_SameTokensAsWhole()
        {
            Assert.Equal(MixedTokens, Tokens(Bytes(MixedStream), new[] { 1 }, echo: "AT+CSQ"));
        }

        [Fact]
        public void Advance_MixedStreamSeededRandomChunks_SameTokensAsWhole()
        {
            byte[] input = Bytes(MixedStream);
            var random = new Random(20261127);
            for (int round = 0; round < 500; round++)
            {
                int[] sizes = new int[16];
                for (int i = 0; i < sizes.Length; i++)
                {
                    sizes[i] = random.Next(1, 8);
                }

                Assert.Equal(MixedTokens, Tokens(input, sizes, echo: "AT+CSQ"));
            }
        }

        [Fact]
        public void Advance_EchoNotArmed_EchoIsAnOrdinaryLine()
        {
            List<string> tokens = Tokens(Bytes("AT+CSQ\r\r\nOK\r\n"), new[] { 100 });
            Assert.Equal(new[] { "Line:AT+CSQ", "Line:OK" }, tokens);
        }

        [Fact]
        public void Advance_EchoArmed_OnlyFirstMatchIsEcho()
        {
            List<string> tokens = Tokens(Bytes("ATE0\rATE0\r\nOK\r\n"), new[] { 3 }, echo: "ATE0");
            Assert.Equal(new[] { "Echo:ATE0", "Line:ATE0", "Line:OK" }, tokens);
        }

        [Fact]
        public void Advance_LineLongerThanLimit_OneOverflowThenNextLineIntact()
        {
            string longLine = new string('A', 70);
            List<string> whole = Tokens(Bytes("\r\n" + longLine + "\r\nOK\r\n"), new[] { 200 }, maxLine: 64);
            Assert.Equal(new[] { "Overflow", "Line:OK" }, whole);
            Assert.Equal(whole, Tokens(Bytes("\r\n" + longLine + "\r\nOK\r\n"), new[] { 1 }, maxLine: 64));
        }

        [Fact]
        public void Advance_LineExactlyAtLimit_IsALine()
        {
            string line = new string('B', 64);
            Assert.Equal(new[] { "Line:" + line }, Tokens(Bytes(line + "\r\n"), new[] { 5 }, maxLine: 64));
        }

        [Fact]
        public void Advance_PromptDetectionOff_GreaterThanIsText()
        {
            Assert.Equal(new[] { "Line:> x" }, Tokens(Bytes("\r\n> x\r\n"), new[] { 2 }, prompt: false));
        }

        [Fact]
        public void Advance_PromptWithoutSpace_SpaceNotRequired()
        {
            Assert.Equal(new[] { "Prompt", "Line:OK" }, Tokens(Bytes("\r\n>OK\r\n"), new[] { 1 }));
        }

        [Fact]
        public void BeginData_DceSideWithoutSkip_LeadingLineFeedIsPayload()
        {
            var assembler = new AtLineAssembler(64, false);
            byte[] command = Bytes("AT+HTTPDATA=2,10\r");
            Assert.Equal(command.Length, assembler.Advance(command, 0, command.Length));
            Assert.Equal(AtTokenKind.Line, assembler.Token);
            assembler.BeginData(2, false);
            byte[] payload = new byte[] { 0x0A, 0x41 };
            Assert.Equal(2, assembler.Advance(payload, 0, 2));
            Assert.Equal(AtTokenKind.Data, assembler.Token);
            Assert.Equal(2, assembler.DataCount);
            Assert.False(assembler.InData);
        }

        [Fact]
        public void BeginData_MidLine_Throws()
        {
            var assembler = new AtLineAssembler(64, true);
            byte[] partial = Bytes("+HTTP");
            assembler.Advance(partial, 0, partial.Length);
            Assert.Throws<InvalidOperationException>(() => assembler.BeginData(3, true));
        }

        [Fact]
        public void Constructor_ZeroLength_Throws()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new AtLineAssembler(0, true));
        }

        [Fact]
        public void Advance_CustomS3S4_UsesThem()
        {
            var assembler = new AtLineAssembler(16, false) { LineTerminator = (byte)'#', ResponseFormatting = (byte)'%' };
            byte[] input = Bytes("AB#%CD%");
            int used = assembler.Advance(input, 0, input.Length);
            Assert.Equal(AtTokenKind.Line, assembler.Token);
            Assert.Equal("AB", Text(assembler.LineBuffer, 0, assembler.LineLength));
            used += assembler.Advance(input, used, input.Length - used);
            Assert.Equal("CD", Text(assembler.LineBuffer, 0, assembler.LineLength));
            Assert.Equal(input.Length, used);
        }

        [Fact]
        public void Advance_RandomBytes_NeverThrowsAndMatchesByteByByte()
        {
            Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[1, 9].Array[1, 8]).Sample((input, sizes) =>
            {
                List<string> whole = Tokens(input, new[] { Math.Max(1, input.Length) }, maxLine: 32);
                Assert.Equal(whole, Tokens(input, new[] { 1 }, maxLine: 32));
                Assert.Equal(whole, Tokens(input, sizes, maxLine: 32));
            }, iter: 3000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Advance_RandomAtAlphabet_LinesNeverExceedLimit()
        {
            Gen<byte> alphabet = Gen.OneOfConst((byte)'\r', (byte)'\n', (byte)'>', (byte)' ', (byte)'O', (byte)'K', (byte)'+', (byte)'9');
            Gen.Select(alphabet.Array[0, 200], Gen.Int[1, 5].Array[1, 6]).Sample((input, sizes) =>
            {
                List<string> whole = Tokens(input, new[] { Math.Max(1, input.Length) }, maxLine: 8);
                foreach (string token in whole)
                {
                    Assert.True(token.Length <= "Line:".Length + 8);
                }

                Assert.Equal(whole, Tokens(input, sizes, maxLine: 8));
            }, iter: 3000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Advance_SteadyState_AllocatesNothing()
        {
            var assembler = new AtLineAssembler(64, true);
            byte[] input = Bytes("\r\n+CSQ: 20,99\r\n\r\nOK\r\n\r\n> ");
            assembler.Advance(input, 0, input.Length);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int round = 0; round < 1000; round++)
            {
                int offset = 0;
                while (offset < input.Length)
                {
                    offset += assembler.Advance(input, offset, input.Length - offset);
                }
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
