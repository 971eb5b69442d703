using System;

namespace M2MDevice.At
{
    /// <summary>
    /// Splits an AT byte stream into lines, prompts and raw data, incrementally: bytes may arrive in any
    /// split and the tokens are the same. Direction-agnostic: the device (DTE) reads modem responses with it
    /// and the emulated modem (DCE) reads command lines with it.
    /// <para>
    /// Rules: a line ends at S3 or S4 (V.250 6.2.1, 6.2.2; responses are framed &lt;S3&gt;&lt;S4&gt;text&lt;S3&gt;&lt;S4&gt;
    /// per V.250 5.7.1, commands end with S3 per 5.2.1); an S4 right after S3 belongs to that terminator;
    /// blank lines are skipped. With prompt detection on, '&gt;' at the start of a line is a
    /// <see cref="AtTokenKind.Prompt"/> (one following space is swallowed), as modems send "&gt; " without a
    /// terminator before a payload. After <see cref="BeginData"/> the next bytes are delivered raw as
    /// <see cref="AtTokenKind.Data"/>, not as lines. A line longer than the maximum yields one
    /// <see cref="AtTokenKind.Overflow"/> and is discarded up to its terminator: memory never grows.
    /// </para>
    /// Allocation-free after construction; not thread-safe.
    /// </summary>
    public sealed class AtLineAssembler
    {
        private readonly byte[] line;
        private readonly byte[] echo;
        private readonly bool detectPrompt;
        private int lineLength;
        private int echoLength = -1;
        private bool clearLineOnNext;
        private bool discarding;
        private bool pendingLineFeed;
        private bool swallowSpace;
        private int dataRemaining;
        private bool dataSkipsLineFeed;

        /// <summary>Creates an assembler holding lines of at most maxLineLength bytes.</summary>
        /// <param name="maxLineLength">Longest line accepted (terminator excluded), at least 1.</param>
        /// <param name="detectPrompt">True on the DTE side: report '&gt;' at line start as a prompt.</param>
        public AtLineAssembler(int maxLineLength, bool detectPrompt)
        {
            if (maxLineLength < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLineLength));
            }

            line = new byte[maxLineLength];
            echo = new byte[maxLineLength];
            this.detectPrompt = detectPrompt;
            LineTerminator = AtAscii.CarriageReturn;
            ResponseFormatting = AtAscii.LineFeed;
        }

        /// <summary>S3, the line termination character (V.250 6.2.1), default CR.</summary>
        public byte LineTerminator { get; set; }

        /// <summary>S4, the response formatting character (V.250 6.2.2), default LF.</summary>
        public byte ResponseFormatting { get; set; }

        /// <summary>Longest line accepted.</summary>
        public int MaxLineLength => line.Length;

        /// <summary>The token the last <see cref="Advance"/> produced.</summary>
        public AtTokenKind Token { get; private set; }

        /// <summary>Holds the line of a Line or Echo token (valid until the next Advance).</summary>
        public byte[] LineBuffer => line;

        /// <summary>Length of the line in <see cref="LineBuffer"/> for a Line or Echo token.</summary>
        public int LineLength => lineLength;

        /// <summary>Offset of a Data token's bytes in the input passed to Advance.</summary>
        public int DataOffset { get; private set; }

        /// <summary>Number of bytes of a Data token.</summary>
        public int DataCount { get; private set; }

        /// <summary>True while a data phase has bytes left to deliver.</summary>
        public bool InData => dataRemaining > 0;

        /// <summary>Bytes still expected in the current data phase.</summary>
        public int DataRemaining => dataRemaining;

        /// <summary>Number of overflowed lines so far.</summary>
        public int OverflowCount { get; private set; }

        /// <summary>
        /// Consumes bytes of input[offset..offset+count) until one token completes or the input is used up,
        /// and returns the number of bytes consumed (at least 1 when count &gt; 0). <see cref="Token"/> tells
        /// what completed (<see cref="AtTokenKind.None"/>: feed more). Call again with the rest.
        /// </summary>
        public int Advance(byte[] input, int offset, int count)
        {
            AtAscii.CheckRange(input, offset, count);
            Token = AtTokenKind.None;
            DataCount = 0;
            if (clearLineOnNext)
            {
                lineLength = 0;
                clearLineOnNext = false;
            }

            int position = offset;
            int end = offset + count;
            while (position < end)
            {
                byte value = input[position];
                if (dataRemaining > 0)
                {
                    if (pendingLineFeed && dataSkipsLineFeed && value == ResponseFormatting)
                    {
                        // V.250 5.7.1: the S4 after the header line's S3 is framing, not payload.
                        pendingLineFeed = false;
                        position++;
                        continue;
                    }

                    pendingLineFeed = false;
                    int take = end - position;
                    if (take > dataRemaining)
                    {
                        take = dataRemaining;
                    }

                    dataRemaining -= take;
                    DataOffset = position;
                    DataCount = take;
                    Token = AtTokenKind.Data;
                    return position + take - offset;
                }

                position++;
                if (pendingLineFeed)
                {
                    pendingLineFeed = false;
                    if (value == ResponseFormatting)
                    {
                        continue;
                    }
                }

                if (swallowSpace)
                {
                    swallowSpace = false;
                    if (value == (byte)' ')
                    {
                        continue;
                    }
                }

                bool terminator = value == LineTerminator || value == ResponseFormatting;
                if (discarding)
                {
                    if (terminator)
                    {
                        discarding = false;
                        pendingLineFeed = value == LineTerminator;
                    }

                    continue;
                }

                if (terminator)
                {
                    pendingLineFeed = value == LineTerminator;
                    if (lineLength == 0)
                    {
                        continue; // blank line
                    }

                    clearLineOnNext = true;
                    if (echoLength >= 0 && AtAscii.BytesEqual(line, 0, lineLength, echo, 0, echoLength))
                    {
                        ClearEcho();
                        Token = AtTokenKind.Echo;
                    }
                    else
                    {
                        Token = AtTokenKind.Line;
                    }

                    return position - offset;
                }

                if (detectPrompt && lineLength == 0 && value == (byte)'>')
                {
                    swallowSpace = true;
                    Token = AtTokenKind.Prompt;
                    return position - offset;
                }

                if (lineLength == line.Length)
                {
                    lineLength = 0;
                    discarding = true;
                    OverflowCount++;
                    Token = AtTokenKind.Overflow;
                    return position - offset;
                }

                line[lineLength++] = value;
            }

            return count;
        }

        /// <summary>
        /// Starts a data phase: the next length bytes are delivered raw as Data tokens. Call it between
        /// Advance calls, after the line that announced the length (e.g. "+HTTPREAD: DATA,&lt;len&gt;").
        /// </summary>
        /// <param name="length">Payload bytes to deliver raw, at least 1.</param>
        /// <param name="skipPendingLineFeed">
        /// True when the announcing line was framed &lt;S3&gt;&lt;S4&gt; (a modem response): an S4 that still
        /// follows that line's S3 is framing, not payload. False on the DCE side, where command lines end
        /// with S3 only and a payload may begin with LF.
        /// </param>
        public void BeginData(int length, bool skipPendingLineFeed)
        {
            if (length < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            if (lineLength != 0 && !clearLineOnNext)
            {
                throw new InvalidOperationException("a data phase can only start at a line boundary");
            }

            dataRemaining = length;
            dataSkipsLineFeed = skipPendingLineFeed;
            swallowSpace = false;
        }

        /// <summary>Abandons a data phase (e.g. after a timeout); following bytes are lines again.</summary>
        public void CancelData()
        {
            dataRemaining = 0;
        }

        /// <summary>
        /// Arms echo recognition: the next line equal to text is reported as <see cref="AtTokenKind.Echo"/>
        /// (V.250 6.2.4, E1: the DCE echoes the command line). Text longer than the line limit cannot echo
        /// as a line and is not armed.
        /// </summary>
        public void ExpectEcho(byte[] text, int offset, int count)
        {
            AtAscii.CheckRange(text, offset, count);
            ClearEcho();
            if (count == 0 || count > echo.Length)
            {
                return;
            }

            Array.Copy(text, offset, echo, 0, count);
            echoLength = count;
        }

        /// <summary>Disarms echo recognition and wipes the stored text (a command line may carry key material).</summary>
        public void ClearEcho()
        {
            if (echoLength > 0)
            {
                Array.Clear(echo, 0, echoLength);
            }

            echoLength = -1;
        }

        /// <summary>Forgets any partial line, data phase, echo and framing state.</summary>
        public void Reset()
        {
            lineLength = 0;
            clearLineOnNext = false;
            discarding = false;
            pendingLineFeed = false;
            swallowSpace = false;
            dataRemaining = 0;
            ClearEcho();
            Token = AtTokenKind.None;
            DataCount = 0;
        }
    }
}
