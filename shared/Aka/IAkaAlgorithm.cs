namespace M2MDevice.Aka
{
    /// <summary>
    /// The authentication and key generation functions f1, f1*, f2, f3, f4, f5 and f5* of TS 33.102 6.3
    /// for one subscriber (K and OPc/TOPc are fixed at construction), as used by both the USIM and the AuC.
    /// Implemented by <see cref="Milenage"/> (TS 35.206) and <see cref="Tuak"/> (TS 35.231); build one with
    /// <see cref="AkaAlgorithmFactory"/>.
    /// All inputs and outputs are byte arrays with explicit offsets; RAND is 16 bytes, SQN 6, AMF 2, AK 6;
    /// MAC, RES, CK and IK lengths are given by the properties. No method allocates.
    /// Implementations may cache values derived from the last RAND (MILENAGE's TEMP) so that calls with
    /// the same RAND share work; <see cref="Clear"/> wipes that cache.
    /// Implementations are not thread-safe: use one instance per thread (or lock around each exchange).
    /// </summary>
    public interface IAkaAlgorithm
    {
        /// <summary>Which algorithm set this is.</summary>
        AkaAlgorithmKind Kind { get; }

        /// <summary>Length of MAC-A and MAC-S in bytes (8 for MILENAGE; 8, 16 or 32 for TUAK).</summary>
        int MacLength { get; }

        /// <summary>Length of RES/XRES in bytes (8 for MILENAGE; 4, 8, 16 or 32 for TUAK).</summary>
        int ResLength { get; }

        /// <summary>Length of CK in bytes (16 for MILENAGE; 16 or 32 for TUAK).</summary>
        int CkLength { get; }

        /// <summary>Length of IK in bytes (16 for MILENAGE; 16 or 32 for TUAK).</summary>
        int IkLength { get; }

        /// <summary>f1: MAC-A = f1_K(SQN || RAND || AMF), <see cref="MacLength"/> bytes at macA[macAOffset].</summary>
        void F1(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, byte[] macA, int macAOffset);

        /// <summary>f1*: MAC-S = f1*_K(SQN_MS || RAND || AMF*), <see cref="MacLength"/> bytes at macS[macSOffset].</summary>
        void F1Star(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, byte[] macS, int macSOffset);

        /// <summary>f2, f3, f4 and f5 of one RAND: RES (<see cref="ResLength"/> bytes), CK, IK and AK (6 bytes).</summary>
        void F2345(byte[] rand, int randOffset, byte[] res, int resOffset, byte[] ck, int ckOffset, byte[] ik, int ikOffset, byte[] ak, int akOffset);

        /// <summary>f5 alone: AK (6 bytes), to unmask SQN before the MAC is checked.</summary>
        void F5(byte[] rand, int randOffset, byte[] ak, int akOffset);

        /// <summary>f5*: AK* (6 bytes), the anonymity key of re-synchronisation (TS 33.102 6.3.3).</summary>
        void F5Star(byte[] rand, int randOffset, byte[] akStar, int akStarOffset);

        /// <summary>Zeroes every work buffer and cached intermediate value (the keys are kept).</summary>
        void Clear();
    }
}
