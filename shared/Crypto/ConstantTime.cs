using System;

namespace M2MDevice.Crypto
{
    /// <summary>
    /// Comparison and wiping of secret bytes. MACs, RES and XRES are compared with AreEqual so that
    /// the time taken does not reveal how many leading bytes matched.
    /// </summary>
    public static class ConstantTime
    {
        /// <summary>
        /// True when count bytes at a[aOffset] equal count bytes at b[bOffset]. The time depends only on count,
        /// never on the content.
        /// </summary>
        public static bool AreEqual(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            if (a == null)
            {
                throw new ArgumentNullException(nameof(a));
            }

            if (b == null)
            {
                throw new ArgumentNullException(nameof(b));
            }

            if (count < 0 || aOffset < 0 || bOffset < 0 || aOffset > a.Length - count || bOffset > b.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            // No early exit: every byte is visited and the differences are OR-ed together.
            int difference = 0;
            for (int i = 0; i < count; i++)
            {
                difference |= a[aOffset + i] ^ b[bOffset + i];
            }

            return difference == 0;
        }

        /// <summary>Zeroes the whole buffer (a no-op for null).</summary>
        public static void Clear(byte[] buffer)
        {
            if (buffer != null)
            {
                Array.Clear(buffer, 0, buffer.Length);
            }
        }

        /// <summary>Zeroes count bytes at buffer[offset].</summary>
        public static void Clear(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            Array.Clear(buffer, offset, count);
        }
    }
}
