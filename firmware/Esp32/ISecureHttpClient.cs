namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// One blocking HTTPS POST to RS or HO with the server authenticated against a pinned CA (the RS trust anchor
    /// from the key store, or the HO trust anchor received from RS). Bodies are the end-to-end protected messages of
    /// ARCHITECTURE.md 3.3/3.5, so the client never interprets them. Implemented by <see cref="SslHttpClient"/>
    /// (nanoFramework SslStream over Wi-Fi, bench boards) and run on <see cref="NativeIpSecureTransport"/>'s worker
    /// thread, never inside the runner's lock; the modem path is the sans-IO ModemHttpsTransport in firmware/Modem.
    /// </summary>
    public interface ISecureHttpClient
    {
        /// <summary>
        /// POSTs body[offset..offset+count) as application/octet-stream to https://host:port/path, trusting
        /// only caDer (DER certificate). On <see cref="SecureHttpResult.Completed"/>, statusCode is the HTTP
        /// status and the body is in response[responseOffset..responseOffset+responseLength).
        /// </summary>
        SecureHttpResult Post(
            string host,
            int port,
            string path,
            byte[] caDer,
            byte[] body,
            int offset,
            int count,
            byte[] response,
            int responseOffset,
            int responseCapacity,
            out int statusCode,
            out int responseLength);
    }
}
