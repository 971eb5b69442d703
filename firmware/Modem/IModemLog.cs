namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// Where the modem state machines write what they do: state transitions by name, reject causes,
    /// back-off decisions, transport outcomes. Never receives secrets: no APDU (AUTHENTICATE carries RAND,
    /// AUTN, RES, CK, IK), no key, no request or response body. The board writes it to the serial console;
    /// tests collect it.
    /// </summary>
    public interface IModemLog
    {
        /// <summary>One entry (plain ASCII text, no line terminator).</summary>
        void Log(ModemLogLevel level, string text);
    }
}
