namespace M2MDevice.Emulator.Ho
{
    /// <summary>Who holds a bearer token at a home operator.</summary>
    public enum HoRole
    {
        /// <summary>The HO's operator: registers device owners and visited operators.</summary>
        Admin = 1,

        /// <summary>A device owner: registers its devices and lists their provisioning state (ARCHITECTURE 3.6).</summary>
        Owner = 2,

        /// <summary>A visited operator: fetches authentication vectors for the HO's operational IMSIs (roaming interface).</summary>
        VisitedOperator = 3,
    }
}
