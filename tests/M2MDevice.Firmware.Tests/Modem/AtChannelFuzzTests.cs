using System;
using System.Collections.Generic;
using CsCheck;
using M2MDevice.At;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.Modem;

namespace M2MDevice.Firmware.Tests.Modem
{
    /// <summary>Random modem output into a channel with every kind of command pending: no exception, no hang, same outcome however split.</summary>
    public class AtChannelFuzzTests
    {
        private static readonly string[] Pieces =
        {
            "\r", "\n", "\r\n", "OK", "ERROR", "+CME ERROR: ", "10", "> ", ">", "DOWNLOAD", "+HTTPREAD: ", "DATA,", "0", "3",
            "+HTTPREAD: 0", "+CSQ: 1,2", "+CREG: 1", "+M2MSIM: 1,\"INIT\"", "\"", ",", "AT+CSQ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "\u00ff", "\0",
        };

        private static List<string> Drive(byte[] stream, int[] chunks)
        {
            var log = new List<string>();
            var sink = new RecordingSink(log);
            var handler = new Recorder(log);
            var channel = new AtChannel(sink, handler, 2, 48);
            var receiver = new HttpBodyReceiver(64);
            var commands = new AtCommand[3];
            for (int i = 0; i < commands.Length; i++)
            {
                commands[i] = new AtCommand(40, 128, 4) { Handler = handler };
            }

            commands[0].Begin(HttpCommands.ReadPrefix, 50).Append("AT+HTTPREAD=0,9");
            commands[0].DataReceiver = receiver;
            commands[0].SetCompletionPrefix(HttpCommands.ReadEndLine);
            commands[1].Begin(null, 50).Append("AT+HTTPDATA=3,1");
            commands[1].SetPayload(new byte[] { 1, 2, 3 }, 0, 3);
            commands[2].Begin("+CSQ:", 50).Append("AT+CSQ");
            foreach (AtCommand command in commands)
            {
                channel.Send(command);
            }

            int position = 0;
            int index = 0;
            while (position < stream.Length)
            {
                int size = Math.Min(chunks[index++ % chunks.Length], stream.Length - position);
                channel.Receive(stream, position, size);
                position += size;
            }

            // Time runs out for whatever is still pending; every command completes exactly once.
            for (int i = 0; i < 4; i++)
            {
                channel.Tick(50);
            }

            Assert.False(channel.IsBusy);
            log.Add("body " + Convert.ToHexString(receiver.Buffer, 0, receiver.Length));
            return log;
        }

        [Fact]
        public void Receive_RandomAtLikeStreams_NoExceptionAndChunkingInvariant()
        {
            Gen.Select(Gen.Int[0, Pieces.Length - 1].Array[0, 60], Gen.Int[1, 6].Array[1, 8]).Sample((indexes, chunks) =>
            {
                var text = new System.Text.StringBuilder();
                foreach (int i in indexes)
                {
                    text.Append(Pieces[i]);
                }

                byte[] stream = System.Text.Encoding.Latin1.GetBytes(text.ToString());
                List<string> whole = Drive(stream, new[] { Math.Max(1, stream.Length) });
                Assert.Equal(whole, Drive(stream, new[] { 1 }));
                Assert.Equal(whole, Drive(stream, chunks));
                Assert.Equal(3, whole.FindAll(l => l.StartsWith("DONE", StringComparison.Ordinal)).Count);
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Receive_RandomBytes_NoException()
        {
            Gen.Byte.Array[0, 400].Sample(stream =>
            {
                Drive(stream, new[] { 7 });
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
        }

        private sealed class RecordingSink : IByteSink
        {
            private readonly List<string> log;

            public RecordingSink(List<string> log) => this.log = log;

            public void Write(byte[] buffer, int offset, int count) => log.Add("TX " + Convert.ToHexString(buffer, offset, count));
        }

        private sealed class Recorder : IAtUrcHandler, IAtCommandHandler
        {
            private readonly List<string> log;

            public Recorder(List<string> log) => this.log = log;

            public void OnUnsolicited(byte[] line, int offset, int count) => log.Add("URC " + Convert.ToHexString(line, offset, count));

            public void OnCompleted(AtCommand command) => log.Add("DONE " + command.Text + " " + command.Result + " " + command.ResponseLineCount);
        }
    }
}
