namespace M2MDevice.Firmware.Modem
{
    /// <summary>Severity of a <see cref="IModemLog"/> entry.</summary>
    public enum ModemLogLevel
    {
        /// <summary>Step-by-step detail (commands sent, URCs seen).</summary>
        Debug = 0,

        /// <summary>State transitions and outcomes.</summary>
        Information = 1,

        /// <summary>Something failed but the machine recovers (reject, retry, back-off).</summary>
        Warning = 2,

        /// <summary>An operation ended in failure.</summary>
        Error = 3,
    }
}
