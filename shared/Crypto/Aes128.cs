using System;

namespace M2MDevice.Crypto
{
    /// <summary>
    /// AES-128 encryption (FIPS-197), portable managed code: 32-bit table lookups
    /// (four 1 KiB round tables built once at type load), no allocation per block.
    /// Only the forward cipher: MILENAGE (TS 35.206), AES-CMAC and AES-CTR never decrypt.
    /// </summary>
    public sealed class Aes128 : IBatchBlockCipher
    {
        /// <summary>Key length in bytes (FIPS-197 5: Nk = 4 words).</summary>
        public const int KeySize = 16;

        /// <summary>Block length in bytes (FIPS-197 5: Nb = 4 words).</summary>
        public const int BlockSize = 16;

        private const int Rounds = 10; // FIPS-197 5, Figure 4: Nr = 10 for AES-128

        private static readonly byte[] Sbox = new byte[256];
        private static readonly uint[] Table0 = new uint[256];
        private static readonly uint[] Table1 = new uint[256];
        private static readonly uint[] Table2 = new uint[256];
        private static readonly uint[] Table3 = new uint[256];
        private static readonly uint[] RoundConstants = new uint[10];

        /// <summary>Number of 32-bit words in the expanded key (FIPS-197 5.2: Nb * (Nr + 1)).</summary>
        internal const int ScheduleWords = 4 * (Rounds + 1);

        // Round keys w[0..43] as big-endian words (FIPS-197 5.2).
        private readonly uint[] roundKeys = new uint[ScheduleWords];

        static Aes128()
        {
            // FIPS-197 4.2: GF(2^8) modulo x^8 + x^4 + x^3 + x + 1; 0x03 generates the multiplicative group.
            byte[] power = new byte[256];
            byte[] logarithm = new byte[256];
            int value = 1;
            for (int i = 0; i < 255; i++)
            {
                power[i] = (byte)value;
                logarithm[value] = (byte)i;
                value ^= Xtime(value); // value * 0x03
            }

            for (int x = 0; x < 256; x++)
            {
                // FIPS-197 5.1.1: multiplicative inverse (0 maps to 0), then the affine transformation.
                int inverse = x == 0 ? 0 : power[(255 - logarithm[x]) % 255];
                int s = inverse ^ RotateLeft8(inverse, 1) ^ RotateLeft8(inverse, 2)
                    ^ RotateLeft8(inverse, 3) ^ RotateLeft8(inverse, 4) ^ 0x63;
                Sbox[x] = (byte)s;

                // FIPS-197 5.1.3: MixColumns column (02 01 01 03) of SubBytes output, as a big-endian word.
                uint s1 = (uint)s;
                uint s2 = (uint)Xtime(s);
                uint s3 = s2 ^ s1;
                uint word = (s2 << 24) | (s1 << 16) | (s1 << 8) | s3;
                Table0[x] = word;
                Table1[x] = (word >> 8) | (word << 24);
                Table2[x] = (word >> 16) | (word << 16);
                Table3[x] = (word >> 24) | (word << 8);
            }

            // FIPS-197 5.2: Rcon[i] = [x^(i-1), 00, 00, 00].
            int rcon = 1;
            for (int i = 0; i < RoundConstants.Length; i++)
            {
                RoundConstants[i] = (uint)rcon << 24;
                rcon = Xtime(rcon);
            }
        }

        /// <summary>Creates the cipher keyed with a 16-byte key.</summary>
        public Aes128(byte[] key)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            if (key.Length != KeySize)
            {
                throw new ArgumentException("AES-128 key must be 16 bytes", nameof(key));
            }

            SetKey(key, 0);
        }

        /// <summary>Replaces the key with the 16 bytes at key[offset] without allocating.</summary>
        public void SetKey(byte[] key, int offset)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            if (offset < 0 || offset > key.Length - KeySize)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            ExpandKey(key, offset, roundKeys);
        }

        /// <summary>Encrypts blockCount consecutive blocks (ECB); input and output may be the same buffer at the same offset.</summary>
        public void EncryptBlocks(byte[] input, int inputOffset, byte[] output, int outputOffset, int blockCount)
        {
            for (int i = 0; i < blockCount; i++)
            {
                EncryptBlock(input, inputOffset + BlockSize * i, output, outputOffset + BlockSize * i);
            }
        }

        /// <summary>
        /// FIPS-197 5.2 KeyExpansion of the 16 bytes at key[offset] into 44 big-endian words
        /// (the byte order of the round keys). Shared with hardware implementations.
        /// </summary>
        internal static void ExpandKey(byte[] key, int offset, uint[] w)
        {
            for (int i = 0; i < 4; i++)
            {
                w[i] = ReadWord(key, offset + 4 * i);
            }

            // FIPS-197 5.2: w[i] = w[i-Nk] ^ SubWord(RotWord(w[i-1])) ^ Rcon[i/Nk] when i mod Nk = 0, else w[i-Nk] ^ w[i-1].
            for (int i = 4; i < w.Length; i += 4)
            {
                uint t = w[i - 1];
                t = ((uint)Sbox[(t >> 16) & 0xff] << 24) | ((uint)Sbox[(t >> 8) & 0xff] << 16)
                    | ((uint)Sbox[t & 0xff] << 8) | Sbox[t >> 24];
                w[i] = w[i - 4] ^ t ^ RoundConstants[(i / 4) - 1];
                w[i + 1] = w[i - 3] ^ w[i];
                w[i + 2] = w[i - 2] ^ w[i + 1];
                w[i + 3] = w[i - 1] ^ w[i + 2];
            }
        }

        /// <summary>Encrypts 16 bytes at input[inputOffset] into output[outputOffset]; input and output may be the same.</summary>
        public void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            uint[] w = roundKeys;
            uint[] t0 = Table0;
            uint[] t1 = Table1;
            uint[] t2 = Table2;
            uint[] t3 = Table3;

            // FIPS-197 5.1.4: AddRoundKey with w[0..3].
            uint s0 = ReadWord(input, inputOffset) ^ w[0];
            uint s1 = ReadWord(input, inputOffset + 4) ^ w[1];
            uint s2 = ReadWord(input, inputOffset + 8) ^ w[2];
            uint s3 = ReadWord(input, inputOffset + 12) ^ w[3];

            // FIPS-197 5.1: rounds 1..Nr-1 = SubBytes, ShiftRows, MixColumns, AddRoundKey, fused into table lookups.
            int k = 4;
            for (int round = 1; round < Rounds; round++)
            {
                uint u0 = t0[s0 >> 24] ^ t1[(s1 >> 16) & 0xff] ^ t2[(s2 >> 8) & 0xff] ^ t3[s3 & 0xff] ^ w[k];
                uint u1 = t0[s1 >> 24] ^ t1[(s2 >> 16) & 0xff] ^ t2[(s3 >> 8) & 0xff] ^ t3[s0 & 0xff] ^ w[k + 1];
                uint u2 = t0[s2 >> 24] ^ t1[(s3 >> 16) & 0xff] ^ t2[(s0 >> 8) & 0xff] ^ t3[s1 & 0xff] ^ w[k + 2];
                uint u3 = t0[s3 >> 24] ^ t1[(s0 >> 16) & 0xff] ^ t2[(s1 >> 8) & 0xff] ^ t3[s2 & 0xff] ^ w[k + 3];
                s0 = u0;
                s1 = u1;
                s2 = u2;
                s3 = u3;
                k += 4;
            }

            // FIPS-197 5.1: the final round has no MixColumns.
            byte[] sb = Sbox;
            uint r0 = (((uint)sb[s0 >> 24] << 24) | ((uint)sb[(s1 >> 16) & 0xff] << 16)
                | ((uint)sb[(s2 >> 8) & 0xff] << 8) | sb[s3 & 0xff]) ^ w[k];
            uint r1 = (((uint)sb[s1 >> 24] << 24) | ((uint)sb[(s2 >> 16) & 0xff] << 16)
                | ((uint)sb[(s3 >> 8) & 0xff] << 8) | sb[s0 & 0xff]) ^ w[k + 1];
            uint r2 = (((uint)sb[s2 >> 24] << 24) | ((uint)sb[(s3 >> 16) & 0xff] << 16)
                | ((uint)sb[(s0 >> 8) & 0xff] << 8) | sb[s1 & 0xff]) ^ w[k + 2];
            uint r3 = (((uint)sb[s3 >> 24] << 24) | ((uint)sb[(s0 >> 16) & 0xff] << 16)
                | ((uint)sb[(s1 >> 8) & 0xff] << 8) | sb[s2 & 0xff]) ^ w[k + 3];

            WriteWord(r0, output, outputOffset);
            WriteWord(r1, output, outputOffset + 4);
            WriteWord(r2, output, outputOffset + 8);
            WriteWord(r3, output, outputOffset + 12);
        }

        /// <summary>Zeroes the key schedule; the instance must be rekeyed with SetKey before further use.</summary>
        public void Clear()
        {
            Array.Clear(roundKeys, 0, roundKeys.Length);
        }

        private static int Xtime(int b)
        {
            // FIPS-197 4.2.1: multiply by x, reducing by 0x11b.
            int r = b << 1;
            return (r & 0x100) != 0 ? (r ^ 0x11b) & 0xff : r;
        }

        private static int RotateLeft8(int b, int n)
        {
            return ((b << n) | (b >> (8 - n))) & 0xff;
        }

        private static uint ReadWord(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16)
                | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
        }

        private static void WriteWord(uint value, byte[] buffer, int offset)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }
    }
}
