using System;
using System.Collections.Generic;
using System.Globalization;
using M2MDevice.Emulator.Storage;
using Microsoft.Data.Sqlite;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// What the databases of RS and of the home operators share: how one is opened (a file in the data directory, or
    /// a named shared in-memory one) and the setting table with its counters.
    /// </summary>
    internal static class OperatorStore
    {
        /// <summary>DDL of the setting table (name/value pairs: counters, stored registrations).</summary>
        public const string SettingTable = @"
CREATE TABLE setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);";

        /// <summary>Opens <paramref name="fileName"/> in <paramref name="dataDirectory"/>, or the named shared in-memory database when it is null.</summary>
        public static SqliteDatabase Open(string dataDirectory, string fileName, string inMemoryName, IReadOnlyList<SqliteMigration> migrations)
        {
            if (dataDirectory != null)
            {
                return SqliteDatabase.OpenFile(System.IO.Path.Combine(dataDirectory, fileName), migrations);
            }

            ArgumentException.ThrowIfNullOrWhiteSpace(inMemoryName);
            return SqliteDatabase.OpenInMemory(inMemoryName, migrations);
        }

        /// <summary>The counter <paramref name="name"/> of the setting table, or <paramref name="initial"/> when never written.</summary>
        public static long ReadCounter(SqliteConnection c, SqliteTransaction t, string name, long initial)
        {
            return SqliteDatabase.Scalar(c, t, "SELECT value FROM setting WHERE name = $name", ("$name", name)) is string stored
                ? long.Parse(stored, CultureInfo.InvariantCulture)
                : initial;
        }

        /// <summary>Stores the counter <paramref name="name"/> in the setting table (in the caller's transaction).</summary>
        public static void WriteCounter(SqliteConnection c, SqliteTransaction t, string name, long value)
        {
            SqliteDatabase.Execute(
                c, t, "INSERT INTO setting (name, value) VALUES ($name, $v) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                ("$name", name), ("$v", value.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
