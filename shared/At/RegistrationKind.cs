namespace M2MDevice.At
{
    /// <summary>Which registration report: circuit-switched, GPRS packet domain, or EPS.</summary>
    public enum RegistrationKind
    {
        /// <summary>+CREG (TS 27.007 7.2).</summary>
        Circuit = 0,

        /// <summary>+CGREG (TS 27.007 10.1.20), carries a routing area code.</summary>
        Gprs = 1,

        /// <summary>+CEREG (TS 27.007 10.1.22), tracking area code instead of LAC.</summary>
        Eps = 2,
    }
}
