namespace M2MDevice.Firmware.Esp32
{
    /// <summary>Outcome of <see cref="ISecureHttpClient.Post"/>.</summary>
    public enum SecureHttpResult
    {
        /// <summary>A complete HTTP response was received (any status code).</summary>
        Completed = 0,

        /// <summary>The host name did not resolve.</summary>
        ResolveFailed = 1,

        /// <summary>TCP connect failed.</summary>
        ConnectFailed = 2,

        /// <summary>TLS handshake failed: no CA, wrong CA, expired or mismatched server certificate.</summary>
        TlsFailed = 3,

        /// <summary>The connection broke while sending or receiving (a socket error other than a timeout).</summary>
        TransportFailed = 4,

        /// <summary>The response was not HTTP/1.x, had no Content-Length, or had a header block over the limit.</summary>
        MalformedResponse = 5,

        /// <summary>The response body does not fit the caller's buffer.</summary>
        ResponseTooLarge = 6,

        /// <summary>The server did not answer within the socket's send/receive timeout.</summary>
        TimedOut = 7,
    }
}
