using System;
using M2MDevice.At;

namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// One AT command and, after completion, its outcome: the command line (built into <see cref="Text"/>,
    /// without terminator), the response prefix that marks its information lines, a timeout, an optional
    /// payload sent after the modem's prompt, an optional completion line that must follow the final
    /// result, and the collected response. The owner preallocates and reuses it; while queued or in flight
    /// it belongs to the <see cref="AtChannel"/> and must not be modified.
    /// </summary>
    public sealed class AtCommand
    {
        /// <summary>Default command line capacity: fits the longest remote-SIM answer.</summary>
        public const int DefaultTextCapacity = RemoteSimMessage.MaxLineLength;

        private readonly AtWriter text;
        private readonly byte[] responseBuffer;
        private readonly int[] lineOffsets;
        private readonly int[] lineLengths;
        private int responseUsed;

        /// <summary>Creates a command with the default capacities (560-byte line, 1 KB / 16 lines of response).</summary>
        public AtCommand()
            : this(DefaultTextCapacity, 1024, 16)
        {
        }

        /// <summary>Creates a command holding a line of textCapacity bytes and up to maxLines response lines totalling responseCapacity bytes.</summary>
        public AtCommand(int textCapacity, int responseCapacity, int maxLines)
        {
            if (responseCapacity < 0 || maxLines < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLines));
            }

            text = new AtWriter(textCapacity);
            responseBuffer = new byte[responseCapacity];
            lineOffsets = new int[maxLines];
            lineLengths = new int[maxLines];
            ErrorNumber = AtFinalResult.NoErrorNumber;
        }

        /// <summary>The command line, e.g. "AT+CSQ" (the channel appends S3).</summary>
        public AtWriter Text => text;

        /// <summary>
        /// Prefix of this command's information response lines (e.g. "+CSQ:"). Empty: every line not
        /// starting with '+' is a response line (for +CGMI, +CIMI, ... that answer bare text); lines starting
        /// with '+' then go to the URC handler.
        /// </summary>
        public string ResponsePrefix { get; private set; }

        /// <summary>Time allowed from writing the command until completion.</summary>
        public int TimeoutMilliseconds { get; private set; }

        /// <summary>Payload written after the prompt ('&gt;' or DOWNLOAD); null for ordinary commands.</summary>
        public byte[] Payload { get; private set; }

        /// <summary>Offset of the payload in <see cref="Payload"/>.</summary>
        public int PayloadOffset { get; private set; }

        /// <summary>Length of the payload.</summary>
        public int PayloadCount { get; private set; }

        /// <summary>
        /// A line prefix that must also arrive before the command completes successfully (e.g.
        /// "+HTTPREAD: 0", which follows OK on the A76xx). Null: the final result completes the command.
        /// </summary>
        public string CompletionPrefix { get; private set; }

        /// <summary>Receives binary payloads announced by response lines; null for none.</summary>
        public IAtDataReceiver DataReceiver { get; set; }

        /// <summary>Told when the command completes; null for none.</summary>
        public IAtCommandHandler Handler { get; set; }

        /// <summary>How the command ended (None while pending).</summary>
        public AtResultCode Result { get; private set; }

        /// <summary>+CME/+CMS error number, or <see cref="AtFinalResult.NoErrorNumber"/>.</summary>
        public int ErrorNumber { get; private set; }

        /// <summary>True when Result is Ok.</summary>
        public bool Succeeded => Result == AtResultCode.Ok;

        /// <summary>Number of response lines collected.</summary>
        public int ResponseLineCount { get; private set; }

        /// <summary>The storage of the response lines (see <see cref="GetResponseLine"/>).</summary>
        public byte[] ResponseBuffer => responseBuffer;

        internal bool Pending { get; set; }

        internal bool FinalSeen { get; set; }

        internal AtResultCode FinalResult { get; set; }

        internal int FinalErrorNumber { get; set; }

        internal bool Overflowed { get; set; }

        internal bool CompletionPrefixSeen { get; set; }

        internal bool TruncatedResponse { get; set; }

        /// <summary>
        /// Clears everything and starts a new command line; returns <see cref="Text"/> for the builder.
        /// responsePrefix may be null (same as empty).
        /// </summary>
        public AtWriter Begin(string responsePrefix, int timeoutMilliseconds)
        {
            if (Pending)
            {
                throw new InvalidOperationException("the command is queued or in flight");
            }

            if (timeoutMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(timeoutMilliseconds));
            }

            text.Clear();
            ResponsePrefix = responsePrefix ?? string.Empty;
            TimeoutMilliseconds = timeoutMilliseconds;
            Payload = null;
            PayloadOffset = 0;
            PayloadCount = 0;
            CompletionPrefix = null;
            DataReceiver = null;
            ClearOutcome();
            return text;
        }

        /// <summary>Makes this a prompt-driven command: payload is written after '&gt;' or DOWNLOAD.</summary>
        public void SetPayload(byte[] payload, int offset, int count)
        {
            if (payload == null)
            {
                throw new ArgumentNullException(nameof(payload));
            }

            if (offset < 0 || count < 1 || offset > payload.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            Payload = payload;
            PayloadOffset = offset;
            PayloadCount = count;
        }

        /// <summary>Requires a line starting with prefix after the final result (see <see cref="CompletionPrefix"/>).</summary>
        public void SetCompletionPrefix(string prefix)
        {
            CompletionPrefix = prefix;
        }

        /// <summary>Offset and length of response line index in <see cref="ResponseBuffer"/>.</summary>
        public void GetResponseLine(int index, out int offset, out int count)
        {
            if (index < 0 || index >= ResponseLineCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            offset = lineOffsets[index];
            count = lineLengths[index];
        }

        /// <summary>Points reader at response line index.</summary>
        public void ReadResponseLine(int index, AtReader reader)
        {
            GetResponseLine(index, out int offset, out int count);
            reader.Reset(responseBuffer, offset, count);
        }

        /// <summary>Response line index as a string (allocates; diagnostics and tests).</summary>
        public string GetResponseLineText(int index)
        {
            GetResponseLine(index, out int offset, out int count);
            return AtAscii.GetString(responseBuffer, offset, count);
        }

        internal void ClearOutcome()
        {
            Result = AtResultCode.None;
            ErrorNumber = AtFinalResult.NoErrorNumber;
            ResponseLineCount = 0;
            responseUsed = 0;
            FinalSeen = false;
            FinalResult = AtResultCode.None;
            FinalErrorNumber = AtFinalResult.NoErrorNumber;
            Overflowed = false;
            CompletionPrefixSeen = false;
            TruncatedResponse = false;
        }

        internal void AddResponseLine(byte[] line, int offset, int count)
        {
            if (ResponseLineCount == lineOffsets.Length || count > responseBuffer.Length - responseUsed)
            {
                TruncatedResponse = true;
                return;
            }

            Array.Copy(line, offset, responseBuffer, responseUsed, count);
            lineOffsets[ResponseLineCount] = responseUsed;
            lineLengths[ResponseLineCount] = count;
            ResponseLineCount++;
            responseUsed += count;
        }

        internal void Complete(AtResultCode result, int errorNumber)
        {
            Result = result;
            ErrorNumber = errorNumber;
        }
    }
}
