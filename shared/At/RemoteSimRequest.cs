namespace M2MDevice.At
{
    /// <summary>A decoded +M2MSIM request URC (modem to device). Reusable; overwritten only by a successful parse.</summary>
    public sealed class RemoteSimRequest
    {
        private readonly byte[] data = new byte[RemoteSimMessage.MaxCommandApduLength];

        /// <summary>Request id, echoed in the answer (0..65535).</summary>
        public int Id { get; internal set; }

        /// <summary>Request type.</summary>
        public RemoteSimRequestType Type { get; internal set; }

        /// <summary>The C-APDU of an APDU request, from index 0.</summary>
        public byte[] Data => data;

        /// <summary>Length of the C-APDU (0 for INIT, RESET, DEINIT).</summary>
        public int DataLength { get; internal set; }
    }
}
