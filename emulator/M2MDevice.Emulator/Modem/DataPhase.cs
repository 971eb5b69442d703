namespace M2MDevice.Emulator.Modem
{
    /// <summary>What the raw bytes after a prompt belong to.</summary>
    internal enum DataPhase
    {
        None = 0,

        /// <summary>AT+CCERTDOWN: a certificate or key file after '&gt;'.</summary>
        Certificate = 1,

        /// <summary>AT+HTTPDATA: the request body after DOWNLOAD.</summary>
        HttpBody = 2,
    }
}
