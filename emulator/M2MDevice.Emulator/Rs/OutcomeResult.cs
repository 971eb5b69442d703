using System;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>The result of an outcome report: the device state afterwards and, once retired, when its PIMSI returns to the pool.</summary>
    public sealed record OutcomeResult(string DeviceId, string State, DateTimeOffset? PimsiAvailableAt, bool Changed);
}
