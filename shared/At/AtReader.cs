namespace M2MDevice.At
{
    /// <summary>
    /// A cursor over one AT line for parsing its parameters (V.250 5.4.2: numeric constants in decimal,
    /// string constants in double quotes; TS 27.007 4.1: parameters separated by ',' and possibly
    /// omitted). Every TryX either advances past what it read and returns true, or leaves
    /// <see cref="Position"/> unchanged, records <see cref="Error"/> and returns false. Spaces around
    /// separators are tolerated. Reusable (<see cref="Reset"/>); allocation-free except the methods that
    /// return strings.
    /// </summary>
    public sealed class AtReader
    {
        private const int MaxDecimalDigits = 9;
        private byte[] buffer;
        private int start;
        private int end;

        /// <summary>Creates a reader over an empty line; call <see cref="Reset"/>.</summary>
        public AtReader()
        {
            buffer = new byte[0];
        }

        /// <summary>The line being read.</summary>
        public byte[] Buffer => buffer;

        /// <summary>Absolute index in <see cref="Buffer"/> of the next byte to read.</summary>
        public int Position { get; private set; }

        /// <summary>Absolute index just past the line.</summary>
        public int End => end;

        /// <summary>Bytes left to read.</summary>
        public int Remaining => end - Position;

        /// <summary>Why the last failed TryX failed (Ok after Reset).</summary>
        public AtParseResult Error { get; private set; }

        /// <summary>Where the last failure was detected (absolute index), for diagnostics.</summary>
        public int ErrorPosition { get; private set; }

        /// <summary>Starts reading buffer[offset..offset+count).</summary>
        public void Reset(byte[] line, int offset, int count)
        {
            AtAscii.CheckRange(line, offset, count);
            buffer = line;
            start = offset;
            end = offset + count;
            Position = offset;
            Error = AtParseResult.Ok;
            ErrorPosition = offset;
        }

        /// <summary>Moves back to the start of the line.</summary>
        public void Rewind()
        {
            Position = start;
        }

        /// <summary>Moves to an absolute position previously read from <see cref="Position"/>.</summary>
        public void Seek(int position)
        {
            if (position < start || position > end)
            {
                throw new System.ArgumentOutOfRangeException(nameof(position));
            }

            Position = position;
        }

        /// <summary>Records a failure, restores the cursor to restorePosition and returns false.</summary>
        public bool Fail(AtParseResult reason, int restorePosition)
        {
            Error = reason;
            ErrorPosition = Position;
            Position = restorePosition;
            return false;
        }

        /// <summary>True when only spaces remain.</summary>
        public bool IsAtEnd
        {
            get
            {
                int p = Position;
                while (p < end && buffer[p] == (byte)' ')
                {
                    p++;
                }

                return p == end;
            }
        }

        /// <summary>Skips spaces.</summary>
        public void SkipSpaces()
        {
            while (Position < end && buffer[Position] == (byte)' ')
            {
                Position++;
            }
        }

        /// <summary>True (without consuming) when the next non-space byte is value.</summary>
        public bool PeekIs(byte value)
        {
            int p = Position;
            while (p < end && buffer[p] == (byte)' ')
            {
                p++;
            }

            return p < end && buffer[p] == value;
        }

        /// <summary>Consumes an exact literal such as "+CREG:" (case-sensitive); spaces before it are skipped.</summary>
        public bool TryExpect(string literal)
        {
            int saved = Position;
            SkipSpaces();
            if (!AtAscii.StartsWith(buffer, Position, end - Position, literal))
            {
                return Fail(AtParseResult.WrongPrefix, saved);
            }

            Position += literal.Length;
            return true;
        }

        /// <summary>Consumes a single byte (after spaces) when it is value; no failure recorded otherwise.</summary>
        public bool TrySkip(byte value)
        {
            int saved = Position;
            SkipSpaces();
            if (Position < end && buffer[Position] == value)
            {
                Position++;
                return true;
            }

            Position = saved;
            return false;
        }

        /// <summary>Consumes a ',' separator.</summary>
        public bool TryReadComma()
        {
            int saved = Position;
            if (TrySkip((byte)','))
            {
                return true;
            }

            return Fail(Position >= end || IsAtEnd ? AtParseResult.MissingParameter : AtParseResult.ExpectedComma, saved);
        }

        /// <summary>True when the next parameter is omitted (next byte is ',' or the end), without consuming.</summary>
        public bool IsParameterOmitted()
        {
            return IsAtEnd || PeekIs((byte)',') || PeekIs((byte)')');
        }

        /// <summary>Reads a non-negative decimal number of at most 9 digits.</summary>
        public bool TryReadInt(out int value)
        {
            value = 0;
            int saved = Position;
            SkipSpaces();
            int digits = 0;
            int result = 0;
            while (Position < end && AtAscii.IsDigit(buffer[Position]))
            {
                if (digits == MaxDecimalDigits)
                {
                    return Fail(AtParseResult.OutOfRange, saved);
                }

                result = (result * 10) + (buffer[Position] - '0');
                digits++;
                Position++;
            }

            if (digits == 0)
            {
                return Fail(Position >= end ? AtParseResult.MissingParameter : AtParseResult.InvalidNumber, saved);
            }

            value = result;
            return true;
        }

        /// <summary>Reads a decimal number and checks minimum &lt;= value &lt;= maximum.</summary>
        public bool TryReadInt(int minimum, int maximum, out int value)
        {
            int saved = Position;
            if (!TryReadInt(out value))
            {
                return false;
            }

            if (value < minimum || value > maximum)
            {
                value = 0;
                return Fail(AtParseResult.OutOfRange, saved);
            }

            return true;
        }

        /// <summary>
        /// Reads an optional decimal parameter: when omitted (empty before ',' or end) value is -1 and
        /// nothing is consumed.
        /// </summary>
        public bool TryReadOptionalInt(int minimum, int maximum, out int value)
        {
            if (IsParameterOmitted())
            {
                value = -1;
                return true;
            }

            return TryReadInt(minimum, maximum, out value);
        }

        /// <summary>
        /// Reads a double-quoted string constant (V.250 5.4.2.2) and returns where its content lies in
        /// <see cref="Buffer"/>; no escape processing.
        /// </summary>
        public bool TryReadQuoted(out int contentOffset, out int contentCount)
        {
            contentOffset = 0;
            contentCount = 0;
            int saved = Position;
            SkipSpaces();
            if (Position >= end)
            {
                return Fail(AtParseResult.MissingParameter, saved);
            }

            if (buffer[Position] != (byte)'"')
            {
                return Fail(AtParseResult.ExpectedQuote, saved);
            }

            int content = Position + 1;
            int p = content;
            while (p < end && buffer[p] != (byte)'"')
            {
                p++;
            }

            if (p >= end)
            {
                Position = end;
                return Fail(AtParseResult.UnterminatedString, saved);
            }

            contentOffset = content;
            contentCount = p - content;
            Position = p + 1;
            return true;
        }

        /// <summary>Reads a quoted string of at most maxLength characters as a new string.</summary>
        public bool TryReadQuotedString(int maxLength, out string value)
        {
            value = null;
            int saved = Position;
            if (!TryReadQuoted(out int offset, out int count))
            {
                return false;
            }

            if (count > maxLength)
            {
                return Fail(AtParseResult.TooLong, saved);
            }

            value = AtAscii.GetString(buffer, offset, count);
            return true;
        }

        /// <summary>Reads an optional quoted string: omitted gives null and consumes nothing.</summary>
        public bool TryReadOptionalQuotedString(int maxLength, out string value)
        {
            if (IsParameterOmitted())
            {
                value = null;
                return true;
            }

            return TryReadQuotedString(maxLength, out value);
        }

        /// <summary>
        /// Reads a hexadecimal number of 1..maxDigits digits, quoted or not (TS 27.007 7.2: &lt;lac&gt;, &lt;ci&gt;
        /// are string type in hexadecimal format). At most 8 digits; values above 0x7FFFFFFF fail.
        /// </summary>
        public bool TryReadHexNumber(int maxDigits, out int value)
        {
            value = 0;
            int saved = Position;
            SkipSpaces();
            bool quoted = Position < end && buffer[Position] == (byte)'"';
            if (quoted)
            {
                Position++;
            }

            int digits = 0;
            long result = 0;
            while (Position < end && AtAscii.HexValue(buffer[Position]) >= 0)
            {
                if (digits == maxDigits || digits == 8)
                {
                    return Fail(AtParseResult.OutOfRange, saved);
                }

                result = (result << 4) | (uint)AtAscii.HexValue(buffer[Position]);
                digits++;
                Position++;
            }

            if (digits == 0)
            {
                return Fail(Position >= end ? AtParseResult.MissingParameter : AtParseResult.InvalidHex, saved);
            }

            if (quoted)
            {
                if (Position >= end)
                {
                    return Fail(AtParseResult.UnterminatedString, saved);
                }

                if (buffer[Position] != (byte)'"')
                {
                    return Fail(AtParseResult.InvalidHex, saved);
                }

                Position++;
            }

            if (result > 0x7FFFFFFF)
            {
                return Fail(AtParseResult.OutOfRange, saved);
            }

            value = (int)result;
            return true;
        }

        /// <summary>
        /// Reads a hexadecimal byte string (quoted, or unquoted up to ',' or the end) into
        /// destination[destinationOffset..], at most maxCount bytes.
        /// </summary>
        public bool TryReadHexBytes(byte[] destination, int destinationOffset, int maxCount, out int count)
        {
            count = 0;
            int saved = Position;
            SkipSpaces();
            int contentOffset;
            int contentCount;
            if (Position < end && buffer[Position] == (byte)'"')
            {
                if (!TryReadQuoted(out contentOffset, out contentCount))
                {
                    Position = saved;
                    return false;
                }
            }
            else
            {
                contentOffset = Position;
                int p = Position;
                while (p < end && buffer[p] != (byte)',' && buffer[p] != (byte)' ')
                {
                    p++;
                }

                contentCount = p - contentOffset;
                Position = p;
            }

            if ((contentCount & 1) != 0)
            {
                return Fail(AtParseResult.OddHexLength, saved);
            }

            int bytes = contentCount / 2;
            if (bytes > maxCount || destinationOffset > destination.Length - bytes)
            {
                return Fail(AtParseResult.TooLong, saved);
            }

            for (int i = 0; i < contentCount; i++)
            {
                if (AtAscii.HexValue(buffer[contentOffset + i]) < 0)
                {
                    return Fail(AtParseResult.InvalidHex, saved);
                }
            }

            for (int i = 0; i < bytes; i++)
            {
                int high = AtAscii.HexValue(buffer[contentOffset + (2 * i)]);
                int low = AtAscii.HexValue(buffer[contentOffset + (2 * i) + 1]);
                destination[destinationOffset + i] = (byte)((high << 4) | low);
            }

            count = bytes;
            return true;
        }

        /// <summary>Reads the rest of the line as text (trimmed of surrounding spaces and one pair of quotes).</summary>
        public bool TryReadRestAsText(int maxLength, out string value)
        {
            value = null;
            int saved = Position;
            SkipSpaces();
            int from = Position;
            int to = end;
            while (to > from && buffer[to - 1] == (byte)' ')
            {
                to--;
            }

            if (to - from >= 2 && buffer[from] == (byte)'"' && buffer[to - 1] == (byte)'"')
            {
                from++;
                to--;
            }

            if (to - from > maxLength)
            {
                return Fail(AtParseResult.TooLong, saved);
            }

            value = AtAscii.GetString(buffer, from, to - from);
            Position = end;
            return true;
        }

        /// <summary>
        /// Skips one parameter of any form: a quoted string, a parenthesised list, or unquoted text up to
        /// ',' or the end (possibly empty).
        /// </summary>
        public bool TrySkipParameter()
        {
            int saved = Position;
            SkipSpaces();
            if (Position < end && buffer[Position] == (byte)'"')
            {
                if (!TryReadQuoted(out int _, out int _))
                {
                    Position = saved;
                    return false;
                }

                return true;
            }

            if (Position < end && buffer[Position] == (byte)'(')
            {
                int depth = 0;
                bool inString = false;
                while (Position < end)
                {
                    byte value = buffer[Position++];
                    if (value == (byte)'"')
                    {
                        inString = !inString;
                    }
                    else if (!inString && value == (byte)'(')
                    {
                        depth++;
                    }
                    else if (!inString && value == (byte)')')
                    {
                        depth--;
                        if (depth == 0)
                        {
                            return true;
                        }
                    }
                }

                return Fail(AtParseResult.MalformedList, saved);
            }

            while (Position < end && buffer[Position] != (byte)',')
            {
                if (buffer[Position] == (byte)'"' || buffer[Position] == (byte)'(' || buffer[Position] == (byte)')')
                {
                    return Fail(AtParseResult.UnknownValue, saved);
                }

                Position++;
            }

            return true;
        }

        /// <summary>Succeeds when only spaces remain; otherwise records TrailingData.</summary>
        public bool TryEnd()
        {
            if (IsAtEnd)
            {
                Position = end;
                return true;
            }

            return Fail(AtParseResult.TrailingData, Position);
        }

        /// <summary>Skips any further well-formed parameters (",x,y...") up to the end of the line.</summary>
        public bool TrySkipRemainingParameters()
        {
            int saved = Position;
            while (!IsAtEnd)
            {
                if (!TryReadComma() || !TrySkipParameter())
                {
                    AtParseResult reason = Error;
                    return Fail(reason, saved);
                }
            }

            Position = end;
            return true;
        }
    }
}
