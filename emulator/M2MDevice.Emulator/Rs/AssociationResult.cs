namespace M2MDevice.Emulator.Rs
{
    /// <summary>The result of an association request: the device, its home operator, and whether this call changed anything.</summary>
    public sealed record AssociationResult(string DeviceId, string HomeOperatorId, bool Changed);
}
