namespace M2MDevice.Emulator.Scenario
{
    /// <summary>Settings of <see cref="DemoScenario"/>: device count, seed (spread over HOs and test storage keys), number of HOs.</summary>
    public sealed class DemoOptions
    {
        /// <summary>Devices to manufacture and run (default 10).</summary>
        public int DeviceCount { get; set; } = 10;

        /// <summary>Seed of the device-to-HO spread and of the test eFuse keys.</summary>
        public int Seed { get; set; } = 1;

        /// <summary>Home operators in the network (default 2: Alpha and Beta).</summary>
        public int HomeOperatorCount { get; set; } = 2;

        /// <summary>The network; null: <see cref="NetworkCompositionOptions.CreateDefault"/> with <see cref="HomeOperatorCount"/> HOs.</summary>
        public NetworkCompositionOptions Network { get; set; }
    }
}
