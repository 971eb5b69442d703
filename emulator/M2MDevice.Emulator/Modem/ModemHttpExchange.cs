namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// One AT+HTTPACTION as a party on the modem's data path sees it after TLS: the A76xx method code
    /// (0 GET, 1 POST, 2 HEAD, 3 DELETE, 4 PUT), the URL and the request body in plaintext (null without one).
    /// </summary>
    /// <param name="Method">A76xx HTTPACTION method code.</param>
    /// <param name="Url">The URL set with AT+HTTPPARA="URL".</param>
    /// <param name="RequestBody">The AT+HTTPDATA body, or null.</param>
    public sealed record ModemHttpExchange(int Method, string Url, byte[] RequestBody);
}
