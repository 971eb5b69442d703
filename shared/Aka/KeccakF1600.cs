namespace M2MDevice.Aka
{
    /// <summary>
    /// The permutation Keccak-f[1600] (TS 35.231 Annex C, from the Keccak reference 1.2) on 25 64-bit lanes,
    /// lane index x + 5y. Scratch lanes are preallocated per instance: no allocation per call, not thread-safe.
    /// </summary>
    internal sealed class KeccakF1600
    {
        public const int Lanes = 25;
        private const int Rounds = 24; // TS 35.231 Annex C: 24 rounds, ir = 0..23

        private static readonly ulong[] RoundConstants = new ulong[Rounds];
        private static readonly int[] RotationOffsets = new int[Lanes];

        private readonly ulong[] columns = new ulong[5];
        private readonly ulong[] moved = new ulong[Lanes];

        static KeccakF1600()
        {
            // Annex C, rho: offsets ((t+1)(t+2)/2) mod 64 along the path (x, y) := (y, 2x + 3y) from (1, 0).
            int x = 1;
            int y = 0;
            for (int t = 0; t < 24; t++)
            {
                RotationOffsets[x + (5 * y)] = ((t + 1) * (t + 2) / 2) % 64;
                int next = ((2 * x) + (3 * y)) % 5;
                x = y;
                y = next;
            }

            // Annex C, iota: RC[ir] bit (2^j - 1) = rc(j + 7 ir), rc(t) from the LFSR x^8 + x^6 + x^5 + x^4 + 1.
            int register = 1;
            for (int round = 0; round < Rounds; round++)
            {
                ulong constant = 0;
                for (int j = 0; j < 7; j++)
                {
                    if ((register & 1) != 0)
                    {
                        constant |= 1UL << ((1 << j) - 1);
                    }

                    register <<= 1;
                    if ((register & 0x100) != 0)
                    {
                        register ^= 0x171;
                    }
                }

                RoundConstants[round] = constant;
            }
        }

        /// <summary>Applies the permutation to state (25 lanes) in place.</summary>
        public void Permute(ulong[] state)
        {
            ulong[] c = this.columns;
            ulong[] b = this.moved;
            for (int round = 0; round < Rounds; round++)
            {
                // theta: a[x][y] ^= sum(a[x-1]) ^ rot(sum(a[x+1]), 1)
                for (int x = 0; x < 5; x++)
                {
                    c[x] = state[x] ^ state[x + 5] ^ state[x + 10] ^ state[x + 15] ^ state[x + 20];
                }

                for (int x = 0; x < 5; x++)
                {
                    ulong d = c[(x + 4) % 5] ^ RotateLeft(c[(x + 1) % 5], 1);
                    for (int y = 0; y < 25; y += 5)
                    {
                        state[x + y] ^= d;
                    }
                }

                // rho and pi: b[y][2x + 3y] = rot(a[x][y], r[x][y])
                for (int x = 0; x < 5; x++)
                {
                    for (int y = 0; y < 5; y++)
                    {
                        int index = x + (5 * y);
                        b[y + (5 * (((2 * x) + (3 * y)) % 5))] = RotateLeft(state[index], RotationOffsets[index]);
                    }
                }

                // chi: a[x][y] = b[x][y] ^ (~b[x+1][y] & b[x+2][y])
                for (int y = 0; y < 25; y += 5)
                {
                    for (int x = 0; x < 5; x++)
                    {
                        state[x + y] = b[x + y] ^ (~b[((x + 1) % 5) + y] & b[((x + 2) % 5) + y]);
                    }
                }

                // iota
                state[0] ^= RoundConstants[round];
            }

            for (int i = 0; i < Lanes; i++)
            {
                b[i] = 0;
            }

            for (int i = 0; i < 5; i++)
            {
                c[i] = 0;
            }
        }

        private static ulong RotateLeft(ulong value, int count)
        {
            return count == 0 ? value : (value << count) | (value >> (64 - count));
        }
    }
}
