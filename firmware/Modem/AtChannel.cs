using System;
using M2MDevice.At;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// The device's AT command channel (DTE side of ITU-T V.250), sans-IO: modem bytes go in through
    /// <see cref="Receive"/>, elapsed time through <see cref="Tick"/>; command lines go out through an
    /// <see cref="IByteSink"/>, completions and URCs come out through handlers. Nothing blocks, sleeps or
    /// starts threads; call all members from one thread.
    /// <para>
    /// One command is in flight at a time (V.250 5.2: the DCE handles one command line at a time). Further
    /// commands wait in a fixed-size FIFO (<see cref="Send"/>), or at its head (<see cref="SendFirst"/>, for
    /// answers the modem is waiting on, such as remote-SIM responses); a full queue refuses with
    /// <see cref="AtSendResult.QueueFull"/> rather than growing.
    /// </para>
    /// <para>
    /// Attribution of a received line while a command is in flight: a final result code completes it;
    /// a line starting with the command's <see cref="AtCommand.ResponsePrefix"/> (or, with an empty prefix,
    /// any line not starting with '+') is collected as its response; "DOWNLOAD" or '&gt;' while the command
    /// waits for a prompt releases its payload; a line announcing binary data (the command's
    /// <see cref="IAtDataReceiver"/>) switches the line assembler to raw data. Every other line, and every
    /// line while idle, goes to the <see cref="IAtUrcHandler"/>. A URC with the same prefix as the command
    /// in flight (+CREG during AT+CREG?) is indistinguishable and is collected; TS 27.007 modems hold URCs
    /// back while a command runs.
    /// </para>
    /// <para>
    /// Timeouts complete the command with <see cref="AtResultCode.Timeout"/>. A final result the modem sends
    /// later would be taken for the next command's: after a timeout the owner should resynchronise (e.g. send
    /// "AT" and expect OK) before relying on results again.
    /// </para>
    /// </summary>
    public sealed class AtChannel
    {
        /// <summary>Default longest line: the longest remote-SIM line plus margin.</summary>
        public const int DefaultMaxLineLength = RemoteSimMessage.MaxLineLength + 40;

        private static readonly byte[] CommandTerminator = new byte[] { AtAscii.CarriageReturn };

        private readonly IByteSink sink;
        private readonly IAtUrcHandler urcHandler;
        private readonly AtLineAssembler assembler;
        private readonly AtCommand[] queue;
        private int queueHead;
        private int queueCount;
        private AtCommand current;
        private int remainingMilliseconds;
        private IAtDataReceiver dataReceiver;
        private bool receiving;

        /// <summary>Creates a channel with a queue of 4 and the default line limit.</summary>
        public AtChannel(IByteSink sink, IAtUrcHandler urcHandler)
            : this(sink, urcHandler, 4, DefaultMaxLineLength)
        {
        }

        /// <summary>Creates a channel writing to sink and reporting unsolicited lines to urcHandler.</summary>
        /// <param name="sink">Where command lines and payloads are written.</param>
        /// <param name="urcHandler">Receives unattributed lines.</param>
        /// <param name="queueCapacity">Commands that may wait behind the one in flight (0: refuse when busy).</param>
        /// <param name="maxLineLength">Longest line accepted from the modem.</param>
        public AtChannel(IByteSink sink, IAtUrcHandler urcHandler, int queueCapacity, int maxLineLength)
        {
            if (sink == null)
            {
                throw new ArgumentNullException(nameof(sink));
            }

            if (urcHandler == null)
            {
                throw new ArgumentNullException(nameof(urcHandler));
            }

            if (queueCapacity < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(queueCapacity));
            }

            this.sink = sink;
            this.urcHandler = urcHandler;
            assembler = new AtLineAssembler(maxLineLength, true);
            queue = new AtCommand[queueCapacity];
        }

        /// <summary>Where the channel is with the command in flight.</summary>
        public AtChannelState State { get; private set; }

        /// <summary>The command in flight, or null.</summary>
        public AtCommand Current => current;

        /// <summary>Commands waiting behind the one in flight.</summary>
        public int QueuedCount => queueCount;

        /// <summary>True when a command is in flight.</summary>
        public bool IsBusy => current != null;

        /// <summary>Prompts received while no command waited for one.</summary>
        public int StrayPromptCount { get; private set; }

        /// <summary>Payload bytes received with no receiver (its command had completed); discarded.</summary>
        public int DiscardedDataCount { get; private set; }

        /// <summary>Lines that exceeded the line limit.</summary>
        public int OverflowCount => assembler.OverflowCount;

        /// <summary>
        /// Writes command now when idle, else queues it (FIFO). The command's previous outcome is cleared.
        /// </summary>
        public AtSendResult Send(AtCommand command)
        {
            return Enqueue(command, false);
        }

        /// <summary>Like <see cref="Send"/>, but places command at the head of the queue.</summary>
        public AtSendResult SendFirst(AtCommand command)
        {
            return Enqueue(command, true);
        }

        /// <summary>Feeds bytes received from the modem. Handlers run from inside this call.</summary>
        public void Receive(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (receiving)
            {
                throw new InvalidOperationException("Receive called from a handler");
            }

            receiving = true;
            try
            {
                while (count > 0)
                {
                    int used = assembler.Advance(data, offset, count);
                    offset += used;
                    count -= used;
                    switch (assembler.Token)
                    {
                        case AtTokenKind.Line:
                            HandleLine(assembler.LineBuffer, 0, assembler.LineLength);
                            break;
                        case AtTokenKind.Prompt:
                            HandlePrompt();
                            break;
                        case AtTokenKind.Data:
                            HandleData(data, assembler.DataOffset, assembler.DataCount);
                            break;
                        case AtTokenKind.Overflow:
                            if (current != null)
                            {
                                current.Overflowed = true;
                            }

                            break;
                        default:
                            break; // None (need more) and Echo (V.250 6.2.4 echo of our own line) carry nothing
                    }
                }
            }
            finally
            {
                receiving = false;
            }
        }

        /// <summary>Advances the command timer; a command whose time runs out completes with Timeout.</summary>
        public void Tick(int elapsedMilliseconds)
        {
            if (elapsedMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(elapsedMilliseconds));
            }

            if (current == null)
            {
                return;
            }

            remainingMilliseconds -= elapsedMilliseconds;
            if (remainingMilliseconds <= 0)
            {
                Finish(AtResultCode.Timeout, AtFinalResult.NoErrorNumber, true);
            }
        }

        /// <summary>
        /// Completes the command in flight and every queued command with Cancelled (handlers are told) and
        /// forgets any partial line (e.g. after a modem restart).
        /// </summary>
        public void CancelAll()
        {
            int waiting = queueCount;
            if (current != null)
            {
                Finish(AtResultCode.Cancelled, AtFinalResult.NoErrorNumber, false);
            }

            for (int i = 0; i < waiting && queueCount > 0; i++)
            {
                AtCommand command = Dequeue();
                command.Pending = false;
                command.Complete(AtResultCode.Cancelled, AtFinalResult.NoErrorNumber);
                if (command.Handler != null)
                {
                    command.Handler.OnCompleted(command);
                }
            }

            assembler.Reset();
            dataReceiver = null;
        }

        private AtSendResult Enqueue(AtCommand command, bool first)
        {
            if (command == null)
            {
                throw new ArgumentNullException(nameof(command));
            }

            if (command.Text.Length == 0)
            {
                throw new ArgumentException("empty command line; call Begin and a builder", nameof(command));
            }

            if (command.Pending)
            {
                return AtSendResult.AlreadyPending;
            }

            command.ClearOutcome();
            if (current == null && queueCount == 0)
            {
                Start(command);
                return AtSendResult.Started;
            }

            if (queueCount == queue.Length)
            {
                return AtSendResult.QueueFull;
            }

            command.Pending = true;
            if (first)
            {
                queueHead = (queueHead + queue.Length - 1) % queue.Length;
                queue[queueHead] = command;
            }
            else
            {
                queue[(queueHead + queueCount) % queue.Length] = command;
            }

            queueCount++;
            return AtSendResult.Queued;
        }

        private AtCommand Dequeue()
        {
            AtCommand command = queue[queueHead];
            queue[queueHead] = null;
            queueHead = (queueHead + 1) % queue.Length;
            queueCount--;
            return command;
        }

        private void Start(AtCommand command)
        {
            command.Pending = true;
            current = command;
            remainingMilliseconds = command.TimeoutMilliseconds;
            State = command.Payload != null ? AtChannelState.AwaitingPrompt : AtChannelState.AwaitingFinalResult;
            assembler.ExpectEcho(command.Text.Buffer, 0, command.Text.Length);

            // V.250 5.2.1: a command line ends with S3.
            sink.Write(command.Text.Buffer, 0, command.Text.Length);
            sink.Write(CommandTerminator, 0, 1);
        }

        private void HandleLine(byte[] line, int offset, int count)
        {
            AtCommand command = current;
            if (command == null || AtAscii.EqualsText(line, offset, count, ModemUrcRouter.ModemReadyLine))
            {
                // RDY (the modem restarted) is never a response, even to a command that collects any line.
                urcHandler.OnUnsolicited(line, offset, count);
                return;
            }

            if (State == AtChannelState.AwaitingPrompt && AtAscii.EqualsText(line, offset, count, HttpCommands.DownloadPrompt))
            {
                SendPayload(command);
                return;
            }

            if (AtFinalResult.TryParse(line, offset, count, out AtResultCode code, out int errorNumber))
            {
                if (State == AtChannelState.AwaitingCompletionLine)
                {
                    urcHandler.OnUnsolicited(line, offset, count); // the command's own final result came already
                    return;
                }

                if (code == AtResultCode.Ok && command.CompletionPrefix != null && !command.CompletionPrefixSeen)
                {
                    command.FinalSeen = true;
                    command.FinalResult = code;
                    command.FinalErrorNumber = errorNumber;
                    State = AtChannelState.AwaitingCompletionLine;
                    return;
                }

                Finish(code, errorNumber, true);
                return;
            }

            bool completion = command.CompletionPrefix != null && AtAscii.StartsWith(line, offset, count, command.CompletionPrefix);
            if (!completion && !IsResponseLine(command, line, offset, count))
            {
                urcHandler.OnUnsolicited(line, offset, count);
                return;
            }

            command.AddResponseLine(line, offset, count);
            IAtDataReceiver receiver = command.DataReceiver;
            if (receiver != null && receiver.TryGetDataLength(line, offset, count, out int length) && length > 0)
            {
                // A76xx HTTP(S) manual: "+HTTPREAD: <len>" CR LF, then exactly len raw bytes.
                dataReceiver = receiver;
                assembler.BeginData(length, true);
            }

            if (completion)
            {
                if (command.FinalSeen)
                {
                    Finish(command.FinalResult, command.FinalErrorNumber, true);
                }
                else
                {
                    command.CompletionPrefixSeen = true;
                }
            }
        }

        private static bool IsResponseLine(AtCommand command, byte[] line, int offset, int count)
        {
            if (command.ResponsePrefix.Length == 0)
            {
                return count > 0 && line[offset] != (byte)'+';
            }

            return AtAscii.StartsWith(line, offset, count, command.ResponsePrefix);
        }

        private void HandlePrompt()
        {
            if (current != null && State == AtChannelState.AwaitingPrompt)
            {
                SendPayload(current);
            }
            else
            {
                StrayPromptCount++;
            }
        }

        private void SendPayload(AtCommand command)
        {
            State = AtChannelState.AwaitingFinalResult;
            sink.Write(command.Payload, command.PayloadOffset, command.PayloadCount);
        }

        private void HandleData(byte[] data, int offset, int count)
        {
            if (dataReceiver != null)
            {
                dataReceiver.OnData(data, offset, count);
            }
            else
            {
                DiscardedDataCount += count;
            }

            if (!assembler.InData)
            {
                dataReceiver = null;
            }
        }

        private void Finish(AtResultCode code, int errorNumber, bool startNext)
        {
            AtCommand command = current;
            if (command.Overflowed && code != AtResultCode.Timeout)
            {
                code = AtResultCode.LineOverflow;
                errorNumber = AtFinalResult.NoErrorNumber;
            }
            else if (command.TruncatedResponse && code == AtResultCode.Ok)
            {
                code = AtResultCode.ResponseOverflow;
            }

            if (code == AtResultCode.Timeout && assembler.InData)
            {
                // The modem stopped inside an announced binary payload: what follows is not payload, and
                // the next command's lines must not be swallowed as the rest of it.
                assembler.CancelData();
            }

            command.Complete(code, errorNumber);
            command.Pending = false;
            current = null;
            State = AtChannelState.Idle;
            assembler.ClearEcho();
            if (dataReceiver == command.DataReceiver)
            {
                dataReceiver = null;
            }

            if (command.Handler != null)
            {
                command.Handler.OnCompleted(command);
            }

            if (startNext && current == null && queueCount > 0)
            {
                Start(Dequeue());
            }
        }
    }
}
