namespace M2MDevice.Emulator.Modem
{
    /// <summary>State of the SIM as +CPIN? reports it.</summary>
    public enum SimState
    {
        /// <summary>No card in the selected slot (+CME ERROR: 10).</summary>
        Absent = 0,

        /// <summary>Powered off because the MT is at minimum functionality (+CFUN=0; +CME ERROR: 3).</summary>
        Off = 1,

        /// <summary>Being powered on and read (+CME ERROR: 14 SIM busy).</summary>
        Initializing = 2,

        /// <summary>Read; +CPIN: READY.</summary>
        Ready = 3,

        /// <summary>PIN1 is enabled and not verified (+CPIN: SIM PIN).</summary>
        PinRequired = 4,

        /// <summary>The card failed or did not answer (+CME ERROR: 13).</summary>
        Failure = 5,
    }
}
