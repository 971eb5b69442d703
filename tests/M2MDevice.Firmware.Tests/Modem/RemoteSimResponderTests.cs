using System;
using System.Collections.Generic;
using M2MDevice.At;
using M2MDevice.Firmware.Modem;
using static M2MDevice.Firmware.Tests.Modem.ScriptedModem;

namespace M2MDevice.Firmware.Tests.Modem
{
    public class RemoteSimResponderTests
    {
        private static readonly byte[] Atr = Convert.FromHexString("3B9A96801FC78031E073FE211B");

        private delegate void Scenario(ChannelHarness harness, FakeCard card, RemoteSimResponder responder);

        private static List<string> RunAllChunkings(Scenario scenario)
        {
            List<string> whole = Run(scenario, Chunking.Whole, 0);
            Assert.Equal(whole, Run(scenario, Chunking.ByteByByte, 0));
            for (int seed = 1; seed <= 10; seed++)
            {
                Assert.Equal(whole, Run(scenario, Chunking.Random, seed));
            }

            return whole;
        }

        private static List<string> Run(Scenario scenario, Chunking chunking, int seed)
        {
            var harness = new ChannelHarness(chunking, seed);
            var card = new FakeCard();
            var responder = new RemoteSimResponder(harness.Channel, card);
            harness.UrcFilter = responder.TryHandleUnsolicited;
            scenario(harness, card, responder);
            Assert.Empty(harness.Modem.Failures);
            Assert.True(harness.Modem.Finished);
            return harness.Log;
        }

        [Fact]
        public void Init_Apdu_Reset_Deinit_AnsweredInOrder()
        {
            List<string> log = RunAllChunkings((h, card, responder) =>
            {
                h.Modem.Unsolicited(Lines("+M2MSIM: 1,\"INIT\""));
                h.Modem.Expect("AT+M2MSIM=1,0,\"3B9A96801FC78031E073FE211B\"", Lines("OK", "+M2MSIM: 2,\"APDU\",\"00A4080C027FFF\""));
                h.Modem.Expect("AT+M2MSIM=2,0,\"9000\"", Lines("OK", "+M2MSIM: 3,\"RESET\""));
                h.Modem.Expect("AT+M2MSIM=3,0,\"3B9A96801FC78031E073FE211B\"", Lines("OK", "+M2MSIM: 4,\"DEINIT\""));
                h.Modem.Expect("AT+M2MSIM=4,0", Lines("OK"));
                h.Pump();
                Assert.Equal(4, responder.AnsweredRequests);
                Assert.Equal(0, responder.FailedAnswers);
                Assert.Equal(new[] { "cold", "00A4080C027FFF", "warm", "off" }, card.Calls);
                Assert.Equal(AtResultCode.Ok, responder.LastAnswerResult);
            });
            Assert.Equal(4, log.Count);
            Assert.All(log, l => Assert.StartsWith("SIM +M2MSIM:", l));
        }

        [Fact]
        public void Apdu_CardNotPowered_StatusOne()
        {
            RunAllChunkings((h, card, responder) =>
            {
                card.Powered = false;
                h.Modem.Unsolicited(Lines("+M2MSIM: 9,\"APDU\",\"00B0000000\""));
                h.Modem.Expect("AT+M2MSIM=9,1", Lines("OK"));
                h.Pump();
            });
        }

        [Fact]
        public void Init_CardCannotStart_StatusThree()
        {
            RunAllChunkings((h, card, responder) =>
            {
                card.CanStart = false;
                h.Modem.Unsolicited(Lines("+M2MSIM: 5,\"INIT\""));
                h.Modem.Expect("AT+M2MSIM=5,3", Lines("OK"));
                h.Pump();
            });
        }

        [Fact]
        public void MalformedRequest_WithId_AnsweredInvalid_WithoutId_Counted()
        {
            RunAllChunkings((h, card, responder) =>
            {
                h.Modem.Unsolicited(Lines("+M2MSIM: 6,\"APDU\",\"00A\""));
                h.Modem.Expect("AT+M2MSIM=6,2", Lines("OK", "+M2MSIM: junk"));
                h.Pump();
                Assert.Equal(2, responder.MalformedRequests);
                Assert.Empty(card.Calls);
            });
        }

        [Fact]
        public void Request_WhileCommandInFlight_AnswerJumpsQueueAfterCurrent()
        {
            List<string> log = RunAllChunkings((h, card, responder) =>
            {
                h.Modem.Expect("AT+COPS=1,2,\"00101\",7", Lines("+M2MSIM: 1,\"INIT\"", "OK"));
                h.Modem.Expect("AT+M2MSIM=1,0,\"3B9A96801FC78031E073FE211B\"", Lines("OK"));
                h.Modem.Expect("AT+CSQ", Lines("+CSQ: 10,99", "OK"));
                h.Send("AT+COPS=1,2,\"00101\",7", "+COPS:", 180000);
                h.Send("AT+CSQ", "+CSQ:");
                h.Pump();
            });
            Assert.Equal(new[] { "SIM +M2MSIM: 1,\"INIT\"", "DONE AT+COPS=1,2,\"00101\",7 Ok -1 []", "DONE AT+CSQ Ok -1 [+CSQ: 10,99]" }, log);
        }

        [Fact]
        public void SecondRequest_BeforeFirstAnswerSent_Dropped()
        {
            RunAllChunkings((h, card, responder) =>
            {
                h.Modem.Expect("AT+CGMI", Lines("+M2MSIM: 1,\"INIT\"", "+M2MSIM: 2,\"INIT\"", "X", "OK"));
                h.Modem.Expect("AT+M2MSIM=1,0,\"3B9A96801FC78031E073FE211B\"", Lines("OK"));
                h.Send("AT+CGMI");
                h.Pump();
                Assert.Equal(1, responder.DroppedRequests);
            });
        }

        [Fact]
        public void Answer_RejectedByModem_CountedAsFailed()
        {
            RunAllChunkings((h, card, responder) =>
            {
                h.Modem.Unsolicited(Lines("+M2MSIM: 1,\"DEINIT\""));
                h.Modem.Expect("AT+M2MSIM=1,0", Lines("+CME ERROR: 50"));
                h.Pump();
                Assert.Equal(1, responder.FailedAnswers);
                Assert.Equal(AtResultCode.CmeError, responder.LastAnswerResult);
            });
        }

        [Fact]
        public void OtherUrc_NotHandled()
        {
            var harness = new ChannelHarness(Chunking.Whole, 0);
            var responder = new RemoteSimResponder(harness.Channel, new FakeCard());
            byte[] line = AtAscii.GetBytes("+CREG: 1");
            Assert.False(responder.TryHandleUnsolicited(line, 0, line.Length));
        }

        /// <summary>A card answering 9000 to every APDU.</summary>
        public sealed class FakeCard : IRemoteSimCard
        {
            public bool Powered { get; set; } = true;

            public bool CanStart { get; set; } = true;

            public List<string> Calls { get; } = new List<string>();

            public bool Reset(bool coldStart, out byte[] answerToReset)
            {
                Calls.Add(coldStart ? "cold" : "warm");
                answerToReset = CanStart ? Atr : null;
                Powered = CanStart;
                return CanStart;
            }

            public int Process(byte[] command, int offset, int count, byte[] response, int responseOffset)
            {
                if (!Powered)
                {
                    return 0;
                }

                Calls.Add(Convert.ToHexString(command, offset, count));
                response[responseOffset] = 0x90;
                response[responseOffset + 1] = 0x00;
                return 2;
            }

            public void PowerOff()
            {
                Calls.Add("off");
                Powered = false;
            }
        }
    }
}
