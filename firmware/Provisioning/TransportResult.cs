namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>How an HTTPS request ended, as the device can tell.</summary>
    public enum TransportResult : byte
    {
        /// <summary>An HTTP response arrived (any status).</summary>
        Completed = 0,

        /// <summary>No data connection (not attached, PDP context down).</summary>
        NoConnection = 1,

        /// <summary>Host name not resolved or connection refused/unreachable.</summary>
        ConnectFailed = 2,

        /// <summary>TLS handshake failed: certificate not trusted, expired, or host name mismatch.</summary>
        TlsFailed = 3,

        /// <summary>No response in time.</summary>
        Timeout = 4,

        /// <summary>The response was larger than the device accepts.</summary>
        ResponseTooLarge = 5,

        /// <summary>The modem reported an error not covered above.</summary>
        ModemError = 6,
    }
}
