// Facade of nanoFramework.Hardware.Esp32 1.6.40 (DeviceTypePins.cs): the members used, with the
// real values: DeviceTypes.SERIAL (3 * 0x10000) + port index * 0x100 + signal (TX 0, RX 1, RTS 2, CTS 3).
namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Facade: a peripheral signal that can be routed to a pin.</summary>
    public enum DeviceFunction
    {
        COM2_TX = 0x30000 + (2 * 0x100) + 0,
        COM2_RX = 0x30000 + (2 * 0x100) + 1,
        COM2_RTS = 0x30000 + (2 * 0x100) + 2,
        COM2_CTS = 0x30000 + (2 * 0x100) + 3,
    }
}
