namespace M2MDevice.Protocol
{
    /// <summary>What RS knows about the device's home operator (HomeOperatorAnswer, tag 0x0A).</summary>
    public enum HomeOperatorStatus : byte
    {
        /// <summary>Associated: the answer carries the HO address, identity, trust anchor and lifetime.</summary>
        Associated = 1,

        /// <summary>Registered but not associated with a home operator yet: retry after the given seconds.</summary>
        Pending = 2,

        /// <summary>RS knows no registration for this device (or it was retired): stop, nothing to retry.</summary>
        Unknown = 3,
    }
}
