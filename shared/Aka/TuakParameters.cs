using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// The operator-chosen lengths and Keccak iteration count of a TUAK instance (TS 35.231 5.1, 7.2):
    /// fixed per subscription and loaded with K and TOPc. Immutable; lengths in bytes.
    /// </summary>
    public sealed class TuakParameters
    {
        /// <summary>The 3GPP-compatible choice: MAC 64, RES 64, CK 128, IK 128 bits, one Keccak iteration.</summary>
        public static readonly TuakParameters Default = new TuakParameters(8, 8, 16, 16, 1);

        /// <summary>Creates a parameter set; throws ArgumentOutOfRangeException for a length TS 35.231 5.1 does not allow.</summary>
        /// <param name="macLength">MAC-A/MAC-S: 8, 16 or 32 bytes.</param>
        /// <param name="resLength">RES: 4, 8, 16 or 32 bytes.</param>
        /// <param name="ckLength">CK: 16 or 32 bytes.</param>
        /// <param name="ikLength">IK: 16 or 32 bytes.</param>
        /// <param name="keccakIterations">How many times the permutation is applied per function, 1 to 255.</param>
        public TuakParameters(int macLength, int resLength, int ckLength, int ikLength, int keccakIterations)
        {
            // TS 35.231 5.1: MAC-A/MAC-S 64, 128 or 256 bits; RES 32, 64, 128 or 256; CK and IK 128 or 256.
            if (macLength != 8 && macLength != 16 && macLength != 32)
            {
                throw new ArgumentOutOfRangeException(nameof(macLength));
            }

            if (resLength != 4 && resLength != 8 && resLength != 16 && resLength != 32)
            {
                throw new ArgumentOutOfRangeException(nameof(resLength));
            }

            if (ckLength != 16 && ckLength != 32)
            {
                throw new ArgumentOutOfRangeException(nameof(ckLength));
            }

            if (ikLength != 16 && ikLength != 32)
            {
                throw new ArgumentOutOfRangeException(nameof(ikLength));
            }

            // TS 35.231 7.2: the iteration count is an operator customisation; 1 is the standard value.
            if (keccakIterations < 1 || keccakIterations > 255)
            {
                throw new ArgumentOutOfRangeException(nameof(keccakIterations));
            }

            this.MacLength = macLength;
            this.ResLength = resLength;
            this.CkLength = ckLength;
            this.IkLength = ikLength;
            this.KeccakIterations = keccakIterations;
        }

        /// <summary>MAC-A and MAC-S length in bytes.</summary>
        public int MacLength { get; }

        /// <summary>RES length in bytes.</summary>
        public int ResLength { get; }

        /// <summary>CK length in bytes.</summary>
        public int CkLength { get; }

        /// <summary>IK length in bytes.</summary>
        public int IkLength { get; }

        /// <summary>Number of Keccak-f[1600] applications per function (and for TOPc).</summary>
        public int KeccakIterations { get; }
    }
}
