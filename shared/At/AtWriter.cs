using System;

namespace M2MDevice.At
{
    /// <summary>
    /// Builds one AT command or response line in a preallocated buffer (no terminator: the channel or the
    /// emulated modem adds S3, or S3 S4 framing). Exceeding the capacity, or a string parameter that
    /// cannot be quoted, is a programming error and throws.
    /// </summary>
    public sealed class AtWriter
    {
        private readonly byte[] buffer;

        /// <summary>Creates a writer holding up to capacity bytes.</summary>
        public AtWriter(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            buffer = new byte[capacity];
        }

        /// <summary>The bytes written so far start at index 0.</summary>
        public byte[] Buffer => buffer;

        /// <summary>Number of bytes written.</summary>
        public int Length { get; private set; }

        /// <summary>Capacity in bytes.</summary>
        public int Capacity => buffer.Length;

        /// <summary>Empties the writer.</summary>
        public AtWriter Clear()
        {
            Length = 0;
            return this;
        }

        /// <summary>Appends ASCII text verbatim.</summary>
        public AtWriter Append(string text)
        {
            Ensure(text.Length);
            Length += AtAscii.GetBytes(text, buffer, Length);
            return this;
        }

        /// <summary>Appends one byte.</summary>
        public AtWriter AppendByte(byte value)
        {
            Ensure(1);
            buffer[Length++] = value;
            return this;
        }

        /// <summary>Appends bytes verbatim.</summary>
        public AtWriter AppendBytes(byte[] source, int offset, int count)
        {
            AtAscii.CheckRange(source, offset, count);
            Ensure(count);
            Array.Copy(source, offset, buffer, Length, count);
            Length += count;
            return this;
        }

        /// <summary>Appends a decimal number (V.250 5.4.2.1 numeric constant).</summary>
        public AtWriter AppendInt(int value)
        {
            if (value < 0)
            {
                if (value == int.MinValue)
                {
                    throw new ArgumentOutOfRangeException(nameof(value));
                }

                AppendByte((byte)'-');
                value = -value;
            }

            int digits = 1;
            for (int rest = value / 10; rest > 0; rest /= 10)
            {
                digits++;
            }

            Ensure(digits);
            for (int i = digits - 1; i >= 0; i--)
            {
                buffer[Length + i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            Length += digits;
            return this;
        }

        /// <summary>
        /// Appends a double-quoted string constant (V.250 5.4.2.2). A '"', a control character or a
        /// non-ASCII character cannot be carried and throws.
        /// </summary>
        public AtWriter AppendQuoted(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"' || c < ' ' || c > (char)0x7E)
                {
                    throw new ArgumentException("string parameter cannot be quoted", nameof(text));
                }
            }

            Ensure(text.Length + 2);
            AppendByte((byte)'"');
            Append(text);
            return AppendByte((byte)'"');
        }

        /// <summary>Appends upper-case hexadecimal digits of the bytes, unquoted.</summary>
        public AtWriter AppendHex(byte[] source, int offset, int count)
        {
            AtAscii.CheckRange(source, offset, count);
            Ensure(count * 2);
            for (int i = 0; i < count; i++)
            {
                buffer[Length++] = AtAscii.HexDigit(source[offset + i] >> 4);
                buffer[Length++] = AtAscii.HexDigit(source[offset + i]);
            }

            return this;
        }

        /// <summary>Appends the bytes as a quoted upper-case hexadecimal string.</summary>
        public AtWriter AppendQuotedHex(byte[] source, int offset, int count)
        {
            Ensure((count * 2) + 2);
            AppendByte((byte)'"');
            AppendHex(source, offset, count);
            return AppendByte((byte)'"');
        }

        /// <summary>Appends value as exactly digits upper-case hex digits, quoted (e.g. "00C3" for a LAC).</summary>
        public AtWriter AppendQuotedHexNumber(int value, int digits)
        {
            if (digits < 1 || digits > 8)
            {
                throw new ArgumentOutOfRangeException(nameof(digits));
            }

            Ensure(digits + 2);
            AppendByte((byte)'"');
            for (int i = digits - 1; i >= 0; i--)
            {
                buffer[Length++] = AtAscii.HexDigit(value >> (4 * i));
            }

            return AppendByte((byte)'"');
        }

        /// <summary>The text written so far (tests, logs of non-secret commands).</summary>
        public override string ToString()
        {
            return AtAscii.GetString(buffer, 0, Length);
        }

        private void Ensure(int count)
        {
            if (count > buffer.Length - Length)
            {
                throw new InvalidOperationException("AT line exceeds the writer capacity");
            }
        }
    }
}
