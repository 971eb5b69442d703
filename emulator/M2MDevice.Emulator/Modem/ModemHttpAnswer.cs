using System;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// What AT+HTTPACTION reports and AT+HTTPREAD returns: the HTTP status (or a SIMCom 7xx status, see
    /// <see cref="SimcomHttpStatus"/>) and the response body in plaintext.
    /// </summary>
    /// <param name="Status">HTTP status, or a 7xx SIMCom failure status.</param>
    /// <param name="Body">The response body (never null).</param>
    public sealed record ModemHttpAnswer(int Status, byte[] Body)
    {
        /// <summary>A failure with no body, e.g. <see cref="SimcomHttpStatus.NetworkError"/> for a dropped exchange.</summary>
        public static ModemHttpAnswer Failure(int status) => new ModemHttpAnswer(status, Array.Empty<byte>());
    }
}
