using System;

namespace M2MDevice.Crypto
{
    /// <summary>
    /// SHA-256 (FIPS 180-4 6.2), incremental: Reset, Update any number of times, Final. All work buffers
    /// are allocated by the constructor; hashing allocates nothing.
    /// </summary>
    public sealed class Sha256
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashSize = 32;

        /// <summary>Message block length in bytes (FIPS 180-4 1: 512 bits).</summary>
        public const int BlockSize = 64;

        // FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
        private static readonly uint[] RoundConstants =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] state = new uint[8];
        private readonly uint[] schedule = new uint[64];
        private readonly byte[] buffer = new byte[BlockSize];
        private int bufferLength;
        private long messageLength;

        /// <summary>Creates a hash ready for Update.</summary>
        public Sha256()
        {
            Reset();
        }

        /// <summary>One-shot: writes SHA-256(data[offset..offset+count)) to output[outputOffset].</summary>
        public static void Hash(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            Sha256 sha = new Sha256();
            sha.Update(data, offset, count);
            sha.Final(output, outputOffset);
        }

        /// <summary>Starts a new message.</summary>
        public void Reset()
        {
            // FIPS 180-4 5.3.3: initial hash value H(0).
            state[0] = 0x6a09e667;
            state[1] = 0xbb67ae85;
            state[2] = 0x3c6ef372;
            state[3] = 0xa54ff53a;
            state[4] = 0x510e527f;
            state[5] = 0x9b05688c;
            state[6] = 0x1f83d9ab;
            state[7] = 0x5be0cd19;
            bufferLength = 0;
            messageLength = 0;
        }

        /// <summary>Adds count bytes at data[offset] to the message.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            messageLength += count;
            if (bufferLength > 0)
            {
                int take = BlockSize - bufferLength;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, buffer, bufferLength, take);
                bufferLength += take;
                offset += take;
                count -= take;
                if (bufferLength < BlockSize)
                {
                    return;
                }

                Compress(buffer, 0);
                bufferLength = 0;
            }

            while (count >= BlockSize)
            {
                Compress(data, offset);
                offset += BlockSize;
                count -= BlockSize;
            }

            if (count > 0)
            {
                Array.Copy(data, offset, buffer, 0, count);
                bufferLength = count;
            }
        }

        /// <summary>Pads the message, writes the 32-byte digest to output[outputOffset] and starts a new message.</summary>
        public void Final(byte[] output, int outputOffset)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (outputOffset < 0 || outputOffset > output.Length - HashSize)
            {
                throw new ArgumentOutOfRangeException(nameof(outputOffset));
            }

            // FIPS 180-4 5.1.1: append bit 1, zeros to 448 mod 512 bits, then the 64-bit big-endian bit length.
            long bitLength = messageLength << 3;
            buffer[bufferLength++] = 0x80;
            if (bufferLength > BlockSize - 8)
            {
                Array.Clear(buffer, bufferLength, BlockSize - bufferLength);
                Compress(buffer, 0);
                bufferLength = 0;
            }

            Array.Clear(buffer, bufferLength, BlockSize - 8 - bufferLength);
            for (int i = 0; i < 8; i++)
            {
                buffer[BlockSize - 1 - i] = (byte)(bitLength >> (8 * i));
            }

            Compress(buffer, 0);

            // FIPS 180-4 6.2.2 step 4 output: H0..H7 big-endian.
            for (int i = 0; i < 8; i++)
            {
                uint h = state[i];
                output[outputOffset + 4 * i] = (byte)(h >> 24);
                output[outputOffset + 4 * i + 1] = (byte)(h >> 16);
                output[outputOffset + 4 * i + 2] = (byte)(h >> 8);
                output[outputOffset + 4 * i + 3] = (byte)h;
            }

            Array.Clear(buffer, 0, BlockSize);
            Array.Clear(schedule, 0, schedule.Length);
            Reset();
        }

        /// <summary>Zeroes all internal state (used when the message was secret, e.g. an HMAC key block).</summary>
        public void Clear()
        {
            Array.Clear(state, 0, state.Length);
            Array.Clear(schedule, 0, schedule.Length);
            Array.Clear(buffer, 0, buffer.Length);
            bufferLength = 0;
            messageLength = 0;
        }

        /// <summary>Makes this hash continue exactly where source stands (HMAC keeps pre-keyed states).</summary>
        internal void CopyStateFrom(Sha256 source)
        {
            Array.Copy(source.state, state, state.Length);
            Array.Copy(source.buffer, buffer, source.bufferLength);
            bufferLength = source.bufferLength;
            messageLength = source.messageLength;
        }

        private void Compress(byte[] block, int offset)
        {
            uint[] w = schedule;

            // FIPS 180-4 6.2.2 step 1: message schedule.
            for (int t = 0; t < 16; t++)
            {
                int i = offset + 4 * t;
                w[t] = ((uint)block[i] << 24) | ((uint)block[i + 1] << 16) | ((uint)block[i + 2] << 8) | block[i + 3];
            }

            for (int t = 16; t < 64; t++)
            {
                uint x = w[t - 15];
                uint y = w[t - 2];
                // FIPS 180-4 4.1.2 (4.6), (4.7): sigma0, sigma1.
                uint sigma0 = ((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3);
                uint sigma1 = ((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10);
                w[t] = sigma1 + w[t - 7] + sigma0 + w[t - 16];
            }

            uint a = state[0];
            uint b = state[1];
            uint c = state[2];
            uint d = state[3];
            uint e = state[4];
            uint f = state[5];
            uint g = state[6];
            uint h = state[7];
            uint[] k = RoundConstants;

            // FIPS 180-4 6.2.2 step 3.
            for (int t = 0; t < 64; t++)
            {
                // FIPS 180-4 4.1.2 (4.2)-(4.5): Ch, Maj, Sigma0, Sigma1.
                uint bigSigma1 = ((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7));
                uint choose = (e & f) ^ (~e & g);
                uint t1 = h + bigSigma1 + choose + k[t] + w[t];
                uint bigSigma0 = ((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10));
                uint majority = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = bigSigma0 + majority;
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            // FIPS 180-4 6.2.2 step 4.
            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
            state[4] += e;
            state[5] += f;
            state[6] += g;
            state[7] += h;
        }
    }
}
