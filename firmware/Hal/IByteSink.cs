namespace M2MDevice.Firmware.Hal
{
    /// <summary>
    /// Where the firmware core's output bytes go: the modem UART on the board, the emulated modem's input in
    /// the emulator, a scripted modem in tests. Write must not call back into the core.
    /// </summary>
    public interface IByteSink
    {
        /// <summary>Queues buffer[offset..offset+count) for transmission; the caller may reuse buffer after it returns.</summary>
        void Write(byte[] buffer, int offset, int count);
    }
}
