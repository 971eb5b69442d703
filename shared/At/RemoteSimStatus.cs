namespace M2MDevice.At
{
    /// <summary>&lt;status&gt; of the device's AT+M2MSIM answer (docs/remote-sim.md).</summary>
    public enum RemoteSimStatus
    {
        /// <summary>0: done; data carries the ATR or R-APDU (none for DEINIT).</summary>
        Ok = 0,

        /// <summary>1: the card is not powered (APDU before INIT, or after DEINIT).</summary>
        CardNotPowered = 1,

        /// <summary>2: the request was malformed (bad type, hex or length).</summary>
        InvalidRequest = 2,

        /// <summary>3: the card failed (no usable profile, internal error).</summary>
        CardError = 3,
    }
}
