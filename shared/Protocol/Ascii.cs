using System;

namespace M2MDevice.Protocol
{
    /// <summary>
    /// ASCII text as bytes, for the text fields of the protocol (IMPI, B-TID, URLs, digit strings) on a device
    /// without a text-encoding library. Only 7-bit characters pass; anything else is rejected, never replaced.
    /// </summary>
    public static class Ascii
    {
        /// <summary>The ASCII bytes of text; ArgumentException when text holds a character above 0x7F.</summary>
        public static byte[] GetBytes(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c > (char)0x7F)
                {
                    throw new ArgumentException("not ASCII", nameof(text));
                }

                bytes[i] = (byte)c;
            }

            return bytes;
        }

        /// <summary>The text of count ASCII bytes at bytes[offset]; ArgumentException for a byte above 0x7F.</summary>
        public static string GetString(byte[] bytes, int offset, int count)
        {
            TlvReader.CheckRange(bytes, offset, count);
            char[] chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                if (b > 0x7F)
                {
                    throw new ArgumentException("not ASCII", nameof(bytes));
                }

                chars[i] = (char)b;
            }

            return new string(chars);
        }

        /// <summary>The text of a whole ASCII byte array.</summary>
        public static string GetString(byte[] bytes)
        {
            if (bytes == null)
            {
                throw new ArgumentNullException(nameof(bytes));
            }

            return GetString(bytes, 0, bytes.Length);
        }

        /// <summary>True when every byte is a decimal digit '0'-'9' (and there is at least one).</summary>
        public static bool IsDigits(byte[] bytes, int offset, int count)
        {
            TlvReader.CheckRange(bytes, offset, count);
            if (count == 0)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                if (b < 0x30 || b > 0x39)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when every byte is printable ASCII, 0x20 (space) to 0x7E, spaces allowed only if allowSpace.</summary>
        public static bool IsPrintable(byte[] bytes, int offset, int count, bool allowSpace)
        {
            TlvReader.CheckRange(bytes, offset, count);
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                if (b < 0x20 || b > 0x7E || (b == 0x20 && !allowSpace))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// True for a DNS host name as RFC 1123 2.1 allows: dot-separated labels of 1-63 letters, digits and hyphens,
        /// not starting or ending with a hyphen, 1-253 characters in all.
        /// </summary>
        public static bool IsHostName(byte[] bytes, int offset, int count)
        {
            TlvReader.CheckRange(bytes, offset, count);
            if (count < 1 || count > 253)
            {
                return false;
            }

            int labelLength = 0;
            byte previous = 0x2e;
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                if (b == 0x2e)
                {
                    if (labelLength == 0 || previous == 0x2d)
                    {
                        return false;
                    }

                    labelLength = 0;
                }
                else
                {
                    bool letterOrDigit = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
                    if (!letterOrDigit && !(b == 0x2d && labelLength > 0))
                    {
                        return false;
                    }

                    labelLength++;
                    if (labelLength > 63)
                    {
                        return false;
                    }
                }

                previous = b;
            }

            return labelLength > 0 && previous != 0x2d;
        }
    }
}
