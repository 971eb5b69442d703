using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// AUTS, the re-synchronisation token (TS 33.102 6.3.3): (SQN_MS xor AK*) || MAC-S with
    /// MAC-S = f1*_K(SQN_MS || RAND || AMF*) and AMF* = 0x0000; 6 + MAC length bytes (14 for MILENAGE).
    /// </summary>
    public static class Auts
    {
        /// <summary>Offset of MAC-S in AUTS.</summary>
        public const int MacOffset = 6;

        // TS 33.102 6.3.3: AMF* is the dummy value of all zeros. Never written.
        private static readonly byte[] DummyAmf = new byte[AkaSizes.Amf];

        /// <summary>AUTS length for a MAC of macLength bytes.</summary>
        public static int LengthFor(int macLength)
        {
            return MacOffset + macLength;
        }

        /// <summary>
        /// USIM side, TS 33.102 6.3.3: builds AUTS for RAND and SQN_MS at output[outputOffset] (must not overlap
        /// the inputs); returns its length. AK* only ever appears masked in output.
        /// </summary>
        public static int Build(IAkaAlgorithm algorithm, byte[] rand, int randOffset, byte[] sqnMs, int sqnMsOffset, byte[] output, int outputOffset)
        {
            if (algorithm == null)
            {
                throw new ArgumentNullException(nameof(algorithm));
            }

            int length = LengthFor(algorithm.MacLength);
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (outputOffset < 0 || outputOffset > output.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(outputOffset));
            }

            // TS 33.102 6.3.3: Conc(SQN_MS) = SQN_MS xor f5*_K(RAND).
            algorithm.F5Star(rand, randOffset, output, outputOffset);
            AkaBytes.Xor(output, outputOffset, sqnMs, sqnMsOffset, output, outputOffset, AkaSizes.Sqn);

            // TS 33.102 6.3.3: MAC-S = f1*_K(SQN_MS || RAND || AMF*), AMF* = 0x0000.
            algorithm.F1Star(rand, randOffset, sqnMs, sqnMsOffset, DummyAmf, 0, output, outputOffset + MacOffset);
            return length;
        }

        /// <summary>
        /// Network side, TS 33.102 6.3.5: recovers SQN_MS from AUTS and checks MAC-S in constant time.
        /// Returns false when autsLength does not fit the algorithm or MAC-S is wrong; sqnMs is then zeroed.
        /// work is scratch of at least MAC length bytes at workOffset (zeroed on return).
        /// </summary>
        public static bool TryResolve(IAkaAlgorithm algorithm, byte[] rand, int randOffset, byte[] auts, int autsOffset, int autsLength, byte[] sqnMs, int sqnMsOffset, byte[] work, int workOffset)
        {
            if (algorithm == null)
            {
                throw new ArgumentNullException(nameof(algorithm));
            }

            int macLength = algorithm.MacLength;
            if (auts == null || sqnMs == null || work == null)
            {
                throw new ArgumentNullException(auts == null ? nameof(auts) : sqnMs == null ? nameof(sqnMs) : nameof(work));
            }

            if (autsLength != LengthFor(macLength) || autsOffset < 0 || autsOffset > auts.Length - autsLength)
            {
                return false;
            }

            // TS 33.102 6.3.5: SQN_MS = Conc(SQN_MS) xor f5*_K(RAND).
            algorithm.F5Star(rand, randOffset, sqnMs, sqnMsOffset);
            AkaBytes.Xor(sqnMs, sqnMsOffset, auts, autsOffset, sqnMs, sqnMsOffset, AkaSizes.Sqn);

            // TS 33.102 6.3.5: XMAC-S = f1*_K(SQN_MS || RAND || AMF*) must equal MAC-S.
            algorithm.F1Star(rand, randOffset, sqnMs, sqnMsOffset, DummyAmf, 0, work, workOffset);
            bool valid = AkaBytes.ConstantTimeEquals(work, workOffset, auts, autsOffset + MacOffset, macLength);
            for (int i = 0; i < macLength; i++)
            {
                work[workOffset + i] = 0;
            }

            if (!valid)
            {
                for (int i = 0; i < AkaSizes.Sqn; i++)
                {
                    sqnMs[sqnMsOffset + i] = 0;
                }
            }

            return valid;
        }
    }
}
