namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// What <see cref="DeviceRunner"/> drives: the sans-IO firmware core. Modem bytes and elapsed time go
    /// in; its output leaves through the IByteSink and the Hal it was built with. The runner calls both
    /// members under one lock, so the core sees a single caller. Proposal: the provisioning state machine,
    /// when written, implements this (today <see cref="AtChannelCore"/> wraps the AT channel alone).
    /// </summary>
    public interface IDeviceCore
    {
        /// <summary>Bytes received from the modem UART.</summary>
        void Receive(byte[] data, int offset, int count);

        /// <summary>Time passed since the previous tick.</summary>
        void Tick(int elapsedMilliseconds);
    }
}
