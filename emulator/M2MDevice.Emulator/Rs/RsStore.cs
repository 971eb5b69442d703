using System.Collections.Generic;
using M2MDevice.Emulator.Auc;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Storage;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// The RS database schema (docs/rs-api.md, "SQLite schema") and how to open it. Times are Unix milliseconds
    /// (UTC). Secrets stored: K and OPc/TOPc of registered devices (wiped at retirement); bootstrap keys are not
    /// stored but recomputed from K and the RAND of the session when needed. Tokens are stored as SHA-256 only.
    /// </summary>
    public static class RsStore
    {
        /// <summary>File name of the database in the data directory.</summary>
        public const string FileName = "rs.db";

        /// <summary>Manufacturers and their token hashes.</summary>
        internal static readonly CallerTable Manufacturers = new CallerTable("manufacturer", "manufacturer_id", "mf", "manufacturer");

        /// <summary>Home operators: token hashes, NAF hosts, base URLs and trust anchors.</summary>
        internal static readonly CallerTable HomeOperators = new CallerTable("home_operator", "ho_id", "ho", "home operator");

        /// <summary>The schema steps, version 1 upward.</summary>
        public static readonly IReadOnlyList<SqliteMigration> Migrations = new[]
        {
            new SqliteMigration(1, OperatorStore.SettingTable + Manufacturers.CreateTableSql() + AucSchema.VisitedOperatorTable + @"
CREATE TABLE home_operator (
    ho_id        TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    naf_host     TEXT NOT NULL UNIQUE,
    base_url     TEXT NOT NULL,
    trust_anchor BLOB NOT NULL,
    token_hash   BLOB NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL
);
CREATE TABLE pimsi (
    imsi         TEXT PRIMARY KEY,
    state        TEXT NOT NULL CHECK (state IN ('allocated', 'quarantined')),
    seq_he       INTEGER NOT NULL DEFAULT 0 CHECK (seq_he >= 0),
    available_at INTEGER
);
CREATE TABLE device (
    device_id       TEXT PRIMARY KEY,
    imsi            TEXT NOT NULL REFERENCES pimsi (imsi),
    manufacturer_id TEXT NOT NULL REFERENCES manufacturer (manufacturer_id),
    batch_id        TEXT NOT NULL,
    algorithm       TEXT NOT NULL CHECK (algorithm IN ('milenage', 'tuak')),
    k               BLOB,
    opc             BLOB,
    state           TEXT NOT NULL CHECK (state IN ('registered', 'retired')),
    ho_id           TEXT REFERENCES home_operator (ho_id),
    created_at      INTEGER NOT NULL,
    associated_at   INTEGER,
    retired_at      INTEGER,
    failure_count   INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX device_registered_imsi ON device (imsi) WHERE state = 'registered';
CREATE INDEX device_batch ON device (batch_id);
" + AucSchema.SqnAuditTable + @"
CREATE TABLE bootstrap_challenge (
    rand       BLOB PRIMARY KEY,
    device_id  TEXT NOT NULL REFERENCES device (device_id),
    impi       TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE bootstrap_session (
    btid       TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL REFERENCES device (device_id),
    impi       TEXT NOT NULL,
    rand       BLOB NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX bootstrap_session_device ON bootstrap_session (device_id);
CREATE TABLE outcome (
    id          INTEGER PRIMARY KEY,
    device_id   TEXT NOT NULL REFERENCES device (device_id),
    ho_id       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('provisioned', 'failed')),
    detail      TEXT,
    reported_at INTEGER NOT NULL
);
"),
        };

        /// <summary>Opens the file database in <paramref name="dataDirectory"/>, or the named shared in-memory one when it is null.</summary>
        public static SqliteDatabase Open(string dataDirectory, string inMemoryName) => OperatorStore.Open(dataDirectory, FileName, inMemoryName, Migrations);
    }
}
