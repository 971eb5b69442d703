namespace M2MDevice.Firmware.Hal
{
    /// <summary>Cryptographic random bytes from the board (ESP32 hardware RNG) or the host.</summary>
    public interface IRandomSource
    {
        /// <summary>Fills buffer[offset..offset+count) with random bytes.</summary>
        void GetBytes(byte[] buffer, int offset, int count);
    }
}
