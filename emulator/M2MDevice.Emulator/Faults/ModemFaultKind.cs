namespace M2MDevice.Emulator.Faults
{
    /// <summary>The faults a <see cref="FaultyModemStream"/> injects.</summary>
    public enum ModemFaultKind
    {
        /// <summary>One byte of a modem line (or of an HTTP payload) is lost on the UART.</summary>
        DroppedByte,

        /// <summary>A URC line arrives twice.</summary>
        DuplicatedUrc,

        /// <summary>The answer to a command arrives after the device gave up on it.</summary>
        LateAnswer,

        /// <summary>The answer to a command never arrives.</summary>
        LostAnswer,

        /// <summary>The modem restarts: it loses every state and reports RDY.</summary>
        ModemReset,
    }
}
