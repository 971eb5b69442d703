using System;

namespace M2MDevice.NFUnitTest
{
    /// <summary>Hex conversion for test vectors, without System.Text (runs on nanoFramework).</summary>
    public static class TestHex
    {
        /// <summary>Parses an even-length hex string (upper or lower case).</summary>
        public static byte[] Parse(string hex)
        {
            if (hex == null || hex.Length % 2 != 0)
            {
                throw new ArgumentException("hex string must have an even length");
            }

            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[(2 * i) + 1]));
            }

            return bytes;
        }

        /// <summary>Lower-case hex of buffer[offset..offset+count).</summary>
        public static string Format(byte[] buffer, int offset, int count)
        {
            const string Digits = "0123456789abcdef";
            char[] text = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                text[2 * i] = Digits[buffer[offset + i] >> 4];
                text[(2 * i) + 1] = Digits[buffer[offset + i] & 0x0F];
            }

            return new string(text);
        }

        /// <summary>Lower-case hex of a whole buffer.</summary>
        public static string Format(byte[] buffer)
        {
            return Format(buffer, 0, buffer.Length);
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            throw new ArgumentException("not a hex digit");
        }
    }
}
