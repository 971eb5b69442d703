using System;

namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// What a home operator knows about a device (no secrets). Association "pending" (RS not reached yet) or
    /// "associated"; State "registered" (no package yet), "issued" (a package was downloaded), "provisioned"
    /// (install receipt received) or "failed" (failure report received, a new profile is issued on the next download). OutcomePending: a notification
    /// is stored but not yet reported to RS (retried on the next notification and at start).
    /// </summary>
    public sealed record HoDeviceRecord(
        string DeviceId,
        string OwnerId,
        string Association,
        string State,
        string Pimsi,
        string Imsi,
        string Iccid,
        long ProfileSequence,
        DateTimeOffset CreatedAt,
        DateTimeOffset? AssociatedAt,
        DateTimeOffset? ProvisionedAt,
        int FailureCount,
        string LastFailureCause,
        bool OutcomePending);
}
