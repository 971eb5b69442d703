namespace M2MDevice.Emulator.Scenario
{
    /// <summary>How a device run ended.</summary>
    public enum DeviceRunOutcome
    {
        /// <summary>The operational profile is installed, attached and confirmed to the HO.</summary>
        Provisioned = 0,

        /// <summary>The firmware ended in a failure state (reason in <see cref="DeviceRunResult.FailureReason"/>).</summary>
        Failed = 1,

        /// <summary>The device did not finish within the runner's time limit.</summary>
        TimedOut = 2,

        /// <summary>The run was cancelled before the device finished.</summary>
        Cancelled = 3,
    }
}
