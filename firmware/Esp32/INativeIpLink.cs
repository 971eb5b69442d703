namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// The board's own IP link (Wi-Fi station, or Ethernet on boards that have it), as the bench data path sees it:
    /// only whether it has an address. Connecting is the application's job, before the core starts.
    /// </summary>
    public interface INativeIpLink
    {
        /// <summary>True while the interface holds an IPv4 address (DHCP lease or static).</summary>
        bool HasIpAddress { get; }
    }
}
