namespace M2MDevice.Emulator.Modem
{
    /// <summary>How an exchange with a SIM card ended (the transport's view; the R-APDU carries the card's status word).</summary>
    public enum SimCardStatus
    {
        /// <summary>The card answered: ATR or R-APDU in the data.</summary>
        Ok = 0,

        /// <summary>The card is not powered (APDU before power-on or after power-off).</summary>
        NotPowered = 1,

        /// <summary>The card could not process the request as sent.</summary>
        InvalidRequest = 2,

        /// <summary>The card failed (no usable profile, internal error).</summary>
        CardError = 3,

        /// <summary>No answer in time (remote SIM: the device is silent).</summary>
        Timeout = 4,

        /// <summary>No card (slot empty, link gone).</summary>
        Absent = 5,
    }
}
