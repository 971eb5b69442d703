using System;
using System.Collections.Generic;
using M2MDevice.At;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.Modem;
using static M2MDevice.Firmware.Tests.Modem.ScriptedModem;

namespace M2MDevice.Firmware.Tests.Modem
{
    public class AtChannelTests
    {
        private delegate void Scenario(ChannelHarness harness);

        /// <summary>
        /// Runs a scenario whole, byte by byte and in 25 seeded random chunkings; asserts identical logs, a
        /// finished script without deviations, and returns the log.
        /// </summary>
        private static List<string> RunAllChunkings(Scenario scenario, bool echo = false)
        {
            List<string> whole = Run(scenario, Chunking.Whole, 0, echo);
            Assert.Equal(whole, Run(scenario, Chunking.ByteByByte, 0, echo));
            for (int seed = 1; seed <= 25; seed++)
            {
                Assert.Equal(whole, Run(scenario, Chunking.Random, seed, echo));
            }

            return whole;
        }

        private static List<string> Run(Scenario scenario, Chunking chunking, int seed, bool echo)
        {
            var harness = new ChannelHarness(chunking, seed);
            harness.Modem.Echo = echo;
            scenario(harness);
            Assert.Empty(harness.Modem.Failures);
            Assert.True(harness.Modem.Finished, "script not finished");
            if (chunking != Chunking.Whole)
            {
                Assert.True(harness.Modem.LargestRead <= 5);
            }

            return harness.Log;
        }

        [Fact]
        public void Send_SimpleQuery_ResponseCollectedAndOk()
        {
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Expect("AT+CSQ", Lines("+CSQ: 20,99", "OK"));
                h.Send("AT+CSQ", "+CSQ:");
                h.Pump();
            });
            Assert.Equal(new[] { "DONE AT+CSQ Ok -1 [+CSQ: 20,99]" }, log);
        }

        [Fact]
        public void Send_EchoOn_EchoSkipped()
        {
            List<string> log = RunAllChunkings(
                h =>
                {
                    h.Modem.Expect("AT+CGMI", Lines("SIMCOM INCORPORATED", "OK"));
                    h.Modem.Expect("ATE0", Lines("OK"));
                    h.Send("AT+CGMI");
                    h.Send("ATE0");
                    h.Pump();
                },
                echo: true);
            Assert.Equal(new[] { "DONE AT+CGMI Ok -1 [SIMCOM INCORPORATED]", "DONE ATE0 Ok -1 []" }, log);
        }

        [Fact]
        public void Send_UrcBetweenResponseLines_UrcDispatchedResponseIntact()
        {
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Expect("AT+CGDCONT?", Lines("+CGDCONT: 1,\"IP\",\"a\"", "+CREG: 5,\"00C3\",\"0001A2B3\",7", "+CGDCONT: 2,\"IP\",\"b\"", "OK"));
                h.Send("AT+CGDCONT?", "+CGDCONT:");
                h.Pump();
            });
            Assert.Equal(new[] { "URC +CREG: 5,\"00C3\",\"0001A2B3\",7", "DONE AT+CGDCONT? Ok -1 [+CGDCONT: 1,\"IP\",\"a\"|+CGDCONT: 2,\"IP\",\"b\"]" }, log);
        }

        [Fact]
        public void Send_BareTextResponseWithPlusUrc_UrcNotCollected()
        {
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Expect("AT+CIMI", Lines("+CEREG: 2", "001010123456789", "OK"));
                h.Send("AT+CIMI");
                h.Pump();
            });
            Assert.Equal(new[] { "URC +CEREG: 2", "DONE AT+CIMI Ok -1 [001010123456789]" }, log);
        }

        [Fact]
        public void Receive_UrcsWhileIdle_AllDispatched()
        {
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Unsolicited(Lines("+CEREG: 3,\"00C3\",\"0001A2B3\",7,0,15", "OK", "RING"));
                h.Pump();
            });
            Assert.Equal(new[] { "URC +CEREG: 3,\"00C3\",\"0001A2B3\",7,0,15", "URC OK", "URC RING" }, log);
        }

        [Theory]
        [InlineData("ERROR", "Error -1")]
        [InlineData("+CME ERROR: 10", "CmeError 10")]
        [InlineData("+CME ERROR: SIM PUK required", "CmeError 12")]
        [InlineData("+CMS ERROR: 304", "CmsError 304")]
        [InlineData("NO CARRIER", "NoCarrier -1")]
        [InlineData("BUSY", "Busy -1")]
        [InlineData("NO ANSWER", "NoAnswer -1")]
        [InlineData("NO DIALTONE", "NoDialtone -1")]
        [InlineData("CONNECT 150000000", "Connect -1")]
        public void Send_FinalResultForms_MappedToResult(string final, string expected)
        {
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Expect("AT+CPIN?", Lines(final));
                h.Send("AT+CPIN?", "+CPIN:");
                h.Pump();
            });
            Assert.Equal(new[] { "DONE AT+CPIN? " + expected + " []" }, log);
        }

        [Fact]
        public void Tick_NoAnswer_TimeoutExactlyAtLimitThenNextCommandRuns()
        {
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Expect("AT+COPS=?"); // silence
                h.Modem.Expect("AT", Lines("OK"));
                h.Send("AT+COPS=?", "+COPS:", timeout: 180000);
                h.Send("AT");
                h.Pump();
                h.Channel.Tick(179999);
                Assert.True(h.Channel.IsBusy);
                h.Channel.Tick(1);
                h.Pump();
            });
            Assert.Equal(new[] { "DONE AT+COPS=? Timeout -1 []", "DONE AT Ok -1 []" }, log);
        }

        [Fact]
        public void Tick_Idle_NothingHappens()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0);
            harness.Channel.Tick(1000000);
            Assert.Empty(harness.Log);
            Assert.Throws<ArgumentOutOfRangeException>(() => harness.Channel.Tick(-1));
        }

        [Fact]
        public void Send_ThreeCommands_OneInFlightFifoOrder()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0, queueCapacity: 2);
            harness.Modem.Expect("AT+CGMI", Lines("X", "OK")).Expect("AT+CGMM", Lines("Y", "OK")).Expect("AT+CGMR", Lines("Z", "OK"));
            Assert.Equal(AtSendResult.Started, harness.Send(harness.Command("AT+CGMI")));
            Assert.Equal(AtSendResult.Queued, harness.Send(harness.Command("AT+CGMM")));
            Assert.Equal(AtSendResult.Queued, harness.Send(harness.Command("AT+CGMR")));
            Assert.Equal(AtSendResult.QueueFull, harness.Send(harness.Command("AT+CSQ")));
            Assert.Single(harness.Modem.Transcript, t => t.StartsWith("DTE: AT", StringComparison.Ordinal));
            harness.Pump();
            Assert.Equal(new[] { "DONE AT+CGMI Ok -1 [X]", "DONE AT+CGMM Ok -1 [Y]", "DONE AT+CGMR Ok -1 [Z]" }, harness.Log);
            Assert.Empty(harness.Modem.Failures);
        }

        [Fact]
        public void SendFirst_WhileQueued_JumpsTheQueue()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0);
            harness.Modem.Expect("AT+CGMI", Lines("OK")).Expect("AT+FIRST", Lines("OK")).Expect("AT+CGMM", Lines("OK"));
            harness.Send("AT+CGMI");
            harness.Send("AT+CGMM");
            Assert.Equal(AtSendResult.Queued, harness.Channel.SendFirst(harness.Command("AT+FIRST")));
            harness.Pump();
            Assert.Equal(new[] { "DONE AT+CGMI Ok -1 []", "DONE AT+FIRST Ok -1 []", "DONE AT+CGMM Ok -1 []" }, harness.Log);
        }

        [Fact]
        public void Send_SameCommandTwice_AlreadyPending()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0);
            harness.Modem.Expect("AT");
            AtCommand command = harness.Command("AT");
            Assert.Equal(AtSendResult.Started, harness.Send(command));
            Assert.Equal(AtSendResult.AlreadyPending, harness.Send(command));
            Assert.Throws<InvalidOperationException>(() => command.Begin(null, 10));
        }

        [Fact]
        public void Send_QueueCapacityZero_RefusesWhenBusy()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0, queueCapacity: 0);
            harness.Modem.Expect("AT");
            Assert.Equal(AtSendResult.Started, harness.Send(harness.Command("AT")));
            Assert.Equal(AtSendResult.QueueFull, harness.Send(harness.Command("AT+CSQ")));
        }

        [Fact]
        public void Send_CertificateUploadWithPrompt_PayloadAfterPrompt()
        {
            byte[] pem = System.Text.Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nMIIB\r\nOK\n-----END CERTIFICATE-----\n");
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Expect("AT+CCERTDOWN=\"rs-ca.pem\"," + pem.Length, "\r\n> ");
                h.Modem.ExpectPayload(pem, Lines("OK"));
                AtCommand command = h.Command("AT+CCERTDOWN=\"rs-ca.pem\"," + pem.Length);
                command.SetPayload(pem, 0, pem.Length);
                h.Send(command);
                Assert.Equal(AtChannelState.AwaitingPrompt, h.Channel.State);
                h.Pump();
            });
            Assert.Equal(new[] { "DONE AT+CCERTDOWN=\"rs-ca.pem\"," + pem.Length + " Ok -1 []" }, log);
        }

        [Fact]
        public void Send_PromptCommand_TranscriptShowsPayloadOnlyAfterPrompt()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0);
            harness.Modem.Echo = true;
            harness.Modem.Expect("AT+CCERTDOWN=\"a.pem\",4", "\r\n> ");
            harness.Modem.ExpectPayload(new byte[] { 0x41, 0x0D, 0x0A, 0x42 }, Lines("OK"));
            AtCommand command = harness.Command("AT+CCERTDOWN=\"a.pem\",4");
            command.SetPayload(new byte[] { 0x41, 0x0D, 0x0A, 0x42 }, 0, 4);
            harness.Send(command);
            Assert.Equal(new[] { "DTE: AT+CCERTDOWN=\"a.pem\",4", "DTE: <CR>" }, harness.Modem.Transcript);
            harness.Pump();
            Assert.Equal(
                new[]
                {
                    "DTE: AT+CCERTDOWN=\"a.pem\",4", "DTE: <CR>", "DCE: AT+CCERTDOWN=\"a.pem\",4<CR><CR><LF>> ",
                    "DTE: A<CR><LF>B", "DCE: <CR><LF>OK<CR><LF>",
                },
                harness.Modem.Transcript);
            Assert.Equal(AtResultCode.Ok, command.Result);
        }

        [Fact]
        public void Send_HttpDataWithDownloadPrompt_PayloadAfterDownload()
        {
            byte[] body = new byte[] { 0x00, 0x0D, 0x0A, 0x3E, 0x20, 0xFF };
            List<string> log = RunAllChunkings(
                h =>
                {
                    h.Modem.Expect("AT+HTTPDATA=6,10", Lines("DOWNLOAD"));
                    h.Modem.ExpectPayload(body, Lines("OK"));
                    AtCommand command = h.Command("AT+HTTPDATA=6,10");
                    command.SetPayload(body, 0, body.Length);
                    h.Send(command);
                    h.Pump();
                },
                echo: true);
            Assert.Equal(new[] { "DONE AT+HTTPDATA=6,10 Ok -1 []" }, log);
        }

        [Fact]
        public void Send_PromptCommandRefused_ErrorWithoutPayload()
        {
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Expect("AT+CCERTDOWN=\"x.pem\",3", Lines("+CME ERROR: 4"));
                AtCommand command = h.Command("AT+CCERTDOWN=\"x.pem\",3");
                command.SetPayload(new byte[] { 1, 2, 3 }, 0, 3);
                h.Send(command);
                h.Pump();
            });
            Assert.Equal(new[] { "DONE AT+CCERTDOWN=\"x.pem\",3 CmeError 4 []" }, log);
        }

        [Fact]
        public void Receive_StrayPrompt_CountedNotDispatched()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0);
            harness.Modem.Unsolicited("\r\n> \r\nRING\r\n");
            harness.Pump();
            Assert.Equal(1, harness.Channel.StrayPromptCount);
            Assert.Equal(new[] { "URC RING" }, harness.Log);
        }

        private static byte[] TrickyBody()
        {
            // Binary body containing CR LF, "OK", "ERROR", a '>' at line start and the end marker text.
            byte[] text = System.Text.Encoding.ASCII.GetBytes("\r\nOK\r\n\r\nERROR\r\n> +HTTPREAD: 0\r\n");
            byte[] body = new byte[text.Length + 4];
            Array.Copy(text, body, text.Length);
            body[text.Length] = 0x00;
            body[text.Length + 1] = 0xFF;
            body[text.Length + 2] = 0x0D;
            body[text.Length + 3] = 0x0A;
            return body;
        }

        [Theory]
        [InlineData("+HTTPREAD: {0}")]
        [InlineData("+HTTPREAD: DATA,{0}")]
        public void Send_HttpReadBinaryBody_DeliveredRawThenCompletes(string headerFormat)
        {
            byte[] body = TrickyBody();
            string header = string.Format(System.Globalization.CultureInfo.InvariantCulture, headerFormat, body.Length);
            var bodies = new List<string>();
            List<string> log = RunAllChunkings(h =>
            {
                var receiver = new HttpBodyReceiver(256);
                h.Modem.Expect("AT+HTTPREAD=0," + body.Length, Lines("OK"), "\r\n" + header + "\r\n").ThenBytes(body).Then(Lines("+HTTPREAD: 0"));
                h.Modem.Expect("AT+HTTPTERM", Lines("OK"));
                AtCommand read = h.Command("AT+HTTPREAD=0," + body.Length, HttpCommands.ReadPrefix, 5000);
                read.DataReceiver = receiver;
                read.SetCompletionPrefix(HttpCommands.ReadEndLine);
                h.Send(read);
                h.Send("AT+HTTPTERM");
                h.Pump();
                bodies.Add(Convert.ToHexString(receiver.Buffer, 0, receiver.Length));
                Assert.Equal(body.Length, receiver.AnnouncedLength);
            });
            Assert.Equal(new[] { "DONE AT+HTTPREAD=0," + body.Length + " Ok -1 [" + header + "|+HTTPREAD: 0]", "DONE AT+HTTPTERM Ok -1 []" }, log);
            Assert.All(bodies, b => Assert.Equal(Convert.ToHexString(body), b));
        }

        [Fact]
        public void Send_HttpReadDataBeforeOk_AlsoCompletes()
        {
            byte[] body = TrickyBody();
            List<string> log = RunAllChunkings(h =>
            {
                var receiver = new HttpBodyReceiver(256);
                h.Modem.Expect("AT+HTTPREAD=0,9", "\r\n+HTTPREAD: DATA," + body.Length + "\r\n").ThenBytes(body).Then(Lines("+HTTPREAD: 0", "OK"));
                AtCommand read = h.Command("AT+HTTPREAD=0,9", HttpCommands.ReadPrefix, 5000);
                read.DataReceiver = receiver;
                read.SetCompletionPrefix(HttpCommands.ReadEndLine);
                h.Send(read);
                h.Pump();
                Assert.Equal(body, receiver.Buffer[..receiver.Length]);
            });
            Assert.Equal("DONE AT+HTTPREAD=0,9 Ok -1 [+HTTPREAD: DATA," + body.Length + "|+HTTPREAD: 0]", Assert.Single(log));
        }

        [Fact]
        public void Send_HttpActionThenUrc_UrcParsedByHttpCommands()
        {
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Expect("AT+HTTPACTION=1", Lines("OK", "+HTTPACTION: 1,200,1234"));
                h.Send("AT+HTTPACTION=1");
                h.Pump();
            });
            Assert.Equal(new[] { "DONE AT+HTTPACTION=1 Ok -1 []", "URC +HTTPACTION: 1,200,1234" }, log);
            var reader = new AtReader();
            byte[] urc = AtAscii.GetBytes("+HTTPACTION: 1,200,1234");
            reader.Reset(urc, 0, urc.Length);
            Assert.True(HttpCommands.TryParseAction(reader, out int method, out int status, out int length));
            Assert.Equal((1, 200, 1234), (method, status, length));
        }

        [Fact]
        public void Receive_OverlongResponseLine_CommandFailsWithLineOverflowAndChannelRecovers()
        {
            string huge = "+CGDCONT: 1,\"IP\",\"" + new string('a', 700) + "\"";
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Expect("AT+CGDCONT?", Lines(huge, "OK"));
                h.Modem.Expect("AT+CSQ", Lines("+CSQ: 5,99", "OK"));
                h.Send("AT+CGDCONT?", "+CGDCONT:");
                h.Send("AT+CSQ", "+CSQ:");
                h.Pump();
                Assert.Equal(1, h.Channel.OverflowCount);
            });
            Assert.Equal(new[] { "DONE AT+CGDCONT? LineOverflow -1 []", "DONE AT+CSQ Ok -1 [+CSQ: 5,99]" }, log);
        }

        [Fact]
        public void Receive_OverlongUrcWhileIdle_DroppedNextLineIntact()
        {
            List<string> log = RunAllChunkings(h =>
            {
                h.Modem.Unsolicited(Lines(new string('X', 1000), "+CREG: 1"));
                h.Pump();
            });
            Assert.Equal(new[] { "URC +CREG: 1" }, log);
        }

        [Fact]
        public void Receive_MoreLinesThanStorage_ResponseOverflow()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0);
            var lines = new List<string>();
            for (int i = 0; i < 20; i++)
            {
                lines.Add("+CGDCONT: " + (i + 1) + ",\"IP\",\"x\"");
            }

            lines.Add("OK");
            harness.Modem.Expect("AT+CGDCONT?", Lines(lines.ToArray()));
            AtCommand command = harness.Send("AT+CGDCONT?", "+CGDCONT:");
            harness.Pump();
            Assert.Equal(AtResultCode.ResponseOverflow, command.Result);
            Assert.Equal(16, command.ResponseLineCount);
        }

        [Fact]
        public void CancelAll_InFlightAndQueued_AllCancelled()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0);
            harness.Modem.Expect("AT+COPS=?");
            harness.Send("AT+COPS=?", "+COPS:");
            harness.Send("AT+CSQ", "+CSQ:");
            harness.Channel.CancelAll();
            Assert.Equal(new[] { "DONE AT+COPS=? Cancelled -1 []", "DONE AT+CSQ Cancelled -1 []" }, harness.Log);
            Assert.False(harness.Channel.IsBusy);
            Assert.Equal(0, harness.Channel.QueuedCount);
        }

        [Fact]
        public void Handler_SendsFromCompletion_NextCommandRuns()
        {
            var harness = new ChannelHarness(Chunking.ByteByByte, 0);
            harness.Modem.Expect("ATE0", Lines("OK")).Expect("AT+CMEE=2", Lines("OK"));
            var chain = new ChainHandler(harness.Channel);
            AtCommand first = harness.Command("ATE0");
            first.Handler = chain;
            harness.Send(first);
            harness.Pump();
            Assert.Equal(AtResultCode.Ok, chain.Next.Result);
            Assert.True(harness.Modem.Finished);
        }

        [Fact]
        public void Receive_FromHandler_Throws()
        {
            var sink = new NullSink();
            var reentrant = new ReentrantUrcHandler();
            var channel = new AtChannel(sink, reentrant);
            reentrant.Channel = channel;
            byte[] urc = AtAscii.GetBytes("\r\nRING\r\n");
            Assert.Throws<InvalidOperationException>(() => channel.Receive(urc, 0, urc.Length));
        }

        [Fact]
        public void Receive_SteadyState_AllocatesNothing()
        {
            var sink = new NullSink();
            var urcs = new CountingUrcHandler();
            var channel = new AtChannel(sink, urcs);
            var command = new AtCommand();
            command.Begin("+CSQ:", 1000).Append("AT+CSQ");
            byte[] response = AtAscii.GetBytes("\r\n+CREG: 1\r\n\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
            channel.Send(command);
            channel.Receive(response, 0, response.Length);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 500; i++)
            {
                channel.Send(command);
                channel.Tick(10);
                channel.Receive(response, 0, response.Length);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(501, urcs.Count);
            Assert.Equal(AtResultCode.Ok, command.Result);
        }

        private sealed class ChainHandler : IAtCommandHandler
        {
            private readonly AtChannel channel;

            public ChainHandler(AtChannel channel)
            {
                this.channel = channel;
                Next = new AtCommand();
            }

            public AtCommand Next { get; }

            public void OnCompleted(AtCommand command)
            {
                if (command != Next)
                {
                    GeneralCommands.WriteErrorReporting(Next.Begin(null, 1000), 2);
                    Next.Handler = this;
                    Assert.Equal(AtSendResult.Started, channel.Send(Next));
                }
            }
        }

        private sealed class NullSink : IByteSink
        {
            public void Write(byte[] buffer, int offset, int count)
            {
            }
        }

        private sealed class CountingUrcHandler : IAtUrcHandler
        {
            public int Count { get; private set; }

            public void OnUnsolicited(byte[] line, int offset, int count) => Count++;
        }

        private sealed class ReentrantUrcHandler : IAtUrcHandler
        {
            public AtChannel Channel { get; set; }

            public void OnUnsolicited(byte[] line, int offset, int count) => Channel.Receive(line, offset, count);
        }
    }
}
