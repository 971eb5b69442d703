using System;
using M2MDevice.Crypto;

namespace M2MDevice.Aka
{
    /// <summary>
    /// MILENAGE (TS 35.206), the example algorithm set for f1, f1*, f2, f3, f4, f5 and f5*, keyed with a
    /// block cipher holding K (AES-128 per TS 35.206 3) and the operator-derived constant OPc.
    /// TEMP = E_K(RAND xor OPc) is cached for the last RAND, so the functions of one challenge share it
    /// (f1 and f1* cost one AES call each on top of it, f5 and f2 share OUT2): a whole USIM run
    /// (f5, f1, f2, f3, f4) costs 5 AES calls, a re-synchronisation (f5*, f1*) 2 more.
    /// Preallocated work buffers: no allocation per call. Not thread-safe: one instance per thread.
    /// </summary>
    public sealed class Milenage : IAkaAlgorithm
    {
        /// <summary>Length of OP and OPc in bytes (TS 35.206 2.2: 128 bits).</summary>
        public const int OpcLength = 16;

        private const int BlockLength = 16;

        // TS 35.206 4.1: rotation amounts r1..r5 in bytes (64, 0, 32, 64, 96 bits) and the last byte of c1..c5.
        private const int RotateOut1 = 8;
        private const int RotateOut2 = 0;
        private const int RotateOut3 = 4;
        private const int RotateOut4 = 8;
        private const int RotateOut5 = 12;
        private const byte ConstantOut2 = 0x01;
        private const byte ConstantOut3 = 0x02;
        private const byte ConstantOut4 = 0x04;
        private const byte ConstantOut5 = 0x08;

        private readonly IBlockCipher cipher;
        private readonly byte[] opc = new byte[OpcLength];
        private readonly byte[] cachedRand = new byte[AkaSizes.Rand];
        private readonly byte[] temp = new byte[BlockLength];
        private readonly byte[] out2 = new byte[BlockLength];
        private readonly byte[] work = new byte[BlockLength];
        private bool tempValid;
        private bool out2Valid;

        /// <summary>Creates MILENAGE for one subscriber: cipherK is keyed with K; OPc is copied (16 bytes).</summary>
        public Milenage(IBlockCipher cipherK, byte[] opc, int opcOffset)
        {
            if (cipherK == null)
            {
                throw new ArgumentNullException(nameof(cipherK));
            }

            CheckRange(opc, opcOffset, OpcLength, nameof(opc));
            this.cipher = cipherK;
            Array.Copy(opc, opcOffset, this.opc, 0, OpcLength);
        }

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
        /// TS 35.206 4.1: OPc = OP xor E_K(OP), written as 16 bytes at opc[opcOffset] (may be OP itself).
        /// Meant for provisioning and the network side: store OPc, not OP, on the device (TS 35.206 4.1 note).
        /// </summary>
        public static void DeriveOpc(IBlockCipher cipherK, byte[] op, int opOffset, byte[] opc, int opcOffset)
        {
            if (cipherK == null)
            {
                throw new ArgumentNullException(nameof(cipherK));
            }

            CheckRange(op, opOffset, OpcLength, nameof(op));
            CheckRange(opc, opcOffset, OpcLength, nameof(opc));
            byte[] block = new byte[BlockLength];
            cipherK.EncryptBlock(op, opOffset, block, 0);
            AkaBytes.Xor(block, 0, op, opOffset, opc, opcOffset, BlockLength);
            AkaBytes.Zero(block);
        }

        /// <inheritdoc />
        public void F1(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, byte[] macA, int macAOffset)
        {
            ComputeOut1(rand, randOffset, sqn, sqnOffset, amf, amfOffset);

            // TS 35.206 4.1: f1 = MAC-A = OUT1[0] .. OUT1[63].
            Array.Copy(this.work, 0, macA, macAOffset, 8);
            AkaBytes.Zero(this.work);
        }

        /// <inheritdoc />
        public void F1Star(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, byte[] macS, int macSOffset)
        {
            ComputeOut1(rand, randOffset, sqn, sqnOffset, amf, amfOffset);

            // TS 35.206 4.1: f1* = MAC-S = OUT1[64] .. OUT1[127].
            Array.Copy(this.work, 8, macS, macSOffset, 8);
            AkaBytes.Zero(this.work);
        }

        /// <inheritdoc />
        public void F2345(byte[] rand, int randOffset, byte[] res, int resOffset, byte[] ck, int ckOffset, byte[] ik, int ikOffset, byte[] ak, int akOffset)
        {
            LoadOut2(rand, randOffset);

            // TS 35.206 4.1: f5 = AK = OUT2[0] .. OUT2[47]; f2 = RES = OUT2[64] .. OUT2[127].
            Array.Copy(this.out2, 0, ak, akOffset, AkaSizes.Ak);
            Array.Copy(this.out2, 8, res, resOffset, 8);

            // TS 35.206 4.1: f3 = CK = OUT3, f4 = IK = OUT4.
            ComputeOut(RotateOut3, ConstantOut3);
            Array.Copy(this.work, 0, ck, ckOffset, BlockLength);
            ComputeOut(RotateOut4, ConstantOut4);
            Array.Copy(this.work, 0, ik, ikOffset, BlockLength);
            AkaBytes.Zero(this.work);
        }

        /// <inheritdoc />
        public void F5(byte[] rand, int randOffset, byte[] ak, int akOffset)
        {
            LoadOut2(rand, randOffset);

            // TS 35.206 4.1: f5 = AK = OUT2[0] .. OUT2[47].
            Array.Copy(this.out2, 0, ak, akOffset, AkaSizes.Ak);
        }

        /// <inheritdoc />
        public void F5Star(byte[] rand, int randOffset, byte[] akStar, int akStarOffset)
        {
            LoadTemp(rand, randOffset);

            // TS 35.206 4.1: f5* = AK* = OUT5[0] .. OUT5[47].
            ComputeOut(RotateOut5, ConstantOut5);
            Array.Copy(this.work, 0, akStar, akStarOffset, AkaSizes.Ak);
            AkaBytes.Zero(this.work);
        }

        /// <inheritdoc />
        public void Clear()
        {
            AkaBytes.Zero(this.temp);
            AkaBytes.Zero(this.out2);
            AkaBytes.Zero(this.work);
            AkaBytes.Zero(this.cachedRand);
            this.tempValid = false;
            this.out2Valid = false;
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

        private void LoadTemp(byte[] rand, int randOffset)
        {
            // RAND is public, so comparing it in variable time leaks nothing.
            if (this.tempValid && AkaBytes.Equal(this.cachedRand, 0, rand, randOffset, AkaSizes.Rand))
            {
                return;
            }

            Array.Copy(rand, randOffset, this.cachedRand, 0, AkaSizes.Rand);
            this.out2Valid = false;

            // TS 35.206 4.1: TEMP = E_K(RAND xor OPc).
            AkaBytes.Xor(rand, randOffset, this.opc, 0, this.temp, 0, BlockLength);
            this.cipher.EncryptBlock(this.temp, 0, this.temp, 0);
            this.tempValid = true;
        }

        private void LoadOut2(byte[] rand, int randOffset)
        {
            LoadTemp(rand, randOffset);
            if (this.out2Valid)
            {
                return;
            }

            ComputeOut(RotateOut2, ConstantOut2);
            Array.Copy(this.work, 0, this.out2, 0, BlockLength);
            AkaBytes.Zero(this.work);
            this.out2Valid = true;
        }

        // TS 35.206 4.1: OUTk = E_K(rot(TEMP xor OPc, rk) xor ck) xor OPc for k = 2..5, into work.
        private void ComputeOut(int rotateBytes, byte constant)
        {
            for (int i = 0; i < BlockLength; i++)
            {
                int j = (i + rotateBytes) & (BlockLength - 1);
                this.work[i] = (byte)(this.temp[j] ^ this.opc[j]);
            }

            this.work[BlockLength - 1] ^= constant;
            this.cipher.EncryptBlock(this.work, 0, this.work, 0);
            AkaBytes.Xor(this.work, 0, this.opc, 0, this.work, 0, BlockLength);
        }

        // TS 35.206 4.1: OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc, IN1 = SQN || AMF || SQN || AMF,
        // r1 = 64, c1 = 0; into work.
        private void ComputeOut1(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset)
        {
            LoadTemp(rand, randOffset);
            for (int i = 0; i < BlockLength; i++)
            {
                // IN1 repeats every 8 bytes, so rot(IN1, 64) = IN1 and only OPc moves.
                int k = i & 7;
                byte in1 = k < AkaSizes.Sqn ? sqn[sqnOffset + k] : amf[amfOffset + k - AkaSizes.Sqn];
                this.work[i] = (byte)(this.temp[i] ^ in1 ^ this.opc[(i + RotateOut1) & (BlockLength - 1)]);
            }

            this.cipher.EncryptBlock(this.work, 0, this.work, 0);
            AkaBytes.Xor(this.work, 0, this.opc, 0, this.work, 0, BlockLength);
        }
    }
}
