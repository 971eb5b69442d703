using System;

namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>
    /// Tag-length-value fields of record bodies (docs/keystore-format.md section 3.1): tag (1 byte),
    /// length (2 bytes, big-endian), value. Absent optional fields are omitted.
    /// </summary>
    internal static class Tlv
    {
        public const int FieldOverhead = 3;

        public static int Size(byte[] value)
        {
            return value == null ? 0 : FieldOverhead + value.Length;
        }

        public static int TextSize(string value)
        {
            return value == null ? 0 : FieldOverhead + value.Length;
        }

        public static int PutBytes(byte[] buffer, int position, byte tag, byte[] value)
        {
            if (value == null)
            {
                return position;
            }

            position = PutHeader(buffer, position, tag, value.Length);
            Array.Copy(value, 0, buffer, position, value.Length);
            return position + value.Length;
        }

        public static int PutBytes(byte[] buffer, int position, byte tag, byte[] value, int offset, int count)
        {
            position = PutHeader(buffer, position, tag, count);
            Array.Copy(value, offset, buffer, position, count);
            return position + count;
        }

        public static int PutByte(byte[] buffer, int position, byte tag, byte value)
        {
            position = PutHeader(buffer, position, tag, 1);
            buffer[position] = value;
            return position + 1;
        }

        public static int PutUInt32(byte[] buffer, int position, byte tag, uint value)
        {
            position = PutHeader(buffer, position, tag, 4);
            RecordCodec.WriteUInt32(buffer, position, value);
            return position + 4;
        }

        public static int PutText(byte[] buffer, int position, byte tag, string value)
        {
            if (value == null)
            {
                return position;
            }

            position = PutHeader(buffer, position, tag, value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                buffer[position + i] = (byte)value[i];
            }

            return position + value.Length;
        }

        public static bool IsAscii(string value)
        {
            if (value == null)
            {
                return true;
            }

            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < 0x20 || value[i] > 0x7E)
                {
                    return false;
                }
            }

            return true;
        }

        public static int PutHeader(byte[] buffer, int position, byte tag, int length)
        {
            if (length > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            buffer[position] = tag;
            buffer[position + 1] = (byte)(length >> 8);
            buffer[position + 2] = (byte)length;
            return position + FieldOverhead;
        }

        /// <summary>Reads the field at buffer[position]; false when it does not fit before end.</summary>
        public static bool TryRead(byte[] buffer, int position, int end, out byte tag, out int valueOffset, out int valueLength)
        {
            tag = 0;
            valueOffset = 0;
            valueLength = 0;
            if (end - position < FieldOverhead)
            {
                return false;
            }

            tag = buffer[position];
            valueLength = (buffer[position + 1] << 8) | buffer[position + 2];
            valueOffset = position + FieldOverhead;
            return valueLength <= end - valueOffset;
        }

        public static byte[] Copy(byte[] buffer, int offset, int count)
        {
            byte[] copy = new byte[count];
            Array.Copy(buffer, offset, copy, 0, count);
            return copy;
        }

        /// <summary>Printable ASCII to string; false on any other byte.</summary>
        public static bool TryText(byte[] buffer, int offset, int count, out string text)
        {
            text = null;
            char[] chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                byte b = buffer[offset + i];
                if (b < 0x20 || b > 0x7E)
                {
                    return false;
                }

                chars[i] = (char)b;
            }

            text = new string(chars);
            return true;
        }

        /// <summary>Marks tag as seen in a 32-bit set; false when it was already seen (duplicate field).</summary>
        public static bool MarkSeen(ref uint seen, byte tag)
        {
            uint bit = 1u << (tag & 31);
            if ((seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            return true;
        }
    }
}
