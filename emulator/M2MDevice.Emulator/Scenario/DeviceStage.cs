namespace M2MDevice.Emulator.Scenario
{
    /// <summary>Where a device stands in the flow, as seen from RS and (when asked) its home operator.</summary>
    public enum DeviceStage
    {
        /// <summary>RS has no such device (or it is another manufacturer's).</summary>
        Unknown = 0,

        /// <summary>Registered at RS with a PIMSI, not associated with a home operator (or the HO's association is still pending).</summary>
        Allocated = 1,

        /// <summary>Associated at RS with a home operator; no package downloaded yet.</summary>
        Associated = 2,

        /// <summary>Bootstrapped with RS and downloaded its USIM package from the HO; no install receipt yet.</summary>
        Downloaded = 3,

        /// <summary>The device reported a failed installation (it rolled back; the next download gets a new profile).</summary>
        Failed = 4,

        /// <summary>The HO received the install receipt: the operational profile is in use.</summary>
        Provisioned = 5,

        /// <summary>RS retired the device's PIMSI (it was provisioned); seen without HO information.</summary>
        Retired = 6,
    }
}
