namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// One device to run: the unit the manufacturer made (image and storage keys, secret), the home operator its
    /// owner chose (name as in the composition; null when not registered with any) and whether provisioning is
    /// expected to succeed (false for devices the scenario leaves unregistered or otherwise sets up to fail).
    /// </summary>
    public sealed record DeviceRunSpec(ManufacturedUnit Unit, string HomeOperatorName, bool ExpectSuccess);
}
