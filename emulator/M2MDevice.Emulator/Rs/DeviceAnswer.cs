namespace M2MDevice.Emulator.Rs
{
    /// <summary>A binary answer of the device interface (ARCHITECTURE 3.3): HTTP status and the encoded protocol message.</summary>
    public sealed record DeviceAnswer(int Status, byte[] Body);
}
