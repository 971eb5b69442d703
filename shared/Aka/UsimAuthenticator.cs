using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// The USIM side of AKA (TS 33.102 6.3.3, TS 31.102 7.1.2): checks RAND/AUTN against the subscriber's
    /// algorithm and SQN state and produces RES, CK, IK (and Kc/SRES) or AUTS.
    /// MAC-A is verified first, in constant time; on failure nothing changes and nothing is released.
    /// No allocation per call; every temporary (AK, SQN, XMAC-A, SQN_MS) is zeroed before returning and the
    /// algorithm's cache is cleared. Not thread-safe.
    /// </summary>
    public sealed class UsimAuthenticator
    {
        private readonly IAkaAlgorithm algorithm;
        private readonly UsimSqnState sqnState;
        private readonly byte[] ak = new byte[AkaSizes.Ak];
        private readonly byte[] sqn = new byte[AkaSizes.Sqn];
        private readonly byte[] sqnMs = new byte[AkaSizes.Sqn];
        private readonly byte[] xmac = new byte[AkaSizes.MaxMac];

        /// <summary>Creates the authenticator over the subscriber's algorithm and SQN array (both shared, not copied).</summary>
        public UsimAuthenticator(IAkaAlgorithm algorithm, UsimSqnState sqnState)
        {
            if (algorithm == null)
            {
                throw new ArgumentNullException(nameof(algorithm));
            }

            if (sqnState == null)
            {
                throw new ArgumentNullException(nameof(sqnState));
            }

            this.algorithm = algorithm;
            this.sqnState = sqnState;
        }

        /// <summary>The subscriber's algorithm.</summary>
        public IAkaAlgorithm Algorithm => this.algorithm;

        /// <summary>The SQN array this authenticator checks and updates.</summary>
        public UsimSqnState SqnState => this.sqnState;

        /// <summary>
        /// 3G (UMTS) context, TS 33.102 6.3.3: RAND is 16 bytes; AUTN is autnLength bytes (8 + MAC length).
        /// Success: Res/Ck/Ik (and Kc when CK/IK are 128 bits) are set and ChangedSqnSlot names the SQN slot
        /// to persist. SyncFailure: Auts is set. MacFailure/InvalidInput: output is all zero.
        /// </summary>
        public AkaResult Authenticate(byte[] rand, int randOffset, byte[] autn, int autnOffset, int autnLength, UsimAuthenticationOutput output)
        {
            CheckArguments(rand, randOffset, output);
            if (autn == null)
            {
                throw new ArgumentNullException(nameof(autn));
            }

            output.Clear();
            int macLength = this.algorithm.MacLength;
            if (autnLength != Autn.LengthFor(macLength) || autnOffset < 0 || autnOffset > autn.Length - autnLength)
            {
                return AkaResult.InvalidInput;
            }

            try
            {
                // TS 33.102 6.3.3: compute AK = f5_K(RAND) and retrieve SQN = (SQN xor AK) xor AK.
                this.algorithm.F5(rand, randOffset, this.ak, 0);
                AkaBytes.Xor(autn, autnOffset + Autn.SqnOffset, this.ak, 0, this.sqn, 0, AkaSizes.Sqn);

                // TS 33.102 6.3.3: XMAC = f1_K(SQN || RAND || AMF), compared with MAC in AUTN first, in constant time.
                this.algorithm.F1(rand, randOffset, this.sqn, 0, autn, autnOffset + Autn.AmfOffset, this.xmac, 0);
                if (!AkaBytes.ConstantTimeEquals(this.xmac, 0, autn, autnOffset + Autn.MacOffset, macLength))
                {
                    // TS 33.102 6.3.3: user authentication reject, cause MAC failure; no SQN check, no state change.
                    return AkaResult.MacFailure;
                }

                // TS 33.102 6.3.3 and C.2: only then verify that SQN is in the correct range.
                int changedSlot;
                if (this.sqnState.TryAccept(this.sqn, 0, out changedSlot) != SqnCheck.Fresh)
                {
                    // TS 33.102 6.3.3/6.3.5, C.2.2: AUTS from the highest previously accepted SQN_MS.
                    this.sqnState.GetHighest(this.sqnMs, 0);
                    output.AutsLength = Auts.Build(this.algorithm, rand, randOffset, this.sqnMs, 0, output.Auts, 0);
                    return AkaResult.SyncFailure;
                }

                // TS 33.102 6.3.3: RES = f2, CK = f3, IK = f4.
                this.algorithm.F2345(rand, randOffset, output.Res, 0, output.Ck, 0, output.Ik, 0, this.ak, 0);
                output.ResLength = this.algorithm.ResLength;
                output.CkLength = this.algorithm.CkLength;
                output.IkLength = this.algorithm.IkLength;
                output.ChangedSqnSlot = changedSlot;
                if (output.CkLength == 16 && output.IkLength == 16)
                {
                    // TS 31.102 7.1.2.1: Kc = c3(CK, IK) when GSM access is available (TS 33.102 6.8.1.2).
                    GsmConversion.C3(output.Ck, 0, output.Ik, 0, output.Kc, 0);
                    output.HasKc = true;
                }

                return AkaResult.Success;
            }
            finally
            {
                Wipe();
            }
        }

        /// <summary>
        /// GSM context, TS 33.102 6.8.1.2 (USIM in a GSM network): no AUTN and no SQN check;
        /// SRES = c2(XRES) and Kc = c3(CK, IK) are set, RES/CK/IK are not released.
        /// ContextNotSupported when RES is longer than 128 bits or CK/IK are not 128 bits.
        /// </summary>
        public AkaResult AuthenticateGsm(byte[] rand, int randOffset, UsimAuthenticationOutput output)
        {
            CheckArguments(rand, randOffset, output);
            output.Clear();
            if (this.algorithm.ResLength > 16 || this.algorithm.CkLength != 16 || this.algorithm.IkLength != 16)
            {
                return AkaResult.ContextNotSupported;
            }

            try
            {
                this.algorithm.F2345(rand, randOffset, output.Res, 0, output.Ck, 0, output.Ik, 0, this.ak, 0);

                // TS 33.102 6.8.1.2: SRES = c2(XRES), Kc = c3(CK, IK).
                GsmConversion.C2(output.Res, 0, this.algorithm.ResLength, output.Sres, 0);
                GsmConversion.C3(output.Ck, 0, output.Ik, 0, output.Kc, 0);
                output.HasSres = true;
                output.HasKc = true;
                AkaBytes.Zero(output.Res);
                AkaBytes.Zero(output.Ck);
                AkaBytes.Zero(output.Ik);
                return AkaResult.Success;
            }
            finally
            {
                Wipe();
            }
        }

        private static void CheckArguments(byte[] rand, int randOffset, UsimAuthenticationOutput output)
        {
            if (rand == null)
            {
                throw new ArgumentNullException(nameof(rand));
            }

            if (randOffset < 0 || randOffset > rand.Length - AkaSizes.Rand)
            {
                throw new ArgumentOutOfRangeException(nameof(randOffset));
            }

            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }
        }

        private void Wipe()
        {
            AkaBytes.Zero(this.ak);
            AkaBytes.Zero(this.sqn);
            AkaBytes.Zero(this.sqnMs);
            AkaBytes.Zero(this.xmac);
            this.algorithm.Clear();
        }
    }
}
