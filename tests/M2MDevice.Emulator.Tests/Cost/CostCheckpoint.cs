namespace M2MDevice.Emulator.Tests.Cost
{
    /// <summary>Firmware bytes allocated from construction until the device entered State.</summary>
    /// <param name="State">The provisioning state entered (its name).</param>
    /// <param name="FirmwareBytes">Cumulative firmware allocation at that moment (Hal excluded).</param>
    public sealed record CostCheckpoint(string State, long FirmwareBytes);
}
