using M2MDevice.Aka;

namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// One subscription as the soft USIM presents it: identity, secrets and the file contents that
    /// come with it. Preliminary and operational identities share this shape. Byte fields hold the
    /// TS 31.102 / TS 102 221 file encodings (EF_IMSI 9 bytes, EF_ICCID 10 bytes, PLMN lists as
    /// 5-byte PLMN+AcT entries), so the USIM serves them as they are. Owned by the key store, which
    /// persists it; the USIM reads it and never exposes K or OPc.
    /// </summary>
    public sealed class UsimProfile
    {
        /// <summary>EF_IMSI content (TS 31.102 4.2.2): length byte then BCD digits, 9 bytes.</summary>
        public byte[] EfImsi;

        /// <summary>EF_ICCID content (TS 102 221 13.2): 10 bytes, swapped BCD.</summary>
        public byte[] EfIccid;

        /// <summary>Length of the MNC in the IMSI, 2 or 3 (EF_AD byte 4, TS 31.102 4.2.18).</summary>
        public byte MncLength;

        /// <summary>The algorithm set.</summary>
        public AkaAlgorithmKind Algorithm;

        /// <summary>K, 16 bytes (MILENAGE) or 16/32 bytes (TUAK). Secret.</summary>
        public byte[] K;

        /// <summary>OPc (MILENAGE) or TOPc (TUAK), 16 or 32 bytes. Secret.</summary>
        public byte[] Opc;

        // TUAK lengths and iterations: all zero selects TuakParameters.Default (MAC 8, RES 8, CK 16, IK 16,
        // one iteration); otherwise every one must be set to a value TS 35.231 allows.

        /// <summary>TUAK only: RES length in bytes (4, 8, 16 or 32).</summary>
        public byte TuakResLength;

        /// <summary>TUAK only: MAC-A/MAC-S length in bytes (8, 16 or 32).</summary>
        public byte TuakMacLength;

        /// <summary>TUAK only: CK length in bytes (16 or 32; TS 35.231 5.1).</summary>
        public byte TuakCkLength;

        /// <summary>TUAK only: IK length in bytes (16 or 32), chosen apart from CK (TS 35.231 5.1).</summary>
        public byte TuakIkLength;

        /// <summary>TUAK only: Keccak iterations (1 or more; TS 35.231 default 1).</summary>
        public byte TuakKeccakIterations;

        /// <summary>EF_HPLMNwAcT content, 5 bytes per entry, or null.</summary>
        public byte[] HplmnWithAct;

        /// <summary>EF_OPLMNwACT content (operator controlled PLMN selector), or null.</summary>
        public byte[] OplmnWithAct;

        /// <summary>EF_PLMNwAcT content (user controlled PLMN selector), or null.</summary>
        public byte[] PlmnWithAct;

        /// <summary>EF_EHPLMN content, 3 bytes per PLMN, or null.</summary>
        public byte[] Ehplmn;

        /// <summary>EF_FPLMN content, 3 bytes per PLMN (FF-filled when empty), or null.</summary>
        public byte[] Fplmn;

        /// <summary>EF_ACC content (access control class), 2 bytes, or null.</summary>
        public byte[] Acc;

        /// <summary>EF_MSISDN number in digits, or null when the operator gives none.</summary>
        public string Msisdn;

        /// <summary>
        /// EF_SPN service provider name (TS 31.102 4.2.12), up to 16 printable ASCII characters, or null
        /// for none (then EF_SPN is absent and UST service 19 is off).
        /// </summary>
        public string ServiceProviderName;

        /// <summary>Profile sequence number from the home operator; 0 for the preliminary identity.</summary>
        public uint ProfileSequence;
    }
}
