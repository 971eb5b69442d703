using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// TUAK (TS 35.231), the Keccak-based example algorithm set for f1, f1*, f2, f3, f4, f5 and f5*, for one
    /// subscriber: K (128 or 256 bits), TOPc and the operator's <see cref="TuakParameters"/>.
    /// Each function is one Keccak-f[1600] run (times the iteration count) over a 1600-bit IN built as in
    /// TS 35.231 6; the f2..f5 run of the last RAND is cached, so f5 followed by f2345 costs one run.
    /// Preallocated state: no allocation per call. Not thread-safe: one instance per thread.
    /// </summary>
    public sealed class Tuak : IAkaAlgorithm
    {
        /// <summary>Length of TOP and TOPc in bytes (TS 35.231 5.1: 256 bits).</summary>
        public const int TopcLength = 32;

        // Byte positions in the Keccak state (state byte i holds IN[8i] .. IN[8i+7], IN[8i] least significant),
        // TS 35.231 6.1/6.2: every field is stored with its last bit at the lowest IN index, i.e. byte-reversed.
        private const int TopcPosition = 0;      // IN[0] .. IN[255]
        private const int InstancePosition = 32; // IN[256] .. IN[263]
        private const int NamePosition = 33;     // IN[264] .. IN[319]
        private const int RandPosition = 40;     // IN[320] .. IN[447]
        private const int AmfPosition = 56;      // IN[448] .. IN[463]
        private const int SqnPosition = 58;      // IN[464] .. IN[511]
        private const int KeyPosition = 64;      // IN[512] .. IN[767]
        private const int PaddingPosition = 96;  // IN[768] .. IN[772] = 1
        private const int LastPaddingPosition = 135; // IN[1087] = 1
        private const int CkPosition = 32;       // OUT[256] ..
        private const int IkPosition = 64;       // OUT[512] ..
        private const int AkPosition = 96;       // OUT[768] .. OUT[815]
        private const int CachedLanes = 13;      // OUT bytes 0 .. 103 hold RES, CK, IK and AK

        // TS 35.231 5.3: ALGONAME = "TUAK1.0" in 7 ASCII bytes.
        private static readonly byte[] AlgorithmName = new byte[] { 0x54, 0x55, 0x41, 0x4B, 0x31, 0x2E, 0x30 };

        private readonly byte[] key = new byte[32];
        private readonly byte[] topc = new byte[TopcLength];
        private readonly int keyLength;
        private readonly TuakParameters parameters;
        private readonly ulong[] state = new ulong[KeccakF1600.Lanes];
        private readonly ulong[] cachedOut = new ulong[CachedLanes];
        private readonly byte[] cachedRand = new byte[AkaSizes.Rand];
        private readonly KeccakF1600 keccak = new KeccakF1600();
        private bool cacheValid;

        /// <summary>
        /// Creates TUAK for one subscriber. keyLength is 16 or 32 bytes; TOPc is 32 bytes; both are copied.
        /// parameters null means <see cref="TuakParameters.Default"/>.
        /// </summary>
        public Tuak(byte[] key, int keyOffset, int keyLength, byte[] topc, int topcOffset, TuakParameters parameters)
        {
            CheckKey(key, keyOffset, keyLength);
            CheckRange(topc, topcOffset, TopcLength, nameof(topc));
            this.keyLength = keyLength;
            this.parameters = parameters ?? TuakParameters.Default;
            Array.Copy(key, keyOffset, this.key, 0, keyLength);
            Array.Copy(topc, topcOffset, this.topc, 0, TopcLength);
        }

        /// <inheritdoc />
        public AkaAlgorithmKind Kind => AkaAlgorithmKind.Tuak;

        /// <inheritdoc />
        public int MacLength => this.parameters.MacLength;

        /// <inheritdoc />
        public int ResLength => this.parameters.ResLength;

        /// <inheritdoc />
        public int CkLength => this.parameters.CkLength;

        /// <inheritdoc />
        public int IkLength => this.parameters.IkLength;

        /// <summary>Number of Keccak iterations per function.</summary>
        public int KeccakIterations => this.parameters.KeccakIterations;

        /// <summary>
        /// TS 35.231 6.1: TOPc from TOP (32 bytes) and K (16 or 32 bytes), written as 32 bytes at topc[topcOffset].
        /// Meant for provisioning and the network side (TS 35.231 7.1: load TOPc, not TOP, to the USIM).
        /// </summary>
        public static void DeriveTopc(byte[] top, int topOffset, byte[] key, int keyOffset, int keyLength, int keccakIterations, byte[] topc, int topcOffset)
        {
            CheckRange(top, topOffset, TopcLength, nameof(top));
            CheckKey(key, keyOffset, keyLength);
            CheckRange(topc, topcOffset, TopcLength, nameof(topc));
            if (keccakIterations < 1 || keccakIterations > 255)
            {
                throw new ArgumentOutOfRangeException(nameof(keccakIterations));
            }

            ulong[] lanes = new ulong[KeccakF1600.Lanes];

            // TS 35.231 6.1: INSTANCE[0..6] = 0, INSTANCE[7] = 1 for a 256-bit K; no RAND, AMF or SQN.
            byte instance = (byte)(keyLength == 32 ? 0x01 : 0x00);
            Build(lanes, top, topOffset, instance, null, 0, null, 0, null, 0, key, keyOffset, keyLength);
            KeccakF1600 permutation = new KeccakF1600();
            for (int i = 0; i < keccakIterations; i++)
            {
                permutation.Permute(lanes);
            }

            // TS 35.231 6.1: TOPC[0] .. TOPC[255] = OUT[255] .. OUT[0].
            ReadReversed(lanes, TopcPosition, topc, topcOffset, TopcLength);
            for (int i = 0; i < lanes.Length; i++)
            {
                lanes[i] = 0;
            }
        }

        /// <inheritdoc />
        public void F1(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, byte[] macA, int macAOffset)
        {
            // TS 35.231 6.2: INSTANCE = 0,0 || MAC length code || 0,0 || K length bit.
            Run((byte)(MacLengthCode(this.parameters.MacLength) | KeyLengthBit()), rand, randOffset, amf, amfOffset, sqn, sqnOffset);

            // TS 35.231 6.2: MAC-A[0] .. MAC-A[n-1] = OUT[n-1] .. OUT[0].
            ReadReversed(this.state, 0, macA, macAOffset, this.parameters.MacLength);
            ClearState();
        }

        /// <inheritdoc />
        public void F1Star(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, byte[] macS, int macSOffset)
        {
            // TS 35.231 6.3: as f1 but INSTANCE[0] = 1.
            Run((byte)(0x80 | MacLengthCode(this.parameters.MacLength) | KeyLengthBit()), rand, randOffset, amf, amfOffset, sqn, sqnOffset);

            // TS 35.231 6.3: MAC-S[0] .. MAC-S[n-1] = OUT[n-1] .. OUT[0].
            ReadReversed(this.state, 0, macS, macSOffset, this.parameters.MacLength);
            ClearState();
        }

        /// <inheritdoc />
        public void F2345(byte[] rand, int randOffset, byte[] res, int resOffset, byte[] ck, int ckOffset, byte[] ik, int ikOffset, byte[] ak, int akOffset)
        {
            LoadF2345(rand, randOffset);

            // TS 35.231 6.4: RES = OUT[n-1] .. OUT[0]; CK = OUT[256+n-1] .. OUT[256]; IK = OUT[512+n-1] .. OUT[512];
            // AK = OUT[815] .. OUT[768].
            ReadReversed(this.cachedOut, 0, res, resOffset, this.parameters.ResLength);
            ReadReversed(this.cachedOut, CkPosition, ck, ckOffset, this.parameters.CkLength);
            ReadReversed(this.cachedOut, IkPosition, ik, ikOffset, this.parameters.IkLength);
            ReadReversed(this.cachedOut, AkPosition, ak, akOffset, AkaSizes.Ak);
        }

        /// <inheritdoc />
        public void F5(byte[] rand, int randOffset, byte[] ak, int akOffset)
        {
            LoadF2345(rand, randOffset);

            // TS 35.231 6.4: AK = OUT[815] .. OUT[768].
            ReadReversed(this.cachedOut, AkPosition, ak, akOffset, AkaSizes.Ak);
        }

        /// <inheritdoc />
        public void F5Star(byte[] rand, int randOffset, byte[] akStar, int akStarOffset)
        {
            // TS 35.231 6.5: INSTANCE = 1,1,0,0,0,0,0 || K length bit; AMF and SQN positions are zero.
            Run((byte)(0xC0 | KeyLengthBit()), rand, randOffset, null, 0, null, 0);

            // TS 35.231 6.5: AK = OUT[815] .. OUT[768].
            ReadReversed(this.state, AkPosition, akStar, akStarOffset, AkaSizes.Ak);
            ClearState();
        }

        /// <inheritdoc />
        public void Clear()
        {
            ClearState();
            for (int i = 0; i < this.cachedOut.Length; i++)
            {
                this.cachedOut[i] = 0;
            }

            AkaBytes.Zero(this.cachedRand);
            this.cacheValid = false;
        }

        private static void CheckKey(byte[] key, int keyOffset, int keyLength)
        {
            // TS 35.231 5.1: K is 128 or 256 bits.
            if (keyLength != 16 && keyLength != 32)
            {
                throw new ArgumentOutOfRangeException(nameof(keyLength));
            }

            CheckRange(key, keyOffset, keyLength, nameof(key));
        }

        private static void CheckRange(byte[] buffer, int offset, int count, string name)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(name);
            }

            if (offset < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(name);
            }
        }

        // TS 35.231 6.2: INSTANCE[2] .. INSTANCE[4] = 001 (64 bits), 010 (128), 100 (256); INSTANCE[0] is the MSB.
        private static int MacLengthCode(int length)
        {
            return length == 8 ? 0x08 : length == 16 ? 0x10 : 0x20;
        }

        // TS 35.231 6.4: INSTANCE[2] .. INSTANCE[4] = 000 (32 bits), 001 (64), 010 (128), 100 (256).
        private static int ResLengthCode(int length)
        {
            return length == 4 ? 0x00 : length == 8 ? 0x08 : length == 16 ? 0x10 : 0x20;
        }

        private static void PutByte(ulong[] lanes, int index, byte value)
        {
            lanes[index >> 3] |= (ulong)value << ((index & 7) << 3);
        }

        private static void PutReversed(ulong[] lanes, int index, byte[] source, int sourceOffset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                PutByte(lanes, index + i, source[sourceOffset + count - 1 - i]);
            }
        }

        private static void ReadReversed(ulong[] lanes, int index, byte[] output, int outputOffset, int count)
        {
            for (int j = 0; j < count; j++)
            {
                int position = index + count - 1 - j;
                output[outputOffset + j] = (byte)(lanes[position >> 3] >> ((position & 7) << 3));
            }
        }

        // TS 35.231 6.1-6.5: IN = TOP(c) || INSTANCE || ALGONAME || RAND || AMF || SQN || K || padding, each
        // field byte-reversed; absent fields (null) stay zero. lanes must be zero on entry.
        private static void Build(ulong[] lanes, byte[] topc, int topcOffset, byte instance, byte[] rand, int randOffset, byte[] amf, int amfOffset, byte[] sqn, int sqnOffset, byte[] key, int keyOffset, int keyLength)
        {
            PutReversed(lanes, TopcPosition, topc, topcOffset, TopcLength);
            PutByte(lanes, InstancePosition, instance);
            PutReversed(lanes, NamePosition, AlgorithmName, 0, AlgorithmName.Length);
            if (rand != null)
            {
                PutReversed(lanes, RandPosition, rand, randOffset, AkaSizes.Rand);
            }

            if (amf != null)
            {
                PutReversed(lanes, AmfPosition, amf, amfOffset, AkaSizes.Amf);
            }

            if (sqn != null)
            {
                PutReversed(lanes, SqnPosition, sqn, sqnOffset, AkaSizes.Sqn);
            }

            // TS 35.231 6.1: IN[512] .. = K[n-1] .. K[0]; IN[640] .. IN[767] = 0 for a 128-bit K.
            PutReversed(lanes, KeyPosition, key, keyOffset, keyLength);

            // TS 35.231 6.1: IN[768] .. IN[772] = 1, IN[1087] = 1, everything else 0.
            PutByte(lanes, PaddingPosition, 0x1F);
            PutByte(lanes, LastPaddingPosition, 0x80);
        }

        private int KeyLengthBit()
        {
            // TS 35.231 6.2: INSTANCE[7] = 1 if K is 256 bits.
            return this.keyLength == 32 ? 0x01 : 0x00;
        }

        private void Run(byte instance, byte[] rand, int randOffset, byte[] amf, int amfOffset, byte[] sqn, int sqnOffset)
        {
            ClearState();
            Build(this.state, this.topc, 0, instance, rand, randOffset, amf, amfOffset, sqn, sqnOffset, this.key, 0, this.keyLength);
            for (int i = 0; i < this.parameters.KeccakIterations; i++)
            {
                this.keccak.Permute(this.state);
            }
        }

        private void LoadF2345(byte[] rand, int randOffset)
        {
            // RAND is public, so comparing it in variable time leaks nothing.
            if (this.cacheValid && AkaBytes.Equal(this.cachedRand, 0, rand, randOffset, AkaSizes.Rand))
            {
                return;
            }

            // TS 35.231 6.4: INSTANCE = 0,1 || RES code || CK bit || IK bit || K bit; AMF and SQN positions zero.
            int instance = 0x40 | ResLengthCode(this.parameters.ResLength)
                | (this.parameters.CkLength == 32 ? 0x04 : 0x00)
                | (this.parameters.IkLength == 32 ? 0x02 : 0x00)
                | KeyLengthBit();
            Run((byte)instance, rand, randOffset, null, 0, null, 0);
            Array.Copy(this.state, 0, this.cachedOut, 0, CachedLanes);
            Array.Copy(rand, randOffset, this.cachedRand, 0, AkaSizes.Rand);
            this.cacheValid = true;
            ClearState();
        }

        private void ClearState()
        {
            for (int i = 0; i < this.state.Length; i++)
            {
                this.state[i] = 0;
            }
        }
    }
}
