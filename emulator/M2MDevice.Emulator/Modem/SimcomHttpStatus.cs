namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// The &lt;statuscode&gt; values the A76xx reports in "+HTTPACTION: &lt;method&gt;,&lt;statuscode&gt;,&lt;datalen&gt;" when the
    /// request failed before an HTTP status (A76XX Series AT Command Manual, HTTP(S) chapter, command result codes).
    /// </summary>
    public static class SimcomHttpStatus
    {
        /// <summary>701 alert state.</summary>
        public const int AlertState = 701;

        /// <summary>702 unknown error.</summary>
        public const int UnknownError = 702;

        /// <summary>703 busy.</summary>
        public const int Busy = 703;

        /// <summary>704 connection closed error.</summary>
        public const int ConnectionClosed = 704;

        /// <summary>705 timeout.</summary>
        public const int Timeout = 705;

        /// <summary>706 receive/send socket data failed.</summary>
        public const int SocketDataFailed = 706;

        /// <summary>708 invalid parameter (e.g. a URL that does not parse).</summary>
        public const int InvalidParameter = 708;

        /// <summary>709 network error (the emulator: walled-garden byte budget exhausted).</summary>
        public const int NetworkError = 709;

        /// <summary>713 get DNS failed.</summary>
        public const int DnsFailed = 713;

        /// <summary>714 connect socket failed (the emulator: also a host outside the walled garden).</summary>
        public const int ConnectFailed = 714;

        /// <summary>715 handshake failed: untrusted chain, expired certificate, host name mismatch.</summary>
        public const int HandshakeFailed = 715;

        /// <summary>717 no network error: not registered, or the walled-garden time is over.</summary>
        public const int NoNetwork = 717;

        /// <summary>719 CA missed: no CA configured for the SSL context of an https URL.</summary>
        public const int CaMissed = 719;
    }
}
