namespace M2MDevice.At
{
    /// <summary>A decoded AT+M2MSIM answer (device to modem). Reusable; overwritten only by a successful parse.</summary>
    public sealed class RemoteSimResponse
    {
        private readonly byte[] data = new byte[RemoteSimMessage.MaxResponseApduLength];

        /// <summary>Id of the request answered.</summary>
        public int Id { get; internal set; }

        /// <summary>Outcome.</summary>
        public RemoteSimStatus Status { get; internal set; }

        /// <summary>ATR or R-APDU, from index 0.</summary>
        public byte[] Data => data;

        /// <summary>Length of Data (0 for DEINIT and for errors).</summary>
        public int DataLength { get; internal set; }
    }
}
