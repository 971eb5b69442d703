namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// The result of registering a device for an owner: the device afterwards and whether this call changed anything.
    /// Device.Association "pending" means RS could not be reached; the registration is kept and a repeat retries RS.
    /// </summary>
    public sealed record HoDeviceRegistration(HoDeviceRecord Device, bool Changed);
}
