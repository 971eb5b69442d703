using System;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>Time a device spent in one phase of its flow (names: <see cref="DevicePhase"/>).</summary>
    public sealed record DevicePhaseTiming(string Phase, TimeSpan Duration);
}
