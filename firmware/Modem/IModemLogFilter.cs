namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// Optionally implemented by an <see cref="IModemLog"/> that drops some levels: the modem machines ask it before they
    /// build a Debug entry, so entries nobody keeps are never formatted (issue 8.3: no allocation for them). A log that
    /// does not implement it receives every entry, as before.
    /// </summary>
    public interface IModemLogFilter
    {
        /// <summary>True when entries of level are written (the machines then build and send them).</summary>
        bool IsEnabled(ModemLogLevel level);
    }
}
