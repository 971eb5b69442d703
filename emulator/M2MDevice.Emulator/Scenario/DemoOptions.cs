using System;

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

        /// <summary>Name of the manufacture phase (<see cref="PhaseStarting"/>).</summary>
        public const string ManufacturePhase = "manufacture";

        /// <summary>Name of the owner registration phase (<see cref="PhaseStarting"/>).</summary>
        public const string RegistrationPhase = "registration";

        /// <summary>Name of the device-run phase (<see cref="PhaseStarting"/>).</summary>
        public const string DeviceRunsPhase = "device runs";

        /// <summary>
        /// Called (on the scenario's thread) as each phase starts, with <see cref="ManufacturePhase"/> (the network is up,
        /// no device exists yet), <see cref="RegistrationPhase"/> or <see cref="DeviceRunsPhase"/>; optional. `m2m bench`
        /// takes its memory baseline at the first.
        /// </summary>
        public Action<string> PhaseStarting { get; set; }

        /// <summary>The network; null: <see cref="NetworkCompositionOptions.CreateDefault"/> with <see cref="HomeOperatorCount"/> HOs.</summary>
        public NetworkCompositionOptions Network { get; set; }
    }
}
