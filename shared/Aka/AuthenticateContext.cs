namespace M2MDevice.Aka
{
    /// <summary>The P2 of AUTHENTICATE (TS 31.102 7.1.2, table "Coding of the reference control P2").</summary>
    public enum AuthenticateContext : byte
    {
        /// <summary>'80': GSM security context (RAND only; answers SRES and Kc).</summary>
        Gsm = 0x80,

        /// <summary>'81': 3G security context (RAND and AUTN; answers RES, CK, IK, Kc or AUTS).</summary>
        Umts = 0x81,
    }
}
