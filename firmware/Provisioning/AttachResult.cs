namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>How an attach ended.</summary>
    public enum AttachResult : byte
    {
        /// <summary>Registered (home or roaming) with the PDP context active.</summary>
        Attached = 0,

        /// <summary>No network in coverage, or none in the allowed list.</summary>
        NoNetwork = 1,

        /// <summary>Every allowed network rejected the registration (cause given).</summary>
        Rejected = 2,

        /// <summary>The USIM was declared invalid (causes #2, #3, #6) until power cycle.</summary>
        SimInvalid = 3,

        /// <summary>The network failed authentication (MAC failure: rogue network) on every try.</summary>
        AuthenticationFailed = 4,

        /// <summary>The SIM did not come up (no answer, PIN, error).</summary>
        SimNotReady = 5,

        /// <summary>Registered but the PDP context could not be activated.</summary>
        PacketDataFailed = 6,

        /// <summary>The modem did not answer or timed out.</summary>
        ModemFailure = 7,
    }
}
