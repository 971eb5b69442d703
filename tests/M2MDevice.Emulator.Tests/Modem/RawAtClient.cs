using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using M2MDevice.At;

namespace M2MDevice.Emulator.Tests.Modem
{
    /// <summary>
    /// A plain DTE for wire-level tests: writes command lines, and splits what the modem sends with the shared
    /// assembler (prompt detection on). Every received token becomes one string: a line, "&gt;" for a prompt, or
    /// "DATA:&lt;text&gt;" for the raw bytes announced by "+HTTPREAD: &lt;n&gt;". Waits are bounded (no sleeps).
    /// </summary>
    internal sealed class RawAtClient : IAsyncDisposable
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

        private readonly Stream stream;
        private readonly Channel<string> tokens = Channel.CreateUnbounded<string>();
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly Task pump;
        private readonly AtLineAssembler assembler = new AtLineAssembler(4096, true);

        public RawAtClient(Stream stream)
        {
            this.stream = stream;
            pump = Task.Run(PumpAsync);
        }

        /// <summary>Every token received so far, in order (for diagnostics).</summary>
        public List<string> Transcript { get; } = new List<string>();

        public async Task SendAsync(string line)
        {
            await SendRawAsync(Encoding.ASCII.GetBytes(line + "\r"));
        }

        public async Task SendRawAsync(byte[] bytes)
        {
            await stream.WriteAsync(bytes);
            await stream.FlushAsync();
        }

        public async Task<string> NextAsync()
        {
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                return await tokens.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no line from the modem; transcript: " + string.Join(" | ", Snapshot()));
            }
            catch (ChannelClosedException)
            {
                throw new EndOfStreamException("the modem hung up; transcript: " + string.Join(" | ", Snapshot()));
            }
        }

        /// <summary>Sends a command and returns every token up to and including its final result code.</summary>
        public async Task<List<string>> CommandAsync(string line)
        {
            await SendAsync(line);
            return await UntilFinalAsync();
        }

        public async Task<List<string>> UntilFinalAsync()
        {
            var received = new List<string>();
            while (true)
            {
                string token = await NextAsync();
                received.Add(token);
                if (IsFinal(token))
                {
                    return received;
                }
            }
        }

        /// <summary>Reads tokens until one satisfies match; returns it (the skipped ones go to skipped when given).</summary>
        public async Task<string> WaitForAsync(Func<string, bool> match, List<string> skipped = null)
        {
            while (true)
            {
                string token = await NextAsync();
                if (match(token))
                {
                    return token;
                }

                skipped?.Add(token);
            }
        }

        public Task<string> WaitForAsync(string prefix, List<string> skipped = null) =>
            WaitForAsync(token => token.StartsWith(prefix, StringComparison.Ordinal), skipped);

        public static bool IsFinal(string token)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(token);
            return AtFinalResult.TryParse(bytes, 0, bytes.Length, out _, out _);
        }

        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            try
            {
                await pump;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        }

        private string[] Snapshot()
        {
            lock (Transcript)
            {
                return Transcript.ToArray();
            }
        }

        private async Task PumpAsync()
        {
            byte[] buffer = new byte[4096];
            var data = new List<byte>();
            try
            {
                while (true)
                {
                    int read = await stream.ReadAsync(buffer, stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    int offset = 0;
                    while (offset < read)
                    {
                        int used = assembler.Advance(buffer, offset, read - offset);
                        switch (assembler.Token)
                        {
                            case AtTokenKind.Line:
                                string line = AtAscii.GetString(assembler.LineBuffer, 0, assembler.LineLength);
                                if (line.StartsWith("+HTTPREAD: ", StringComparison.Ordinal) && int.TryParse(line.Substring(11), out int length) && length > 0)
                                {
                                    assembler.BeginData(length, true);
                                }

                                Emit(line);
                                break;
                            case AtTokenKind.Prompt:
                                Emit(">");
                                break;
                            case AtTokenKind.Data:
                                for (int i = 0; i < assembler.DataCount; i++)
                                {
                                    data.Add(buffer[assembler.DataOffset + i]);
                                }

                                if (!assembler.InData)
                                {
                                    Emit("DATA:" + Encoding.ASCII.GetString(data.ToArray()));
                                    data.Clear();
                                }

                                break;
                        }

                        offset += used;
                    }
                }
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

        private void Emit(string token)
        {
            lock (Transcript)
            {
                Transcript.Add(token);
            }

            tokens.Writer.TryWrite(token);
        }
    }
}
