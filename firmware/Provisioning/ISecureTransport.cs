namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// HTTPS POST with the server authenticated against a pinned trust anchor (DER CA certificate):
    /// through the modem's own TLS and HTTP AT commands on cellular boards (SIMCom A76xx style), or
    /// through SslStream on boards with native IP. Sans-IO: <see cref="TryBeginPost"/> returns at once,
    /// the outcome arrives on <see cref="ISecureTransportListener"/>. One request at a time.
    /// </summary>
    public interface ISecureTransport
    {
        /// <summary>
        /// Starts a POST of body[offset..offset+count) with content type application/octet-stream to
        /// <paramref name="url"/> (https://host[:port]/path), validating the server certificate chain and
        /// host name against <paramref name="trustAnchorDer"/>. Returns false when a request is in flight.
        /// </summary>
        bool TryBeginPost(string url, byte[] trustAnchorDer, byte[] body, int offset, int count);

        /// <summary>Abandons the request in flight, if any; no completion follows.</summary>
        void Cancel();
    }
}
