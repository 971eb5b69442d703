namespace M2MDevice.Firmware.Usim
{
    /// <summary>Which of the device's two subscriptions the soft USIM presents.</summary>
    public enum UsimIdentityKind : byte
    {
        /// <summary>The preliminary identity (PIMSI and credentials) written at manufacture.</summary>
        Preliminary = 1,

        /// <summary>The operational identity downloaded from the selected home operator.</summary>
        Operational = 2,
    }
}
