namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// The cellular side as the provisioning state machine sees it (sans-IO: requests return at once,
    /// outcomes arrive later on <see cref="ICellularNetworkListener"/>). Implemented over the modem by
    /// the cellular state machine in firmware/Modem; faked in provisioning tests.
    /// </summary>
    public interface ICellularNetwork
    {
        /// <summary>
        /// Powers the radio up if needed, brings the SIM up (the identity the soft USIM presents now),
        /// selects a network from <paramref name="allowedPlmns"/> (3 bytes each, TS 24.008 10.5.1.3
        /// encoding, as in the key store; null = automatic selection), registers and activates the PDP
        /// context for <paramref name="apn"/>. Completes with OnAttachCompleted.
        /// </summary>
        void BeginAttach(byte[] allowedPlmns, string apn);

        /// <summary>
        /// Detaches and power-cycles the SIM (AT+CFUN=0 then 1, or a SIM reset), so the next attach reads
        /// the identity the soft USIM presents after a switch. Completes with OnDetachCompleted.
        /// </summary>
        void BeginDetach();
    }
}
