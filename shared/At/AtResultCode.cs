namespace M2MDevice.At
{
    /// <summary>
    /// How an AT command ended. The first group are final result codes on the wire (V.250 5.7.2 table 1,
    /// TS 27.007 9.2 +CME ERROR, TS 27.005 3.2.5 +CMS ERROR); the second group are outcomes the device's
    /// channel assigns itself.
    /// </summary>
    public enum AtResultCode
    {
        /// <summary>No result yet (command queued or in flight).</summary>
        None = 0,

        /// <summary>"OK" (V.250 numeric code 0).</summary>
        Ok = 1,

        /// <summary>"CONNECT" (code 1); final for the command, the line may change to data mode.</summary>
        Connect = 2,

        /// <summary>"ERROR" (code 4).</summary>
        Error = 3,

        /// <summary>"+CME ERROR: &lt;err&gt;" (TS 27.007 9.2): mobile termination error, number or text.</summary>
        CmeError = 4,

        /// <summary>"+CMS ERROR: &lt;err&gt;" (TS 27.005 3.2.5): message service error.</summary>
        CmsError = 5,

        /// <summary>"NO CARRIER" (code 3).</summary>
        NoCarrier = 6,

        /// <summary>"BUSY" (code 7).</summary>
        Busy = 7,

        /// <summary>"NO ANSWER" (code 8).</summary>
        NoAnswer = 8,

        /// <summary>"NO DIALTONE" (code 6).</summary>
        NoDialtone = 9,

        /// <summary>The channel's timer ran out before a final result arrived.</summary>
        Timeout = 20,

        /// <summary>A line of the response exceeded the line limit; the response is incomplete.</summary>
        LineOverflow = 21,

        /// <summary>The response lines exceeded the command's response storage; the response is incomplete.</summary>
        ResponseOverflow = 22,

        /// <summary>The channel was reset before the command completed.</summary>
        Cancelled = 23,
    }
}
