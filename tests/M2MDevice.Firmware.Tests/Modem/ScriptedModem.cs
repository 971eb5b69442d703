using System;
using System.Collections.Generic;
using System.Text;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.Modem;

namespace M2MDevice.Firmware.Tests.Modem
{
    /// <summary>How the scripted modem splits its output into reads.</summary>
    public enum Chunking
    {
        /// <summary>Everything pending in one read.</summary>
        Whole,

        /// <summary>One byte per read.</summary>
        ByteByByte,

        /// <summary>Seeded random reads of 1..5 bytes.</summary>
        Random,
    }

    /// <summary>
    /// A modem (DCE) driven by a script: each step expects one command line (or a payload) from the device
    /// and answers with canned bytes (response lines, URCs, prompts, binary data). Output is delivered to the
    /// channel in reads capped by the chunking mode; everything crossing the wire is kept in a transcript.
    /// No threads, no time: the test pumps it.
    /// </summary>
    public sealed class ScriptedModem : IByteSink
    {
        private readonly Queue<Step> steps = new Queue<Step>();
        private readonly List<byte> output = new List<byte>();
        private readonly List<byte> input = new List<byte>();
        private readonly Random random;
        private readonly Chunking chunking;

        public ScriptedModem(Chunking chunking, int seed)
        {
            this.chunking = chunking;
            random = new Random(seed);
        }

        /// <summary>Echo the command line (ATE1 behaviour, V.250 6.2.4).</summary>
        public bool Echo { get; set; }

        /// <summary>Everything written both ways: "DTE: ..." and "DCE: ...", control bytes escaped.</summary>
        public List<string> Transcript { get; } = new List<string>();

        /// <summary>Deviations from the script (unexpected commands or payloads).</summary>
        public List<string> Failures { get; } = new List<string>();

        /// <summary>The test's clock (milliseconds), stamped on every command line received.</summary>
        public long Now { get; set; }

        /// <summary>Every command line received, with the clock at its arrival.</summary>
        public List<KeyValuePair<long, string>> CommandLines { get; } = new List<KeyValuePair<long, string>>();

        /// <summary>Accept command lines beyond the script silently (a modem that never answers).</summary>
        public bool AllowUnscripted { get; set; }

        /// <summary>Largest single read delivered.</summary>
        public int LargestRead { get; private set; }

        /// <summary>True when every step has been consumed.</summary>
        public bool Finished => steps.Count == 0;

        /// <summary>Frames lines as a V.250 response: CR LF line CR LF each.</summary>
        public static string Lines(params string[] lines)
        {
            var builder = new StringBuilder();
            foreach (string line in lines)
            {
                builder.Append("\r\n").Append(line).Append("\r\n");
            }

            return builder.ToString();
        }

        /// <summary>Expects commandLine (without CR) and answers with the concatenated responses (none: silence).</summary>
        public ScriptedModem Expect(string commandLine, params string[] responses)
        {
            steps.Enqueue(new Step { Command = commandLine, Output = Bytes(string.Concat(responses)) });
            return this;
        }

        /// <summary>Expects exactly payload bytes (after a prompt) and answers with response.</summary>
        public ScriptedModem ExpectPayload(byte[] payload, params string[] responses)
        {
            steps.Enqueue(new Step { Payload = payload, Output = Bytes(string.Concat(responses)) });
            return this;
        }

        /// <summary>Appends raw bytes to the output of the last step (e.g. binary data between lines).</summary>
        public ScriptedModem ThenBytes(byte[] bytes)
        {
            Step[] all = steps.ToArray();
            var last = all[all.Length - 1];
            byte[] combined = new byte[last.Output.Length + bytes.Length];
            Array.Copy(last.Output, combined, last.Output.Length);
            Array.Copy(bytes, 0, combined, last.Output.Length, bytes.Length);
            last.Output = combined;
            return this;
        }

        /// <summary>Appends text to the output of the last step.</summary>
        public ScriptedModem Then(string text) => ThenBytes(Bytes(text));

        /// <summary>Queues unsolicited output now.</summary>
        public void Unsolicited(string text)
        {
            output.AddRange(Bytes(text));
        }

        /// <summary>IByteSink: bytes the device writes.</summary>
        public void Write(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                input.Add(buffer[offset + i]);
            }

            Transcript.Add("DTE: " + Escape(buffer, offset, count));
            Match();
        }

        /// <summary>Delivers pending output to the channel in reads of the configured size until none is left.</summary>
        public void Pump(AtChannel channel)
        {
            while (output.Count > 0)
            {
                int size = chunking switch
                {
                    Chunking.Whole => output.Count,
                    Chunking.ByteByByte => 1,
                    _ => Math.Min(output.Count, random.Next(1, 6)),
                };
                byte[] read = output.GetRange(0, size).ToArray();
                output.RemoveRange(0, size);
                LargestRead = Math.Max(LargestRead, size);
                Transcript.Add("DCE: " + Escape(read, 0, read.Length));

                // Deliver from the middle of a larger buffer to catch offset mistakes.
                byte[] framed = new byte[read.Length + 4];
                Array.Copy(read, 0, framed, 2, read.Length);
                channel.Receive(framed, 2, read.Length);
            }
        }

        private void Match()
        {
            if (steps.Count == 0 && AllowUnscripted)
            {
                int end;
                while ((end = input.IndexOf(13)) >= 0)
                {
                    CommandLines.Add(new KeyValuePair<long, string>(Now, Encoding.ASCII.GetString(input.GetRange(0, end).ToArray())));
                    input.RemoveRange(0, end + 1);
                }

                return;
            }

            while (steps.Count > 0)
            {
                Step step = steps.Peek();
                if (step.Payload != null)
                {
                    if (input.Count < step.Payload.Length)
                    {
                        return;
                    }

                    byte[] got = input.GetRange(0, step.Payload.Length).ToArray();
                    input.RemoveRange(0, step.Payload.Length);
                    if (!got.AsSpan().SequenceEqual(step.Payload))
                    {
                        Failures.Add("payload mismatch: " + Convert.ToHexString(got));
                    }
                }
                else
                {
                    int end = input.IndexOf(13);
                    if (end < 0)
                    {
                        return;
                    }

                    string line = Encoding.ASCII.GetString(input.GetRange(0, end).ToArray());
                    input.RemoveRange(0, end + 1);
                    CommandLines.Add(new KeyValuePair<long, string>(Now, line));
                    if (line != step.Command)
                    {
                        Failures.Add("expected " + step.Command + " got " + line);
                    }

                    if (Echo)
                    {
                        output.AddRange(Bytes(line + "\r"));
                    }
                }

                steps.Dequeue();
                output.AddRange(step.Output);
            }

            if (input.Count > 0)
            {
                Failures.Add("unscripted input: " + Escape(input.ToArray(), 0, input.Count));
                input.Clear();
            }
        }

        private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

        private static string Escape(byte[] buffer, int offset, int count)
        {
            var builder = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                byte b = buffer[offset + i];
                builder.Append(b == 13 ? "<CR>" : b == 10 ? "<LF>" : b < 32 || b > 126 ? "<" + b.ToString("X2") + ">" : ((char)b).ToString());
            }

            return builder.ToString();
        }

        private sealed class Step
        {
            public string Command;
            public byte[] Payload;
            public byte[] Output;
        }
    }
}
