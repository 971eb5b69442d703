namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// The card the <see cref="RemoteSimResponder"/> serves to the modem: the soft USIM (firmware/Usim) or a
    /// test double. Narrow on purpose: power, reset and APDU exchange only.
    /// </summary>
    public interface IRemoteSimCard
    {
        /// <summary>
        /// Powers the card on (coldStart, the modem's INIT) or resets it (RESET) and gives its ATR.
        /// False when the card cannot start (no usable profile); answerToReset is then null.
        /// </summary>
        bool Reset(bool coldStart, out byte[] answerToReset);

        /// <summary>
        /// Processes the C-APDU command[offset..offset+count) and writes the R-APDU (data, SW1, SW2) at
        /// response[responseOffset]; returns its length (2..258), or 0 when the card is not powered.
        /// </summary>
        int Process(byte[] command, int offset, int count, byte[] response, int responseOffset);

        /// <summary>Powers the card off (the modem's DEINIT).</summary>
        void PowerOff();
    }
}
