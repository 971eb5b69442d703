namespace M2MDevice.Emulator.Scenario
{
    /// <summary>Progress of a fleet run: devices finished so far out of the total, how many provisioned or failed, and the last one to finish.</summary>
    public sealed record DeviceRunProgress(int Finished, int Total, int Provisioned, int Failed, string LastDeviceId);
}
