namespace M2MDevice.Emulator.Auc
{
    /// <summary>The tables of an <see cref="AuthenticationCentre"/>, part of the schemas of RS and of every home operator.</summary>
    internal static class AucSchema
    {
        /// <summary>The visited operators (the AuC's requesters) with their IND (TS 33.102 C.1.2) and token hash.</summary>
        public const string VisitedOperatorTable = @"
CREATE TABLE visited_operator (
    vo_id      TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    ind        INTEGER NOT NULL CHECK (ind BETWEEN 1 AND 31),
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);";

        /// <summary>Every SQN issued, per IMSI, in issue order: the audit of "never reuse an SQN".</summary>
        public const string SqnAuditTable = @"
CREATE TABLE sqn_audit (
    id        INTEGER PRIMARY KEY,
    imsi      TEXT NOT NULL,
    ind       INTEGER NOT NULL CHECK (ind BETWEEN 0 AND 31),
    sqn       INTEGER NOT NULL,
    requester TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    UNIQUE (imsi, sqn)
);";
    }
}
