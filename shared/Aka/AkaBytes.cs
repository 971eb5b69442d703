namespace M2MDevice.Aka
{
    /// <summary>Byte helpers of the AKA code: constant-time compare, XOR, zeroing, 48-bit values.</summary>
    internal static class AkaBytes
    {
        /// <summary>Compares in time that depends only on count, never on where the bytes differ.</summary>
        public static bool ConstantTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            int difference = 0;
            for (int i = 0; i < count; i++)
            {
                difference |= a[aOffset + i] ^ b[bOffset + i];
            }

            return difference == 0;
        }

        /// <summary>output[i] = a[i] xor b[i]; output may be a or b exactly.</summary>
        public static void Xor(byte[] a, int aOffset, byte[] b, int bOffset, byte[] output, int outputOffset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                output[outputOffset + i] = (byte)(a[aOffset + i] ^ b[bOffset + i]);
            }
        }

        public static void Zero(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0;
            }
        }

        public static bool Equal(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (a[aOffset + i] != b[bOffset + i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Reads a 48-bit big-endian value (SQN, TS 33.102 6.3.7).</summary>
        public static long ReadUInt48(byte[] buffer, int offset)
        {
            long value = 0;
            for (int i = 0; i < 6; i++)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        /// <summary>Writes the low 48 bits of value big-endian.</summary>
        public static void WriteUInt48(long value, byte[] buffer, int offset)
        {
            for (int i = 5; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}
