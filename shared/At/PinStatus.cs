namespace M2MDevice.At
{
    /// <summary>The &lt;code&gt; of "+CPIN: &lt;code&gt;" (TS 27.007 8.3).</summary>
    public enum PinStatus
    {
        /// <summary>READY: no password pending.</summary>
        Ready = 0,

        /// <summary>SIM PIN: the UICC waits for PIN1.</summary>
        SimPin = 1,

        /// <summary>SIM PUK: PIN1 blocked, PUK1 needed.</summary>
        SimPuk = 2,

        /// <summary>SIM PIN2.</summary>
        SimPin2 = 3,

        /// <summary>SIM PUK2.</summary>
        SimPuk2 = 4,

        /// <summary>Any PH-... personalisation (phone lock) code.</summary>
        PhoneLock = 5,
    }
}
