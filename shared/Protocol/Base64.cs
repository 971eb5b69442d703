using System;

namespace M2MDevice.Protocol
{
    /// <summary>
    /// Base64 (RFC 4648 section 4: standard alphabet, '=' padding) over byte arrays, for the B-TID of
    /// TS 33.220 4.5.2 on a device without the text-encoding library or System.Convert. Allocates nothing.
    /// </summary>
    public static class Base64
    {
        // RFC 4648 Table 1: values 0..63 map to A-Z, a-z, 0-9, '+', '/'.
        private static readonly byte[] Alphabet =
        {
            0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50,
            0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
            0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76,
            0x77, 0x78, 0x79, 0x7a, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x2b, 0x2f,
        };

        private const byte Pad = 0x3d; // '='

        /// <summary>Length of the encoding of count bytes: 4 characters per started group of 3.</summary>
        public static int EncodedLength(int count)
        {
            if (count < 0 || count > 0x5FFFFFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            return ((count + 2) / 3) * 4;
        }

        /// <summary>Writes the ASCII Base64 encoding of count bytes at input[inputOffset] to output[outputOffset]; returns its length.</summary>
        public static int Encode(byte[] input, int inputOffset, int count, byte[] output, int outputOffset)
        {
            int length = EncodedLength(count);
            TlvReader.CheckRange(input, inputOffset, count);
            TlvReader.CheckRange(output, outputOffset, length);
            int o = outputOffset;
            int i = inputOffset;
            int full = count / 3;
            for (int g = 0; g < full; g++)
            {
                // RFC 4648 4: each 24-bit group becomes four 6-bit indices, most significant first.
                int group = (input[i] << 16) | (input[i + 1] << 8) | input[i + 2];
                output[o] = Alphabet[(group >> 18) & 63];
                output[o + 1] = Alphabet[(group >> 12) & 63];
                output[o + 2] = Alphabet[(group >> 6) & 63];
                output[o + 3] = Alphabet[group & 63];
                i += 3;
                o += 4;
            }

            int rest = count - (full * 3);
            if (rest > 0)
            {
                // RFC 4648 4: a final group of 8 or 16 bits is zero-extended and padded with "==" or "=".
                int group = input[i] << 16;
                if (rest == 2)
                {
                    group |= input[i + 1] << 8;
                }

                output[o] = Alphabet[(group >> 18) & 63];
                output[o + 1] = Alphabet[(group >> 12) & 63];
                output[o + 2] = rest == 2 ? Alphabet[(group >> 6) & 63] : Pad;
                output[o + 3] = Pad;
            }

            return length;
        }

        /// <summary>
        /// Decodes count ASCII characters at input[inputOffset] (a multiple of 4, canonical padding, no whitespace) to
        /// output[outputOffset]; false, with nothing promised about output, for anything not canonical Base64 or longer
        /// than outputCapacity.
        /// </summary>
        public static bool TryDecode(byte[] input, int inputOffset, int count, byte[] output, int outputOffset, int outputCapacity, out int length)
        {
            length = 0;
            TlvReader.CheckRange(input, inputOffset, count);
            TlvReader.CheckRange(output, outputOffset, outputCapacity);
            if (count % 4 != 0)
            {
                return false;
            }

            int padding = 0;
            if (count > 0 && input[inputOffset + count - 1] == Pad)
            {
                padding = input[inputOffset + count - 2] == Pad ? 2 : 1;
            }

            int decoded = ((count / 4) * 3) - padding;
            if (decoded > outputCapacity)
            {
                return false;
            }

            int o = outputOffset;
            for (int g = 0; g < count; g += 4)
            {
                bool last = g == count - 4;
                int a = ValueOf(input[inputOffset + g]);
                int b = ValueOf(input[inputOffset + g + 1]);
                int c = last && padding == 2 ? 0 : ValueOf(input[inputOffset + g + 2]);
                int d = last && padding >= 1 ? 0 : ValueOf(input[inputOffset + g + 3]);
                if ((a | b | c | d) < 0)
                {
                    return false;
                }

                int group = (a << 18) | (b << 12) | (c << 6) | d;
                output[o++] = (byte)(group >> 16);
                if (last && padding == 2)
                {
                    // RFC 4648 3.5: the unused bits of the last character must be zero (canonical encoding).
                    if ((group & 0xFFFF) != 0)
                    {
                        return false;
                    }

                    break;
                }

                output[o++] = (byte)(group >> 8);
                if (last && padding == 1)
                {
                    if ((group & 0xFF) != 0)
                    {
                        return false;
                    }

                    break;
                }

                output[o++] = (byte)group;
            }

            length = decoded;
            return true;
        }

        private static int ValueOf(byte character)
        {
            if (character >= 0x41 && character <= 0x5a)
            {
                return character - 0x41;
            }

            if (character >= 0x61 && character <= 0x7a)
            {
                return character - 0x61 + 26;
            }

            if (character >= 0x30 && character <= 0x39)
            {
                return character - 0x30 + 52;
            }

            if (character == 0x2b)
            {
                return 62;
            }

            return character == 0x2f ? 63 : -1;
        }
    }
}
