namespace M2MDevice.Aka
{
    /// <summary>The authentication algorithm set of a subscription (TS 33.102 6.3, Annex F).</summary>
    public enum AkaAlgorithmKind : byte
    {
        /// <summary>MILENAGE, TS 35.205/35.206, with OPc.</summary>
        Milenage = 1,

        /// <summary>TUAK, TS 35.231, with TOPc.</summary>
        Tuak = 2,
    }
}
