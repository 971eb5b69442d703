using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace M2MDevice.Host
{
    /// <summary>
    /// MILENAGE (TS 35.206) for the network side on AES-NI, bit-identical to the portable <see cref="Milenage"/>:
    /// K is expanded once into AES round keys held as vectors, OPc and the rotated/constant forms of it are
    /// precomputed, and every block stays in a vector register (no byte-array copies). Besides the
    /// <see cref="IAkaAlgorithm"/> functions it carries the kernels <see cref="HostVectorGenerator"/> uses to
    /// build whole vectors with the AES pipeline full. x86/x64 with AES-NI only: build through
    /// <see cref="Create"/>, which falls back to <see cref="Milenage"/> over <see cref="HostBlockCipher"/>.
    /// Not thread-safe (the TEMP cache): one instance per thread.
    /// </summary>
    public sealed class HostMilenage : IAkaAlgorithm
    {
        private const int Rounds = 10; // FIPS-197 5: Nr = 10 for AES-128

        // pshufd controls of TS 35.206 4.1 rot(x, r) (byte i takes byte i + r/8): r3 = 32, r4 = 64, r5 = 96 bits.
        private const byte RotateOut3 = 0x39;
        private const byte RotateOut4 = 0x4E;
        private const byte RotateOut5 = 0x93;

        // TS 35.206 4.1: c2..c5 differ from zero only in their last bit: 1, 2, 4, 8 in byte 15.
        private static readonly Vector128<byte> ConstantOut2 = Vector128.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01);
        private static readonly Vector128<byte> ConstantOut3 = Vector128.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02);
        private static readonly Vector128<byte> ConstantOut4 = Vector128.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x04);
        private static readonly Vector128<byte> ConstantOut5 = Vector128.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08);

        // TS 35.206 4.1: AK = OUT2[0..47]: the first 6 bytes of a block.
        private static readonly Vector128<byte> AkMask = Vector128.Create((byte)0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        // Indexes in prepared: OPc, and the per-subscriber constants of the batch kernel with k0 (the first
        // AddRoundKey) or the last round key folded in.
        private const int PreparedOpc = 0;
        private const int PreparedTemp = 1;
        private const int PreparedOut1 = 2;
        private const int PreparedOut2 = 3;
        private const int PreparedOut3 = 4;
        private const int PreparedOut4 = 5;
        private const int PreparedLastOpc = 6;

        private readonly Vector128<byte>[] roundKeys = new Vector128<byte>[Rounds + 1];
        private readonly Vector128<byte>[] prepared = new Vector128<byte>[PreparedLastOpc + 1];
        private Vector128<byte> opc;
        private Vector128<byte> opcRotated1;
        private Vector128<byte> cachedRand;
        private Vector128<byte> temp;
        private bool tempValid;

        /// <summary>
        /// Keys MILENAGE for one subscriber: K (16 bytes at k[kOffset]) is expanded once, OPc (16 bytes) copied.
        /// Throws PlatformNotSupportedException without AES-NI (check <see cref="IsSupported"/> or use <see cref="Create"/>).
        /// </summary>
        public HostMilenage(byte[] k, int kOffset, byte[] opc, int opcOffset)
        {
            if (!IsSupported)
            {
                throw new PlatformNotSupportedException("The CPU has no AES-NI");
            }

            CheckRange(k, kOffset, Aes128.KeySize, nameof(k));
            CheckRange(opc, opcOffset, Milenage.OpcLength, nameof(opc));
            uint[] words = new uint[Aes128.ScheduleWords];
            try
            {
                // FIPS-197 5.2: the managed key expansion; round key r is w[4r..4r+3], most significant byte first.
                Aes128.ExpandKey(k, kOffset, words);
                for (int r = 0; r <= Rounds; r++)
                {
                    // Vector lanes are little-endian, so each word is byte-swapped to keep the FIPS byte order.
                    this.roundKeys[r] = Vector128.Create(
                        BinaryPrimitives.ReverseEndianness(words[4 * r]),
                        BinaryPrimitives.ReverseEndianness(words[4 * r + 1]),
                        BinaryPrimitives.ReverseEndianness(words[4 * r + 2]),
                        BinaryPrimitives.ReverseEndianness(words[4 * r + 3])).AsByte();
                }
            }
            finally
            {
                Array.Clear(words);
            }

            this.opc = Vector128.Create(opc.AsSpan(opcOffset, Milenage.OpcLength));

            // TS 35.206 4.1: IN1 = SQN || AMF || SQN || AMF repeats every 64 bits, so rot(IN1 xor OPc, r1 = 64)
            // = IN1 xor rot(OPc, 64): only OPc needs rotating, once.
            this.opcRotated1 = Sse2.Shuffle(this.opc.AsUInt32(), RotateOut4).AsByte();

            Vector128<byte> k0 = this.roundKeys[0];
            this.prepared[PreparedOpc] = this.opc;
            this.prepared[PreparedTemp] = this.opc ^ k0;
            this.prepared[PreparedOut1] = this.opcRotated1 ^ k0;
            this.prepared[PreparedOut2] = ConstantOut2 ^ k0;
            this.prepared[PreparedOut3] = ConstantOut3 ^ k0;
            this.prepared[PreparedOut4] = ConstantOut4 ^ k0;
            this.prepared[PreparedLastOpc] = this.roundKeys[Rounds] ^ this.opc;
        }

        /// <summary>True when this process can run it: x86/x64 with AES-NI.</summary>
        public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

        /// <inheritdoc />
        public AkaAlgorithmKind Kind => AkaAlgorithmKind.Milenage;

        /// <inheritdoc />
        public int MacLength => 8;

        /// <inheritdoc />
        public int ResLength => 8;

        /// <inheritdoc />
        public int CkLength => 16;

        /// <inheritdoc />
        public int IkLength => 16;

        /// <summary>
        /// The fastest MILENAGE for this process: <see cref="HostMilenage"/> with AES-NI, otherwise the portable
        /// <see cref="Milenage"/> over <see cref="HostBlockCipher"/> (Arm64 AES instructions or managed Aes128).
        /// K and OPc are copied; the caller may zero its buffers afterwards.
        /// </summary>
        public static IAkaAlgorithm Create(byte[] k, int kOffset, byte[] opc, int opcOffset)
        {
            if (IsSupported)
            {
                return new HostMilenage(k, kOffset, opc, opcOffset);
            }

            CheckRange(k, kOffset, Aes128.KeySize, nameof(k));
            byte[] key = new byte[Aes128.KeySize];
            Array.Copy(k, kOffset, key, 0, Aes128.KeySize);
            try
            {
                return new Milenage(HostBlockCipher.Create(key), opc, opcOffset);
            }
            finally
            {
                Array.Clear(key);
            }
        }

        /// <inheritdoc />
        public void F1(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, byte[] macA, int macAOffset)
        {
            Vector128<byte> out1 = this.ComputeOut1(rand, randOffset, sqn, sqnOffset, amf, amfOffset);

            // TS 35.206 4.1: f1 = MAC-A = OUT1[0] .. OUT1[63].
            BinaryPrimitives.WriteUInt64LittleEndian(macA.AsSpan(macAOffset, 8), out1.AsUInt64().GetElement(0));
        }

        /// <inheritdoc />
        public void F1Star(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, byte[] macS, int macSOffset)
        {
            Vector128<byte> out1 = this.ComputeOut1(rand, randOffset, sqn, sqnOffset, amf, amfOffset);

            // TS 35.206 4.1: f1* = MAC-S = OUT1[64] .. OUT1[127].
            BinaryPrimitives.WriteUInt64LittleEndian(macS.AsSpan(macSOffset, 8), out1.AsUInt64().GetElement(1));
        }

        /// <inheritdoc />
        public void F2345(byte[] rand, int randOffset, byte[] res, int resOffset, byte[] ck, int ckOffset, byte[] ik, int ikOffset, byte[] ak, int akOffset)
        {
            CheckRange(res, resOffset, 8, nameof(res));
            CheckRange(ck, ckOffset, 16, nameof(ck));
            CheckRange(ik, ikOffset, 16, nameof(ik));
            CheckRange(ak, akOffset, AkaSizes.Ak, nameof(ak));
            Vector128<byte> x = this.LoadTemp(rand, randOffset) ^ this.opc;

            // TS 35.206 4.1: OUTk = E_K(rot(TEMP xor OPc, rk) xor ck) xor OPc, k = 2, 3, 4, three blocks in flight.
            this.Encrypt3(
                x ^ ConstantOut2,
                Sse2.Shuffle(x.AsUInt32(), RotateOut3).AsByte() ^ ConstantOut3,
                Sse2.Shuffle(x.AsUInt32(), RotateOut4).AsByte() ^ ConstantOut4,
                out Vector128<byte> out2,
                out Vector128<byte> out3,
                out Vector128<byte> out4);
            out2 ^= this.opc;

            // TS 35.206 4.1: f5 = AK = OUT2[0] .. OUT2[47]; f2 = RES = OUT2[64] .. OUT2[127]; f3 = CK = OUT3; f4 = IK = OUT4.
            WriteAk(out2, ak, akOffset);
            BinaryPrimitives.WriteUInt64LittleEndian(res.AsSpan(resOffset, 8), out2.AsUInt64().GetElement(1));
            (out3 ^ this.opc).CopyTo(ck.AsSpan(ckOffset, 16));
            (out4 ^ this.opc).CopyTo(ik.AsSpan(ikOffset, 16));
        }

        /// <inheritdoc />
        public void F5(byte[] rand, int randOffset, byte[] ak, int akOffset)
        {
            CheckRange(ak, akOffset, AkaSizes.Ak, nameof(ak));
            Vector128<byte> x = this.LoadTemp(rand, randOffset) ^ this.opc;

            // TS 35.206 4.1: f5 = AK = OUT2[0] .. OUT2[47], OUT2 = E_K(TEMP xor OPc xor c2) xor OPc.
            WriteAk(this.Encrypt(x ^ ConstantOut2) ^ this.opc, ak, akOffset);
        }

        /// <inheritdoc />
        public void F5Star(byte[] rand, int randOffset, byte[] akStar, int akStarOffset)
        {
            CheckRange(akStar, akStarOffset, AkaSizes.Ak, nameof(akStar));
            Vector128<byte> x = this.LoadTemp(rand, randOffset) ^ this.opc;

            // TS 35.206 4.1: f5* = AK* = OUT5[0] .. OUT5[47], OUT5 = E_K(rot(TEMP xor OPc, r5) xor c5) xor OPc.
            WriteAk(this.Encrypt(Sse2.Shuffle(x.AsUInt32(), RotateOut5).AsByte() ^ ConstantOut5) ^ this.opc, akStar, akStarOffset);
        }

        /// <inheritdoc />
        public void Clear()
        {
            this.temp = default;
            this.cachedRand = default;
            this.tempValid = false;
        }

        /// <summary>
        /// One whole vector (TS 33.102 6.3.2) from RAND (16 bytes at rand) and IN1 = SQN || AMF as 8 bytes in
        /// memory order: TEMP, then OUT1..OUT4 four blocks in flight; every field of vector is written.
        /// </summary>
        internal void GenerateVector(ref byte rand, ulong in1, AuthenticationVector vector)
        {
            ref Vector128<byte> k = ref MemoryMarshal.GetArrayDataReference(this.roundKeys);
            Vector128<byte> opcValue = this.opc;
            Vector128<byte> randValue = Vector128.LoadUnsafe(ref rand);

            // TS 35.206 4.1: TEMP = E_K(RAND xor OPc).
            Vector128<byte> t = EncryptOne(ref k, randValue ^ opcValue);
            Vector128<byte> in1Block = Vector128.Create(in1).AsByte();
            Vector128<byte> x = t ^ opcValue;

            // TS 35.206 4.1: OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc (c1 = 0), OUT2..OUT4 as in F2345.
            Vector128<byte> b1 = t ^ in1Block ^ this.opcRotated1;
            Vector128<byte> b2 = x ^ ConstantOut2;
            Vector128<byte> b3 = Sse2.Shuffle(x.AsUInt32(), RotateOut3).AsByte() ^ ConstantOut3;
            Vector128<byte> b4 = Sse2.Shuffle(x.AsUInt32(), RotateOut4).AsByte() ^ ConstantOut4;
            Vector128<byte> k0 = k;
            b1 ^= k0;
            b2 ^= k0;
            b3 ^= k0;
            b4 ^= k0;
            for (int r = 1; r < Rounds; r++)
            {
                Vector128<byte> kr = Unsafe.Add(ref k, r);
                b1 = X86Aes.Encrypt(b1, kr);
                b2 = X86Aes.Encrypt(b2, kr);
                b3 = X86Aes.Encrypt(b3, kr);
                b4 = X86Aes.Encrypt(b4, kr);
            }

            // The last round key xor OPc folds the final "xor OPc" of every OUTk into EncryptLast.
            Vector128<byte> lastOpc = Unsafe.Add(ref k, Rounds) ^ opcValue;
            Store(vector, randValue, in1Block, X86Aes.EncryptLast(b1, lastOpc), X86Aes.EncryptLast(b2, lastOpc), X86Aes.EncryptLast(b3, lastOpc), X86Aes.EncryptLast(b4, lastOpc));
        }

        /// <summary>
        /// count whole vectors, RAND i at rands + 16 i, IN1 i (SQN || AMF in memory order) in in1[i], into
        /// vectors[vectorsOffset + i]. Software-pipelined in pairs: the eight OUT blocks of one pair and the two
        /// TEMP blocks of the next pair go through the AES rounds together, ten blocks in flight, so the TEMP ->
        /// OUT dependency never drains the pipeline (AES-NI: latency about 4 cycles, one or two blocks per cycle).
        /// The caller has checked every range.
        /// </summary>
        internal void GenerateVectors(ref byte rands, ReadOnlySpan<ulong> in1, AuthenticationVector[] vectors, int vectorsOffset, int count)
        {
            int pairs = count / 2;
            if (pairs > 0)
            {
                // Every constant is read from memory where it is used (most become memory operands): only the ten
                // blocks and one round key are live across the rounds, so they fit the 16 registers AES-NI can use.
                ref Vector128<byte> k = ref MemoryMarshal.GetArrayDataReference(this.roundKeys);
                ref Vector128<byte> c = ref MemoryMarshal.GetArrayDataReference(this.prepared);

                // TS 35.206 4.1: TEMP = E_K(RAND xor OPc) of the first pair.
                Vector128<byte> ta = EncryptOne(ref k, Vector128.LoadUnsafe(ref rands) ^ Unsafe.Add(ref c, PreparedOpc));
                Vector128<byte> tb = EncryptOne(ref k, Vector128.LoadUnsafe(ref rands, 16) ^ Unsafe.Add(ref c, PreparedOpc));
                for (int p = 0; p < pairs; p++)
                {
                    // TS 35.206 4.1: OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc (c1 = 0, and
                    // rot(IN1, 64) = IN1); OUTk = E_K(rot(TEMP xor OPc, rk) xor ck) xor OPc for k = 2, 3, 4.
                    // The prepared constants carry the first AddRoundKey (k0).
                    Vector128<byte> xa = ta ^ Unsafe.Add(ref c, PreparedOpc);
                    Vector128<byte> xb = tb ^ Unsafe.Add(ref c, PreparedOpc);
                    Vector128<byte> a1 = ta ^ Vector128.Create(in1[2 * p]).AsByte() ^ Unsafe.Add(ref c, PreparedOut1);
                    Vector128<byte> a2 = xa ^ Unsafe.Add(ref c, PreparedOut2);
                    Vector128<byte> a3 = Sse2.Shuffle(xa.AsUInt32(), RotateOut3).AsByte() ^ Unsafe.Add(ref c, PreparedOut3);
                    Vector128<byte> a4 = Sse2.Shuffle(xa.AsUInt32(), RotateOut4).AsByte() ^ Unsafe.Add(ref c, PreparedOut4);
                    Vector128<byte> b1 = tb ^ Vector128.Create(in1[(2 * p) + 1]).AsByte() ^ Unsafe.Add(ref c, PreparedOut1);
                    Vector128<byte> b2 = xb ^ Unsafe.Add(ref c, PreparedOut2);
                    Vector128<byte> b3 = Sse2.Shuffle(xb.AsUInt32(), RotateOut3).AsByte() ^ Unsafe.Add(ref c, PreparedOut3);
                    Vector128<byte> b4 = Sse2.Shuffle(xb.AsUInt32(), RotateOut4).AsByte() ^ Unsafe.Add(ref c, PreparedOut4);

                    // TEMP of the next pair (after the last pair: this pair's RANDs again, the result unused).
                    nuint next = p + 1 < pairs ? (nuint)(32 * (p + 1)) : (nuint)(32 * p);
                    Vector128<byte> na = Vector128.LoadUnsafe(ref rands, next) ^ Unsafe.Add(ref c, PreparedTemp);
                    Vector128<byte> nb = Vector128.LoadUnsafe(ref rands, next + 16) ^ Unsafe.Add(ref c, PreparedTemp);
                    for (int r = 1; r < Rounds; r++)
                    {
                        Vector128<byte> kr = Unsafe.Add(ref k, r);
                        a1 = X86Aes.Encrypt(a1, kr);
                        a2 = X86Aes.Encrypt(a2, kr);
                        a3 = X86Aes.Encrypt(a3, kr);
                        a4 = X86Aes.Encrypt(a4, kr);
                        b1 = X86Aes.Encrypt(b1, kr);
                        b2 = X86Aes.Encrypt(b2, kr);
                        b3 = X86Aes.Encrypt(b3, kr);
                        b4 = X86Aes.Encrypt(b4, kr);
                        na = X86Aes.Encrypt(na, kr);
                        nb = X86Aes.Encrypt(nb, kr);
                    }

                    // The last round key xor OPc folds the final "xor OPc" of every OUTk into EncryptLast.
                    Vector128<byte> lastOpc = Unsafe.Add(ref c, PreparedLastOpc);
                    Store(
                        vectors[vectorsOffset + (2 * p)],
                        Vector128.LoadUnsafe(ref rands, (nuint)(32 * p)),
                        Vector128.Create(in1[2 * p]).AsByte(),
                        X86Aes.EncryptLast(a1, lastOpc),
                        X86Aes.EncryptLast(a2, lastOpc),
                        X86Aes.EncryptLast(a3, lastOpc),
                        X86Aes.EncryptLast(a4, lastOpc));
                    lastOpc = Unsafe.Add(ref c, PreparedLastOpc);
                    Store(
                        vectors[vectorsOffset + (2 * p) + 1],
                        Vector128.LoadUnsafe(ref rands, (nuint)((32 * p) + 16)),
                        Vector128.Create(in1[(2 * p) + 1]).AsByte(),
                        X86Aes.EncryptLast(b1, lastOpc),
                        X86Aes.EncryptLast(b2, lastOpc),
                        X86Aes.EncryptLast(b3, lastOpc),
                        X86Aes.EncryptLast(b4, lastOpc));
                    ta = X86Aes.EncryptLast(na, Unsafe.Add(ref k, Rounds));
                    tb = X86Aes.EncryptLast(nb, Unsafe.Add(ref k, Rounds));
                }
            }

            if ((count & 1) != 0)
            {
                this.GenerateVector(ref Unsafe.Add(ref rands, 16 * (count - 1)), in1[count - 1], vectors[vectorsOffset + count - 1]);
            }
        }

        /// <summary>IN1's first 8 bytes, SQN || AMF (TS 35.206 4.1), as a little-endian word of the bytes in memory order.</summary>
        internal static ulong In1(byte[] sqn, int sqnOffset, byte[] amf, int amfOffset)
        {
            ReadOnlySpan<byte> s = sqn.AsSpan(sqnOffset, AkaSizes.Sqn);
            ReadOnlySpan<byte> a = amf.AsSpan(amfOffset, AkaSizes.Amf);
            return BinaryPrimitives.ReadUInt32LittleEndian(s)
                | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(4)) << 32)
                | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(a) << 48);
        }

        /// <summary>IN1's first 8 bytes from a 48-bit SQN value and AMF read big-endian (as In1 of their bytes).</summary>
        internal static ulong In1(long sqn, ushort amf)
        {
            return BinaryPrimitives.ReverseEndianness(((ulong)sqn << 16) | amf);
        }

        // TS 33.102 6.3.2: the quintet from OUT1..OUT4 (already xor OPc) and IN1 = SQN || AMF:
        // AUTN = (SQN xor AK) || AMF || MAC-A, XRES = f2, CK = f3, IK = f4; TS 33.102 6.8.1.2: SRES = c2(XRES), Kc = c3(CK, IK).
        // Every byte of every buffer is written (the tails beyond the MILENAGE lengths with zeros), as after
        // AuthenticationVector.Clear and AuthenticationVectorGenerator.Generate.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store(AuthenticationVector vector, Vector128<byte> rand, Vector128<byte> in1, Vector128<byte> out1, Vector128<byte> out2, Vector128<byte> out3, Vector128<byte> out4)
        {
            // TS 35.206 4.1: MAC-A = OUT1[0..63], AK = OUT2[0..47], RES = OUT2[64..127]; SQN xor AK keeps AMF.
            Vector128<ulong> sqnAmf = (in1 ^ (out2 & AkMask)).AsUInt64();
            Vector128<byte> autn = Sse2.UnpackLow(sqnAmf, out1.AsUInt64()).AsByte();
            Vector128<byte> xres = Sse2.ShiftRightLogical128BitLane(out2, 8);
            ulong res = out2.AsUInt64().GetElement(1);
            Vector128<ulong> keys = (out3 ^ out4).AsUInt64();
            Vector128<byte> zero = Vector128<byte>.Zero;

            rand.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(vector.Rand));
            ref byte x = ref MemoryMarshal.GetArrayDataReference(vector.Xres);
            xres.StoreUnsafe(ref x);
            zero.StoreUnsafe(ref x, 16);
            ref byte c = ref MemoryMarshal.GetArrayDataReference(vector.Ck);
            out3.StoreUnsafe(ref c);
            zero.StoreUnsafe(ref c, 16);
            ref byte i = ref MemoryMarshal.GetArrayDataReference(vector.Ik);
            out4.StoreUnsafe(ref i);
            zero.StoreUnsafe(ref i, 16);
            ref byte a = ref MemoryMarshal.GetArrayDataReference(vector.Autn);
            autn.StoreUnsafe(ref a);
            zero.StoreUnsafe(ref a, 16);
            zero.StoreUnsafe(ref a, AkaSizes.MaxAutn - 16);

            // TS 33.102 6.8.1.2: Kc = CK1 xor CK2 xor IK1 xor IK2 (64-bit halves); SRES = XRES1 xor XRES2 (32-bit halves).
            Unsafe.WriteUnaligned(ref MemoryMarshal.GetArrayDataReference(vector.Kc), keys.GetElement(0) ^ keys.GetElement(1));
            Unsafe.WriteUnaligned(ref MemoryMarshal.GetArrayDataReference(vector.Sres), (uint)res ^ (uint)(res >> 32));
            vector.XresLength = 8;
            vector.CkLength = 16;
            vector.IkLength = 16;
            vector.AutnLength = Autn.LengthFor(8);
            vector.HasGsm = true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<byte> EncryptOne(ref Vector128<byte> k, Vector128<byte> block)
        {
            // FIPS-197 5.1: AddRoundKey, Nr - 1 full rounds, the final round without MixColumns.
            Vector128<byte> s = block ^ k;
            for (int r = 1; r < Rounds; r++)
            {
                s = X86Aes.Encrypt(s, Unsafe.Add(ref k, r));
            }

            return X86Aes.EncryptLast(s, Unsafe.Add(ref k, Rounds));
        }

        private static void WriteAk(Vector128<byte> block, byte[] output, int offset)
        {
            Span<byte> target = output.AsSpan(offset, AkaSizes.Ak);
            ulong value = block.AsUInt64().GetElement(0);
            BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)value);
            BinaryPrimitives.WriteUInt16LittleEndian(target.Slice(4), (ushort)(value >> 32));
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

        private Vector128<byte> Encrypt(Vector128<byte> block)
        {
            return EncryptOne(ref MemoryMarshal.GetArrayDataReference(this.roundKeys), block);
        }

        private void Encrypt3(Vector128<byte> b1, Vector128<byte> b2, Vector128<byte> b3, out Vector128<byte> o1, out Vector128<byte> o2, out Vector128<byte> o3)
        {
            ref Vector128<byte> k = ref MemoryMarshal.GetArrayDataReference(this.roundKeys);
            Vector128<byte> k0 = k;
            b1 ^= k0;
            b2 ^= k0;
            b3 ^= k0;
            for (int r = 1; r < Rounds; r++)
            {
                Vector128<byte> kr = Unsafe.Add(ref k, r);
                b1 = X86Aes.Encrypt(b1, kr);
                b2 = X86Aes.Encrypt(b2, kr);
                b3 = X86Aes.Encrypt(b3, kr);
            }

            Vector128<byte> last = Unsafe.Add(ref k, Rounds);
            o1 = X86Aes.EncryptLast(b1, last);
            o2 = X86Aes.EncryptLast(b2, last);
            o3 = X86Aes.EncryptLast(b3, last);
        }

        private Vector128<byte> LoadTemp(byte[] rand, int randOffset)
        {
            Vector128<byte> value = Vector128.Create(rand.AsSpan(randOffset, AkaSizes.Rand));

            // RAND is public, so comparing it in variable time leaks nothing.
            if (!this.tempValid || value != this.cachedRand)
            {
                // TS 35.206 4.1: TEMP = E_K(RAND xor OPc).
                this.temp = this.Encrypt(value ^ this.opc);
                this.cachedRand = value;
                this.tempValid = true;
            }

            return this.temp;
        }

        // TS 35.206 4.1: OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc, r1 = 64, c1 = 0.
        private Vector128<byte> ComputeOut1(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset)
        {
            ulong in1 = In1(sqn, sqnOffset, amf, amfOffset);
            Vector128<byte> t = this.LoadTemp(rand, randOffset);
            return this.Encrypt(t ^ Vector128.Create(in1).AsByte() ^ this.opcRotated1) ^ this.opc;
        }
    }
}
