using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Modem;

namespace M2MDevice.Emulator.Faults
{
    /// <summary>
    /// A faulty UART between a device and its modem (issue 7 part 2): a decorator of the modem's duplex stream (what the
    /// modem reads comes from the device, what it writes goes to the device) that injects the faults of a
    /// <see cref="ModemFaultPlan"/>. Modem output is cut into units (a line up to its LF, or the raw payload announced by
    /// "+HTTPREAD: n") so a fault hits whole lines: one byte dropped, a URC sent twice. Device output is parsed into
    /// command lines (skipping the payloads of AT+HTTPDATA and AT+CCERTDOWN); for a chosen command the modem's answer,
    /// up to its final result code, is held and released only when the device sends its next command (late: the device
    /// has timed out meanwhile), or discarded (never). A command of <see cref="ModemFaultPlan.ResetOnCommand"/> kills
    /// this stream (nothing more reaches the device) and raises <see cref="ResetRequested"/>: the owner then starts a new
    /// modem (<see cref="RebootableDevice"/>). Time is never waited on here: <see cref="IsStalled"/> tells the device's
    /// driver that the device now waits for something that will not come, so it may advance the device's clock quickly.
    /// </summary>
    public sealed class FaultyModemStream : SerialLineStream
    {
        private static readonly string[] UrcPrefixes = { "+CREG:", "+CGREG:", "+CEREG:", "+HTTPACTION:", "+M2MSIM:", "+CPIN:", "+SIMCARD:" };

        private const string RemoteSimRequestPrefix = "+M2MSIM:";

        private readonly Stream inner;
        private readonly ModemFaultPlan plan;
        private readonly object gate = new object();
        private readonly MemoryStream unit = new MemoryStream();
        private readonly MemoryStream held = new MemoryStream();
        private readonly StringBuilder commandLine = new StringBuilder();
        private int dataRemaining;
        private int payloadRemaining;
        private bool dropInNextRead;
        private AnswerMode answer;
        private volatile bool stalled;
        private volatile bool dead;
        private volatile bool resetRequested;

        /// <summary>Wraps the modem's end of the line (inner: reads device bytes, writes to the device).</summary>
        public FaultyModemStream(Stream inner, ModemFaultPlan plan)
        {
            ArgumentNullException.ThrowIfNull(inner);
            ArgumentNullException.ThrowIfNull(plan);
            this.inner = inner;
            this.plan = plan;
        }

        private enum AnswerMode
        {
            Normal,
            Late,
            Lost,
        }

        /// <summary>The plan (counters).</summary>
        public ModemFaultPlan Plan => this.plan;

        /// <summary>
        /// True from a fault that leaves the device waiting (a dropped byte, an answer held or lost, a reset) until the
        /// device sends its next command line.
        /// </summary>
        public bool IsStalled => this.stalled;

        /// <summary>True once a reset command was seen: this modem is gone and its output is dropped.</summary>
        public bool ResetRequested => this.resetRequested;

        /// <summary>Command lines the device sent through this stream.</summary>
        public int CommandsSeen { get; private set; }

        /// <summary>
        /// The device wrote to the line (call from the device's thread, as it writes): it has moved on, so it no longer
        /// waits for what this stream withheld. Clears <see cref="IsStalled"/> before the modem has even read the bytes.
        /// </summary>
        public void OnDeviceWrite()
        {
            this.stalled = false;
        }

        /// <summary>Stops this modem's output from reaching the device (power lost or modem replaced).</summary>
        public void Kill()
        {
            lock (this.gate)
            {
                // Under the lock: a write the modem is in the middle of finishes before this returns, none comes after.
                this.dead = true;
            }
        }

        /// <inheritdoc />
        public override void Flush()
        {
        }

        /// <inheritdoc />
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        /// <inheritdoc />
        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = this.inner.Read(buffer, offset, count);
            this.ObserveDevice(buffer.AsSpan(offset, read));
            return read;
        }

        /// <inheritdoc />
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await this.inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            this.ObserveDevice(buffer.Span.Slice(0, read));
            return read;
        }

        /// <inheritdoc />
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            this.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <inheritdoc />
        public override void Write(byte[] buffer, int offset, int count)
        {
            this.FromModem(buffer.AsSpan(offset, count));
        }

        /// <inheritdoc />
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            this.FromModem(buffer.Span);
            return ValueTask.CompletedTask;
        }

        /// <inheritdoc />
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            this.FromModem(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        private static bool IsUrc(string text)
        {
            foreach (string prefix in UrcPrefixes)
            {
                if (text.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFinal(byte[] unitBytes, int length)
        {
            int start = 0;
            int end = length;
            while (start < end && (unitBytes[start] == '\r' || unitBytes[start] == '\n'))
            {
                start++;
            }

            while (end > start && (unitBytes[end - 1] == '\r' || unitBytes[end - 1] == '\n'))
            {
                end--;
            }

            return end > start && AtFinalResult.TryParse(unitBytes, start, end - start, out _, out _);
        }

        private static string TextOf(byte[] unitBytes, int length)
        {
            return Encoding.ASCII.GetString(unitBytes, 0, length).Trim('\r', '\n');
        }

        /// <summary>"AT+HTTPDATA=n,..." and "AT+CCERTDOWN="f",n" are followed by n raw bytes.</summary>
        private static int PayloadLength(string command)
        {
            string digits = null;
            if (command.StartsWith("AT+HTTPDATA=", StringComparison.Ordinal))
            {
                string rest = command.Substring("AT+HTTPDATA=".Length);
                int comma = rest.IndexOf(',', StringComparison.Ordinal);
                digits = comma < 0 ? rest : rest.Substring(0, comma);
            }
            else if (command.StartsWith("AT+CCERTDOWN=", StringComparison.Ordinal))
            {
                int comma = command.LastIndexOf(',');
                digits = comma < 0 ? null : command.Substring(comma + 1);
            }

            return digits != null && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int length) ? length : 0;
        }

        private void ObserveDevice(ReadOnlySpan<byte> bytes)
        {
            lock (this.gate)
            {
                foreach (byte value in bytes)
                {
                    if (this.payloadRemaining > 0)
                    {
                        this.payloadRemaining--;
                        continue;
                    }

                    if (value == '\r')
                    {
                        string line = this.commandLine.ToString();
                        this.commandLine.Clear();
                        if (line.Length > 0)
                        {
                            this.OnCommand(line);
                        }
                    }
                    else if (value != '\n')
                    {
                        this.commandLine.Append((char)value);
                    }
                }
            }
        }

        private void OnCommand(string line)
        {
            this.CommandsSeen++;
            this.stalled = false;
            if (this.held.Length > 0)
            {
                // The late answer: the device has given up on its command and sent this one.
                this.Forward(this.held.GetBuffer(), (int)this.held.Length);
                this.held.SetLength(0);
            }

            this.answer = AnswerMode.Normal;
            this.payloadRemaining = PayloadLength(line);
            if (this.dead)
            {
                return;
            }

            if (line.StartsWith("AT+HTTPREAD=", StringComparison.Ordinal) && this.plan.TakeRead())
            {
                this.dropInNextRead = true;
            }

            if (this.plan.TakeReset(line))
            {
                // The modem restarts on this command: it never answers it, and nothing it had running reports.
                this.dead = true;
                this.stalled = true;
                this.resetRequested = true;
                return;
            }

            if (this.payloadRemaining > 0)
            {
                return; // the prompt must come, else the payload would be read as commands by the next modem state
            }

            if (this.plan.Roll(ModemFaultKind.LostAnswer))
            {
                this.answer = AnswerMode.Lost;
            }
            else if (this.plan.Roll(ModemFaultKind.LateAnswer))
            {
                this.answer = AnswerMode.Late;
            }
        }

        private void FromModem(ReadOnlySpan<byte> bytes)
        {
            lock (this.gate)
            {
                foreach (byte value in bytes)
                {
                    this.unit.WriteByte(value);
                    if (this.dataRemaining > 0)
                    {
                        this.dataRemaining--;
                        if (this.dataRemaining == 0)
                        {
                            this.EmitUnit(true);
                        }
                    }
                    else if (value == '\n')
                    {
                        this.EmitUnit(false);
                    }
                }

                if (this.dataRemaining == 0 && this.unit.Length > 0)
                {
                    // A tail without LF (an echo "AT\r" alone): passed on as it is.
                    this.Deliver(this.unit.GetBuffer(), (int)this.unit.Length);
                    this.unit.SetLength(0);
                }
            }
        }

        private void EmitUnit(bool isData)
        {
            byte[] bytes = this.unit.GetBuffer();
            int length = (int)this.unit.Length;
            try
            {
                string text = isData ? null : TextOf(bytes, length);
                if (text != null && text.StartsWith(HttpCommands.ReadPrefix + " ", StringComparison.Ordinal)
                    && int.TryParse(text.AsSpan(HttpCommands.ReadPrefix.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int announced) && announced > 0)
                {
                    this.dataRemaining = announced; // "+HTTPREAD: n" then n raw bytes (A76xx)
                }

                // A remote-SIM request is never part of an answer: the modem may be waiting on it to finish the command.
                bool simRequest = text != null && text.StartsWith(RemoteSimRequestPrefix, StringComparison.Ordinal);
                if (this.answer != AnswerMode.Normal && !this.dead && !simRequest)
                {
                    if (this.answer == AnswerMode.Late)
                    {
                        this.held.Write(bytes, 0, length);
                    }

                    this.stalled = true;
                    if (!isData && IsFinal(bytes, length))
                    {
                        this.answer = AnswerMode.Normal; // the answer is complete; what follows is not part of it
                    }

                    return;
                }

                if (text != null && text.Length > 0 && IsUrc(text) && this.plan.Roll(ModemFaultKind.DuplicatedUrc))
                {
                    this.Deliver(bytes, length);
                    this.Deliver(bytes, length);
                    return;
                }

                if (isData && this.dropInNextRead && length > 1)
                {
                    // The package corrupted on the UART: only its MAC can tell.
                    this.dropInNextRead = false;
                    this.Deliver(bytes, length / 2);
                    this.Deliver(bytes.AsSpan(length / 2 + 1).ToArray(), length - length / 2 - 1);
                    this.stalled = true;
                    return;
                }

                // Not the payload prompts: the emulated modem has no AT+HTTPDATA <time> (an A76xx leaves the data mode
                // when it runs out), so a lost prompt would leave it reading the device's next commands as payload.
                int content = isData ? length : text.Length;
                bool prompt = text == HttpCommands.DownloadPrompt || text == ">";
                if (content > 0 && !prompt && this.plan.Roll(ModemFaultKind.DroppedByte))
                {
                    int drop = this.plan.Next(length);
                    this.Deliver(bytes, drop);
                    if (drop + 1 < length)
                    {
                        this.Deliver(bytes.AsSpan(drop + 1, length - drop - 1).ToArray(), length - drop - 1);
                    }

                    this.stalled = true;
                    return;
                }

                this.Deliver(bytes, length);
            }
            finally
            {
                this.unit.SetLength(0);
            }
        }

        private void Deliver(byte[] bytes, int count)
        {
            if (this.dead || count == 0)
            {
                return;
            }

            this.Forward(bytes, count);
        }

        private void Forward(byte[] bytes, int count)
        {
            if (this.dead)
            {
                return;
            }

            this.inner.Write(bytes, 0, count);
        }
    }
}
