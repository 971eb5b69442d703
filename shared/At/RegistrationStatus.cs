namespace M2MDevice.At
{
    /// <summary>&lt;stat&gt; of +CREG/+CGREG/+CEREG (TS 27.007 7.2, 10.1.20, 10.1.22).</summary>
    public enum RegistrationStatus
    {
        /// <summary>0: not registered, not searching.</summary>
        NotRegistered = 0,

        /// <summary>1: registered, home network.</summary>
        Home = 1,

        /// <summary>2: not registered, searching.</summary>
        Searching = 2,

        /// <summary>3: registration denied (reject cause in mode 3).</summary>
        Denied = 3,

        /// <summary>4: unknown (e.g. out of coverage).</summary>
        Unknown = 4,

        /// <summary>5: registered, roaming.</summary>
        Roaming = 5,

        /// <summary>6: registered for SMS only, home.</summary>
        SmsOnlyHome = 6,

        /// <summary>7: registered for SMS only, roaming.</summary>
        SmsOnlyRoaming = 7,

        /// <summary>8: attached for emergency bearer services only.</summary>
        EmergencyOnly = 8,

        /// <summary>9: registered for CSFB not preferred, home.</summary>
        CsfbNotPreferredHome = 9,

        /// <summary>10: registered for CSFB not preferred, roaming.</summary>
        CsfbNotPreferredRoaming = 10,
    }
}
