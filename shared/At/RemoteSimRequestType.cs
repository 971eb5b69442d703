namespace M2MDevice.At
{
    /// <summary>What the modem asks of the remote (soft) SIM, as in nRF91 softsim requests (docs/remote-sim.md).</summary>
    public enum RemoteSimRequestType
    {
        /// <summary>INIT: power the card on (cold reset); answered with the ATR.</summary>
        Init = 1,

        /// <summary>APDU: process a C-APDU; answered with the R-APDU (data and SW1 SW2).</summary>
        Apdu = 2,

        /// <summary>RESET: warm reset; answered with the ATR.</summary>
        Reset = 3,

        /// <summary>DEINIT: power the card off; answered without data.</summary>
        Deinit = 4,
    }
}
