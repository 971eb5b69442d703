using System;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>What RS knows about a device (no secrets): state "registered" or "retired", its home operator, counters.</summary>
    public sealed record DeviceRecord(
        string DeviceId,
        string Pimsi,
        string ManufacturerId,
        string BatchId,
        string Algorithm,
        string State,
        string HomeOperatorId,
        DateTimeOffset CreatedAt,
        DateTimeOffset? AssociatedAt,
        DateTimeOffset? RetiredAt,
        int FailureCount);
}
