namespace M2MDevice.Firmware.Esp32
{
    /// <summary>How the device reaches RS and HO (selected by <see cref="BoardConfiguration.DataPath"/>).</summary>
    public enum DataPath
    {
        /// <summary>HTTPS inside the cellular modem (AT+HTTP*, AT+CSSLCFG): the production path.</summary>
        CellularModem = 0,

        /// <summary>HTTPS from the ESP32 itself over Wi-Fi (nanoFramework SslStream): bench boards only.</summary>
        NativeIp = 1,
    }
}
