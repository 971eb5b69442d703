namespace M2MDevice.Emulator.Rs
{
    /// <summary>Who holds a bearer token at RS.</summary>
    public enum RsRole
    {
        /// <summary>The RS operator: registers manufacturers and operators.</summary>
        Admin = 1,

        /// <summary>A manufacturer: registers device batches.</summary>
        Manufacturer = 2,

        /// <summary>A visited operator: fetches authentication vectors (roaming interface, ARCHITECTURE 3.2).</summary>
        VisitedOperator = 3,

        /// <summary>A home operator: associations, Ks_NAF, outcomes (Zn, ARCHITECTURE 3.4).</summary>
        HomeOperator = 4,
    }
}
