namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// One row of the demo: the device, its PIMSI, the HO its owner registered it with, the registration result
    /// ("associated", "pending" or the refusal code) and the run result (null when devices were not run).
    /// </summary>
    public sealed record DemoDevice(string DeviceId, string Pimsi, string HomeOperator, string Registration, DeviceRunResult Run)
    {
        /// <summary>True when the owner registration associated the device at RS (the device is then expected to provision).</summary>
        public bool IsAssociated => this.Registration == "associated";
    }
}
