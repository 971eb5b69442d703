using System;
using Microsoft.Data.Sqlite;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// The table of one role of registered callers (columns id, name, token_hash, created_at, and ind when
    /// <see cref="AssignInd"/> is set): its name, id column, the prefix of new ids and the role's name in logs.
    /// <see cref="AssignInd"/> runs in the registering transaction and returns the caller's IND.
    /// </summary>
    internal sealed record CallerTable(string Name, string IdColumn, string IdPrefix, string RoleName, Func<SqliteConnection, SqliteTransaction, int> AssignInd = null)
    {
        /// <summary>DDL of a table without an IND column (a role that only registers and authenticates).</summary>
        public string CreateTableSql() => $@"
CREATE TABLE {this.Name} (
    {this.IdColumn} TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);";
    }
}
