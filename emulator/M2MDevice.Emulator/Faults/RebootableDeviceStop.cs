namespace M2MDevice.Emulator.Faults
{
    /// <summary>Why <see cref="RebootableDevice.Run"/> returned.</summary>
    public enum RebootableDeviceStop
    {
        /// <summary>The firmware reached Provisioned.</summary>
        Provisioned,

        /// <summary>The firmware suspended provisioning (attempts exhausted).</summary>
        Suspended,

        /// <summary>The flash's armed power cut fired: the device is off until the next Run.</summary>
        PowerCut,

        /// <summary>The caller's condition held.</summary>
        ConditionMet,

        /// <summary>The real-time limit passed first.</summary>
        TimedOut,
    }
}
