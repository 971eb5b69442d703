namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// File identifiers (FID) of the files the soft USIM holds: TS 102 221 13 (MF level) and
    /// TS 31.102 4.2 / 4.4.1 (ADF.USIM). Also the keys under which IUsimStore saves updated files.
    /// </summary>
    public static class UsimFileId
    {
        /// <summary>MF, the master file (TS 102 221 8.2).</summary>
        public const ushort Mf = 0x3F00;

        /// <summary>Reserved FID of the current application's ADF (TS 102 221 8.3).</summary>
        public const ushort CurrentAdf = 0x7FFF;

        /// <summary>EF_DIR, application directory, linear fixed (TS 102 221 13.1).</summary>
        public const ushort Dir = 0x2F00;

        /// <summary>EF_ICCID, card identification (TS 102 221 13.2).</summary>
        public const ushort Iccid = 0x2FE2;

        /// <summary>EF_PL, preferred languages (TS 102 221 13.5).</summary>
        public const ushort PreferredLanguages = 0x2F05;

        /// <summary>EF_LI, language indication (TS 31.102 4.2.1).</summary>
        public const ushort LanguageIndication = 0x6F05;

        /// <summary>EF_IMSI (TS 31.102 4.2.2).</summary>
        public const ushort Imsi = 0x6F07;

        /// <summary>EF_KEYS, CS ciphering and integrity keys (TS 31.102 4.2.3).</summary>
        public const ushort Keys = 0x6F08;

        /// <summary>EF_KEYSPS, PS ciphering and integrity keys (TS 31.102 4.2.4).</summary>
        public const ushort KeysPs = 0x6F09;

        /// <summary>EF_PLMNwAcT, user controlled PLMN selector with access technology (TS 31.102 4.2.5).</summary>
        public const ushort PlmnWithAct = 0x6F60;

        /// <summary>EF_HPPLMN, higher priority PLMN search period (TS 31.102 4.2.6).</summary>
        public const ushort HigherPriorityPlmnPeriod = 0x6F31;

        /// <summary>EF_UST, USIM service table (TS 31.102 4.2.8).</summary>
        public const ushort Ust = 0x6F38;

        /// <summary>EF_SPN, service provider name (TS 31.102 4.2.12).</summary>
        public const ushort Spn = 0x6F46;

        /// <summary>EF_ACC, access control class (TS 31.102 4.2.15).</summary>
        public const ushort Acc = 0x6F78;

        /// <summary>EF_FPLMN, forbidden PLMNs (TS 31.102 4.2.16).</summary>
        public const ushort Fplmn = 0x6F7B;

        /// <summary>EF_LOCI, location information (TS 31.102 4.2.17).</summary>
        public const ushort Loci = 0x6F7E;

        /// <summary>EF_AD, administrative data (TS 31.102 4.2.18).</summary>
        public const ushort Ad = 0x6FAD;

        /// <summary>EF_ECC, emergency call codes (TS 31.102 4.2.21).</summary>
        public const ushort Ecc = 0x6FB7;

        /// <summary>EF_PSLOCI, packet switched location information (TS 31.102 4.2.23).</summary>
        public const ushort PsLoci = 0x6F73;

        /// <summary>EF_MSISDN (TS 31.102 4.2.26).</summary>
        public const ushort Msisdn = 0x6F40;

        /// <summary>EF_EST, enabled services table (TS 31.102 4.2.47).</summary>
        public const ushort Est = 0x6F56;

        /// <summary>EF_START-HFN, initialisation values for the hyperframe number (TS 31.102 4.2.51).</summary>
        public const ushort StartHfn = 0x6F5B;

        /// <summary>EF_THRESHOLD, maximum value of START (TS 31.102 4.2.52).</summary>
        public const ushort Threshold = 0x6F5C;

        /// <summary>EF_OPLMNwACT, operator controlled PLMN selector with access technology (TS 31.102 4.2.53).</summary>
        public const ushort OplmnWithAct = 0x6F61;

        /// <summary>EF_HPLMNwAcT, HPLMN selector with access technology (TS 31.102 4.2.54).</summary>
        public const ushort HplmnWithAct = 0x6F62;

        /// <summary>EF_EHPLMN, equivalent HPLMN (TS 31.102 4.2.84).</summary>
        public const ushort Ehplmn = 0x6FD9;

        /// <summary>EF_EPSLOCI, EPS location information (TS 31.102 4.2.91).</summary>
        public const ushort EpsLoci = 0x6FE3;

        /// <summary>EF_EPSNSC, EPS NAS security context, linear fixed (TS 31.102 4.2.92).</summary>
        public const ushort EpsNsc = 0x6FE4;

        /// <summary>DF_GSM-ACCESS under ADF.USIM (TS 31.102 4.4.1).</summary>
        public const ushort GsmAccess = 0x5F3B;

        /// <summary>EF_Kc under DF_GSM-ACCESS (TS 31.102 4.4.1.1).</summary>
        public const ushort Kc = 0x4F20;

        /// <summary>EF_KcGPRS under DF_GSM-ACCESS (TS 31.102 4.4.1.2).</summary>
        public const ushort KcGprs = 0x4F52;
    }
}
