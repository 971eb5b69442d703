namespace M2MDevice.Firmware.Usim
{
    /// <summary>Access condition levels of TS 102 221 9.2 as the soft USIM applies them to the terminal.</summary>
    internal enum UsimAccessCondition : byte
    {
        /// <summary>ALW: always allowed.</summary>
        Always = 0,

        /// <summary>PIN: allowed once PIN1 is verified, or when PIN1 is disabled.</summary>
        Pin = 1,

        /// <summary>ADM: administrative; the terminal never holds it (content comes from the profile).</summary>
        Administrative = 2,

        /// <summary>NEV: never allowed.</summary>
        Never = 3,
    }
}
