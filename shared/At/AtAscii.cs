using System;

namespace M2MDevice.At
{
    /// <summary>
    /// ASCII helpers for AT text (ITU-T V.250 5.1: commands and responses are IA5 characters). Device code has
    /// no text-encoding library, so conversion between strings and bytes is done here, one byte per character.
    /// </summary>
    public static class AtAscii
    {
        /// <summary>Carriage return, the default S3 command line termination character (V.250 6.2.1).</summary>
        public const byte CarriageReturn = 13;

        /// <summary>Line feed, the default S4 response formatting character (V.250 6.2.2).</summary>
        public const byte LineFeed = 10;

        private const string HexDigits = "0123456789ABCDEF";

        /// <summary>A string with one character per byte of buffer[offset..offset+count).</summary>
        public static string GetString(byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            char[] characters = new char[count];
            for (int i = 0; i < count; i++)
            {
                characters[i] = (char)buffer[offset + i];
            }

            return new string(characters);
        }

        /// <summary>
        /// Writes text as bytes at destination[offset] and returns the number written. Characters above 0x7F
        /// are a programming error (AT text is 7-bit).
        /// </summary>
        public static int GetBytes(string text, byte[] destination, int offset)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            CheckRange(destination, offset, text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c > (char)0x7F)
                {
                    throw new ArgumentException("AT text must be ASCII", nameof(text));
                }

                destination[offset + i] = (byte)c;
            }

            return text.Length;
        }

        /// <summary>A new byte array holding the ASCII bytes of text.</summary>
        public static byte[] GetBytes(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            byte[] bytes = new byte[text.Length];
            GetBytes(text, bytes, 0);
            return bytes;
        }

        /// <summary>True when buffer[offset..offset+count) begins with prefix (case-sensitive).</summary>
        public static bool StartsWith(byte[] buffer, int offset, int count, string prefix)
        {
            if (prefix == null || prefix.Length > count)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (buffer[offset + i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when buffer[offset..offset+count) is exactly text (case-sensitive).</summary>
        public static bool EqualsText(byte[] buffer, int offset, int count, string text)
        {
            return text != null && text.Length == count && StartsWith(buffer, offset, count, text);
        }

        /// <summary>True when buffer[offset..offset+count) is text, ignoring ASCII letter case.</summary>
        public static bool EqualsTextIgnoreCase(byte[] buffer, int offset, int count, string text)
        {
            if (text == null || text.Length != count)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (ToUpper(buffer[offset + i]) != ToUpper((byte)text[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when the two byte ranges hold the same bytes.</summary>
        public static bool BytesEqual(byte[] a, int aOffset, int aCount, byte[] b, int bOffset, int bCount)
        {
            if (aCount != bCount)
            {
                return false;
            }

            for (int i = 0; i < aCount; i++)
            {
                if (a[aOffset + i] != b[bOffset + i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The ASCII upper-case form of a letter; other bytes unchanged.</summary>
        public static byte ToUpper(byte value)
        {
            return value >= (byte)'a' && value <= (byte)'z' ? (byte)(value - 32) : value;
        }

        /// <summary>True for '0'..'9'.</summary>
        public static bool IsDigit(byte value)
        {
            return value >= (byte)'0' && value <= (byte)'9';
        }

        /// <summary>The value 0..15 of a hexadecimal digit (either case), or -1.</summary>
        public static int HexValue(byte value)
        {
            if (value >= (byte)'0' && value <= (byte)'9')
            {
                return value - '0';
            }

            if (value >= (byte)'A' && value <= (byte)'F')
            {
                return value - 'A' + 10;
            }

            if (value >= (byte)'a' && value <= (byte)'f')
            {
                return value - 'a' + 10;
            }

            return -1;
        }

        /// <summary>The upper-case hexadecimal digit for nibble (0..15).</summary>
        public static byte HexDigit(int nibble)
        {
            return (byte)HexDigits[nibble & 0x0F];
        }

        /// <summary>Upper-case hexadecimal text of buffer[offset..offset+count) (for tests and logs of non-secret data).</summary>
        public static string ToHex(byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            char[] characters = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                characters[2 * i] = HexDigits[buffer[offset + i] >> 4];
                characters[(2 * i) + 1] = HexDigits[buffer[offset + i] & 0x0F];
            }

            return new string(characters);
        }

        internal static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }
        }
    }
}
