using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// The network side of AKA (HLR/AuC, TS 33.102 6.3.2 and 6.3.5): builds authentication vectors from a
    /// caller-chosen RAND, SQN (see <see cref="AucSqnState"/>) and AMF, and verifies AUTS on re-synchronisation.
    /// No allocation per call; temporaries zeroed. Not thread-safe: one per thread (algorithm included).
    /// </summary>
    public sealed class AuthenticationVectorGenerator
    {
        private readonly IAkaAlgorithm algorithm;
        private readonly byte[] mac = new byte[AkaSizes.MaxMac];
        private readonly byte[] ak = new byte[AkaSizes.Ak];

        /// <summary>Creates the generator over the subscriber's algorithm.</summary>
        public AuthenticationVectorGenerator(IAkaAlgorithm algorithm)
        {
            if (algorithm == null)
            {
                throw new ArgumentNullException(nameof(algorithm));
            }

            this.algorithm = algorithm;
        }

        /// <summary>The subscriber's algorithm.</summary>
        public IAkaAlgorithm Algorithm => this.algorithm;

        /// <summary>
        /// TS 33.102 6.3.2: MAC = f1(SQN, RAND, AMF), XRES = f2, CK = f3, IK = f4, AK = f5,
        /// AUTN = (SQN xor AK) || AMF || MAC; plus Kc/SRES (6.8.1.2) when the lengths allow.
        /// RAND must come from a good random source (the caller's). Fills vector.
        /// </summary>
        public void Generate(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, AuthenticationVector vector)
        {
            if (rand == null || sqn == null || amf == null || vector == null)
            {
                throw new ArgumentNullException(rand == null ? nameof(rand) : sqn == null ? nameof(sqn) : amf == null ? nameof(amf) : nameof(vector));
            }

            vector.Clear();
            try
            {
                Array.Copy(rand, randOffset, vector.Rand, 0, AkaSizes.Rand);
                this.algorithm.F1(rand, randOffset, sqn, sqnOffset, amf, amfOffset, this.mac, 0);
                this.algorithm.F2345(rand, randOffset, vector.Xres, 0, vector.Ck, 0, vector.Ik, 0, this.ak, 0);
                vector.XresLength = this.algorithm.ResLength;
                vector.CkLength = this.algorithm.CkLength;
                vector.IkLength = this.algorithm.IkLength;
                vector.AutnLength = Autn.Build(sqn, sqnOffset, this.ak, 0, amf, amfOffset, this.mac, 0, this.algorithm.MacLength, vector.Autn, 0);
                if (vector.XresLength <= 16 && vector.CkLength == 16 && vector.IkLength == 16)
                {
                    // TS 33.102 6.8.1.2: SRES = c2(XRES), Kc = c3(CK, IK) for GSM access.
                    GsmConversion.C2(vector.Xres, 0, vector.XresLength, vector.Sres, 0);
                    GsmConversion.C3(vector.Ck, 0, vector.Ik, 0, vector.Kc, 0);
                    vector.HasGsm = true;
                }
            }
            finally
            {
                AkaBytes.Zero(this.mac);
                AkaBytes.Zero(this.ak);
                this.algorithm.Clear();
            }
        }

        /// <summary>
        /// TS 33.102 6.3.5: recovers SQN_MS (6 bytes at sqnMs[sqnMsOffset]) from AUTS sent with the RAND it
        /// answers, verifying MAC-S in constant time. False (and SQN_MS zeroed) when the length or MAC-S is
        /// wrong; then the AuC must not resynchronise. On true, pass SQN_MS to <see cref="AucSqnState.Resynchronize"/>.
        /// </summary>
        public bool TryResolveAuts(byte[] rand, int randOffset, byte[] auts, int autsOffset, int autsLength, byte[] sqnMs, int sqnMsOffset)
        {
            try
            {
                return Auts.TryResolve(this.algorithm, rand, randOffset, auts, autsOffset, autsLength, sqnMs, sqnMsOffset, this.mac, 0);
            }
            finally
            {
                this.algorithm.Clear();
            }
        }
    }
}
