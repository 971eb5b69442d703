namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// Recognises response lines that announce a binary payload of known length (e.g. "+HTTPREAD: 512") and
    /// receives that payload raw. Set on an <see cref="AtCommand"/>.
    /// </summary>
    public interface IAtDataReceiver
    {
        /// <summary>True when line announces length (&gt;= 0) raw bytes that follow its terminator.</summary>
        bool TryGetDataLength(byte[] line, int offset, int count, out int length);

        /// <summary>A chunk of the payload; chunks arrive in order and sum to the announced length.</summary>
        void OnData(byte[] buffer, int offset, int count);
    }
}
