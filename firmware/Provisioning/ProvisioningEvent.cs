namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// Inputs of <see cref="ProvisioningStateMachine"/>: every outcome of the cellular link and the secure transport,
    /// the timer, and the start after boot. Payloads (attach result, response body) travel beside the event.
    /// </summary>
    public enum ProvisioningEvent : byte
    {
        /// <summary>Boot: resume from the persisted state.</summary>
        Start = 0,

        /// <summary>The armed timer of the current state ran out (from Tick).</summary>
        Timeout = 1,

        /// <summary>OnAttachCompleted with AttachResult.Attached.</summary>
        AttachSucceeded = 2,

        /// <summary>OnAttachCompleted with any other result.</summary>
        AttachFailed = 3,

        /// <summary>OnDetachCompleted.</summary>
        DetachCompleted = 4,

        /// <summary>OnLinkLost: registration or the PDP context went away.</summary>
        LinkLost = 5,

        /// <summary>OnPostCompleted with an HTTP response (any status).</summary>
        ResponseReceived = 6,

        /// <summary>OnPostCompleted without a response (no connection, TLS, timeout...).</summary>
        TransportFailed = 7,
    }
}
