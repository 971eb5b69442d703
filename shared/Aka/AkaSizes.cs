namespace M2MDevice.Aka
{
    /// <summary>
    /// Field sizes in bytes of 3GPP AKA (TS 33.102 6.3.7; TS 35.206 and TS 35.231 for the algorithm outputs).
    /// </summary>
    public static class AkaSizes
    {
        /// <summary>RAND, the random challenge: 128 bits (TS 33.102 6.3.7).</summary>
        public const int Rand = 16;

        /// <summary>SQN, the sequence number: 48 bits (TS 33.102 6.3.7).</summary>
        public const int Sqn = 6;

        /// <summary>AMF, the authentication management field: 16 bits (TS 33.102 6.3.7).</summary>
        public const int Amf = 2;

        /// <summary>AK and AK*, the anonymity keys: 48 bits (TS 33.102 6.3.7).</summary>
        public const int Ak = 6;

        /// <summary>Longest MAC-A/MAC-S any supported algorithm produces (TUAK: 256 bits, TS 35.231 5.1).</summary>
        public const int MaxMac = 32;

        /// <summary>Longest RES any supported algorithm produces (TUAK: 256 bits, TS 35.231 5.1).</summary>
        public const int MaxRes = 32;

        /// <summary>Longest CK or IK any supported algorithm produces (TUAK: 256 bits, TS 35.231 5.1).</summary>
        public const int MaxKey = 32;

        /// <summary>Kc, the GSM cipher key: 64 bits (TS 33.102 6.8.1.2, c3).</summary>
        public const int Kc = 8;

        /// <summary>SRES, the GSM signed response: 32 bits (TS 33.102 6.8.1.2, c2).</summary>
        public const int Sres = 4;

        /// <summary>Longest AUTN: SQN xor AK (6) || AMF (2) || MAC-A (up to 32) (TS 33.102 6.3.2).</summary>
        public const int MaxAutn = Sqn + Amf + MaxMac;

        /// <summary>Longest AUTS: SQN_MS xor AK* (6) || MAC-S (up to 32) (TS 33.102 6.3.3).</summary>
        public const int MaxAuts = Sqn + MaxMac;
    }
}
