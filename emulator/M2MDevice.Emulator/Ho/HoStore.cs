using System.Collections.Generic;
using M2MDevice.Emulator.Auc;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Storage;

namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// A home operator's database schema (docs/ho-api.md, "SQLite schema") and how to open it. Times are Unix
    /// milliseconds (UTC). Secrets stored: K and OPc/TOPc of issued profiles (the HSS needs them), Ks_NAF of live
    /// B-TIDs (so notifications verify after a restart even once RS has retired the device's bootstrap session), the
    /// issued package messages (encrypted under keys only device and HO hold) and the HO's RS token. Owner and
    /// visited-operator tokens are stored as SHA-256 only.
    /// </summary>
    public static class HoStore
    {
        /// <summary>File name of the database in the data directory.</summary>
        public const string FileName = "ho.db";

        /// <summary>Device owners and their token hashes.</summary>
        internal static readonly CallerTable Owners = new CallerTable("owner", "owner_id", "own", "owner");

        /// <summary>The schema steps, version 1 upward.</summary>
        public static readonly IReadOnlyList<SqliteMigration> Migrations = new[]
        {
            new SqliteMigration(1, OperatorStore.SettingTable + Owners.CreateTableSql() + AucSchema.VisitedOperatorTable + @"
CREATE TABLE device (
    device_id          TEXT PRIMARY KEY,
    owner_id           TEXT NOT NULL REFERENCES owner (owner_id),
    association        TEXT NOT NULL CHECK (association IN ('pending', 'associated')),
    state              TEXT NOT NULL CHECK (state IN ('registered', 'issued', 'provisioned', 'failed')),
    pimsi              TEXT,
    created_at         INTEGER NOT NULL,
    associated_at      INTEGER,
    provisioned_at     INTEGER,
    failure_count      INTEGER NOT NULL DEFAULT 0,
    last_failure_cause INTEGER
);
CREATE INDEX device_owner ON device (owner_id);
CREATE TABLE subscriber (
    imsi       TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL UNIQUE REFERENCES device (device_id),
    iccid      TEXT NOT NULL UNIQUE,
    mnc_length INTEGER NOT NULL CHECK (mnc_length IN (2, 3)),
    seq_he     INTEGER NOT NULL DEFAULT 0 CHECK (seq_he >= 0),
    created_at INTEGER NOT NULL
);
CREATE TABLE profile (
    device_id  TEXT NOT NULL REFERENCES device (device_id),
    sequence   INTEGER NOT NULL CHECK (sequence >= 1),
    imsi       TEXT NOT NULL REFERENCES subscriber (imsi),
    algorithm  TEXT NOT NULL CHECK (algorithm IN ('milenage', 'tuak')),
    k          BLOB NOT NULL,
    opc        BLOB NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('issued', 'installed', 'failed')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, sequence)
);
CREATE INDEX profile_imsi ON profile (imsi, sequence);
CREATE TABLE package (
    btid         TEXT NOT NULL,
    device_nonce BLOB NOT NULL,
    device_id    TEXT NOT NULL REFERENCES device (device_id),
    sequence     INTEGER NOT NULL,
    message      BLOB NOT NULL,
    issued_at    INTEGER NOT NULL,
    PRIMARY KEY (btid, device_nonce),
    FOREIGN KEY (device_id, sequence) REFERENCES profile (device_id, sequence)
);
CREATE TABLE naf_key (
    btid       TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL,
    pimsi      TEXT NOT NULL,
    ks_naf     BLOB NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE notification (
    id            INTEGER PRIMARY KEY,
    device_id     TEXT NOT NULL REFERENCES device (device_id),
    sequence      INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('receipt', 'failure')),
    failure_cause INTEGER,
    reject_cause  INTEGER,
    plmn          BLOB,
    received_at   INTEGER NOT NULL,
    repeats       INTEGER NOT NULL DEFAULT 0,
    rs_reported_at INTEGER,
    rs_result     TEXT,
    UNIQUE (device_id, sequence, kind)
);
" + AucSchema.SqnAuditTable),
        };

        /// <summary>Opens the file database in <paramref name="dataDirectory"/>, or the named shared in-memory one when it is null.</summary>
        public static SqliteDatabase Open(string dataDirectory, string inMemoryName) => OperatorStore.Open(dataDirectory, FileName, inMemoryName, Migrations);
    }
}
