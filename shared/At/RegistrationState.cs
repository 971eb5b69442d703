namespace M2MDevice.At
{
    /// <summary>
    /// One parsed +CREG/+CGREG/+CEREG read response or URC. Absent optional parameters are -1.
    /// A parser overwrites it only on success.
    /// </summary>
    public sealed class RegistrationState
    {
        /// <summary>Which report this was.</summary>
        public RegistrationKind Kind { get; internal set; }

        /// <summary>&lt;n&gt; of a read response, -1 for a URC.</summary>
        public int Mode { get; internal set; } = -1;

        /// <summary>&lt;stat&gt;.</summary>
        public RegistrationStatus Status { get; internal set; }

        /// <summary>&lt;lac&gt; (+CREG/+CGREG) or &lt;tac&gt; (+CEREG), -1 when absent.</summary>
        public int AreaCode { get; internal set; } = -1;

        /// <summary>&lt;ci&gt; cell identity, -1 when absent.</summary>
        public int CellId { get; internal set; } = -1;

        /// <summary>&lt;AcT&gt; (7 = E-UTRAN, 2 = UTRAN, 0 = GSM, ...), -1 when absent.</summary>
        public int AccessTechnology { get; internal set; } = -1;

        /// <summary>&lt;rac&gt; routing area code (+CGREG only), -1 when absent.</summary>
        public int RoutingAreaCode { get; internal set; } = -1;

        /// <summary>&lt;cause_type&gt; (mode 3: 0 = 3GPP TS 24.008/24.301 cause, 1 = manufacturer specific), -1 when absent.</summary>
        public int CauseType { get; internal set; } = -1;

        /// <summary>&lt;reject_cause&gt; (mode 3, e.g. 3 illegal MS, 11 PLMN not allowed), -1 when absent.</summary>
        public int RejectCause { get; internal set; } = -1;

        /// <summary>True when registered (home or roaming, including SMS-only and CSFB-not-preferred).</summary>
        public bool IsRegistered
        {
            get
            {
                return Status == RegistrationStatus.Home || Status == RegistrationStatus.Roaming
                    || Status == RegistrationStatus.SmsOnlyHome || Status == RegistrationStatus.SmsOnlyRoaming
                    || Status == RegistrationStatus.CsfbNotPreferredHome || Status == RegistrationStatus.CsfbNotPreferredRoaming;
            }
        }
    }
}
