using System;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>What a <see cref="DeviceFleet"/> run did: devices, worker threads, wall time, calls into firmware cores.</summary>
    public sealed record FleetRunStatistics(int Devices, int Workers, TimeSpan WallTime, long CoreSteps);
}
