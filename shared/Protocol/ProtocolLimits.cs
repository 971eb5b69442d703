namespace M2MDevice.Protocol
{
    /// <summary>Length limits of the protocol's fields in bytes (docs/protocol.md gives the rule for each tag).</summary>
    public static class ProtocolLimits
    {
        /// <summary>Nonces, device and server: 128 bits.</summary>
        public const int NonceSize = 16;

        /// <summary>RAND: 128 bits (TS 33.102 6.3.7).</summary>
        public const int RandSize = 16;

        /// <summary>Shortest IMPI: "d@h" at least.</summary>
        public const int MinImpiLength = 3;

        /// <summary>Longest IMPI (NAI, RFC 7542 2.2 recommends support up to 253 octets).</summary>
        public const int MaxImpiLength = 253;

        /// <summary>Shortest RES: 32 bits (TS 33.102 6.3.7).</summary>
        public const int MinResLength = 4;

        /// <summary>Longest RES: 256 bits (TUAK, TS 35.231 5.1).</summary>
        public const int MaxResLength = 32;

        /// <summary>Longest home operator address URL.</summary>
        public const int MaxUrlLength = 512;

        /// <summary>Longest NAF_Id: a 253-character FQDN and the 5-byte Ua security protocol identifier (TS 33.220 H.2).</summary>
        public const int MaxNafIdLength = 258;

        /// <summary>Shortest NAF_Id: a one-character host and the 5-byte Ua security protocol identifier.</summary>
        public const int MinNafIdLength = 6;

        /// <summary>Longest trust anchor certificate, DER.</summary>
        public const int MaxTrustAnchorLength = 2048;

        /// <summary>Longest encrypted (and so plaintext) package body.</summary>
        public const int MaxPackageBodyLength = 1024;

        /// <summary>PLMN identity: 3 bytes (TS 24.008 10.5.1.13).</summary>
        public const int PlmnSize = 3;

        /// <summary>PLMN with access technology: 5 bytes (TS 31.102 4.2.5).</summary>
        public const int PlmnWithActSize = 5;

        /// <summary>Most entries in one PLMN list.</summary>
        public const int MaxPlmnEntries = 32;

        /// <summary>Shortest IMSI in digits (MCC 3 + MNC 2 + at least one MSIN digit).</summary>
        public const int MinImsiDigits = 6;

        /// <summary>Longest IMSI in digits (TS 23.003 2.2).</summary>
        public const int MaxImsiDigits = 15;

        /// <summary>Shortest ICCID in digits.</summary>
        public const int MinIccidDigits = 18;

        /// <summary>Longest ICCID in digits (ITU-T E.118: 19 plus an optional check digit).</summary>
        public const int MaxIccidDigits = 20;

        /// <summary>Longest MSISDN in digits (ITU-T E.164).</summary>
        public const int MaxMsisdnDigits = 15;

        /// <summary>Longest service provider name (EF_SPN, TS 31.102 4.2.12: 16 bytes).</summary>
        public const int MaxServiceProviderNameLength = 16;
    }
}
