namespace M2MDevice.Emulator.Modem
{
    /// <summary>The four forms of an extended command (V.250 5.4.2-5.4.3, TS 27.007 4.1).</summary>
    internal enum CommandForm
    {
        /// <summary>AT+CMD (execute without parameters).</summary>
        Action = 0,

        /// <summary>AT+CMD=... (set or execute with parameters).</summary>
        Set = 1,

        /// <summary>AT+CMD? (read the current values).</summary>
        Read = 2,

        /// <summary>AT+CMD=? (test: the supported values).</summary>
        Test = 3,
    }
}
