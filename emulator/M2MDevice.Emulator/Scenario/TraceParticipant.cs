namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// The lifelines of the sequence diagram, in display order: the roles of ARCHITECTURE 1 plus the device's
    /// modem. Components use these names as <see cref="TraceEvent.From"/> and <see cref="TraceEvent.To"/>.
    /// </summary>
    public static class TraceParticipant
    {
        /// <summary>The manufacturer (manufacture phase).</summary>
        public const string Manufacturer = "Manufacturer";

        /// <summary>The device owner (subscription registration phase).</summary>
        public const string Owner = "Owner";

        /// <summary>The M2M equipment: firmware and its soft USIM.</summary>
        public const string Device = "Device";

        /// <summary>The device's cellular modem (AT over UART; TLS runs here).</summary>
        public const string Modem = "Modem";

        /// <summary>The visited operator's core network.</summary>
        public const string VisitedOperator = "VO";

        /// <summary>The Registration Service.</summary>
        public const string RegistrationService = "RS";

        /// <summary>The selected home operator.</summary>
        public const string HomeOperator = "HO";

        /// <summary>Display order of the lifelines; names not listed here are appended in order of appearance.</summary>
        public static readonly string[] Order = { Manufacturer, Owner, Device, Modem, VisitedOperator, RegistrationService, HomeOperator };
    }
}
