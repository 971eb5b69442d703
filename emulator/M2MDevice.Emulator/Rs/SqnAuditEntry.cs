using System;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>One SQN RS issued: PIMSI, IND, the 48-bit SQN, the requester ("bootstrap" or a VO id) and when.</summary>
    public sealed record SqnAuditEntry(string Imsi, int Ind, long Sqn, string Requester, DateTimeOffset IssuedAt);
}
