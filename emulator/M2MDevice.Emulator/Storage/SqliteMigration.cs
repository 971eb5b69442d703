using System;

namespace M2MDevice.Emulator.Storage
{
    /// <summary>
    /// One schema step: the SQL that takes a database from <c>Version - 1</c> to <see cref="Version"/>
    /// (PRAGMA user_version). Migrations run in ascending order, each in its own transaction.
    /// </summary>
    public sealed class SqliteMigration
    {
        /// <summary>Creates a migration to schema version <paramref name="version"/> (1 or more).</summary>
        public SqliteMigration(int version, string sql)
        {
            if (version < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(version));
            }

            ArgumentException.ThrowIfNullOrWhiteSpace(sql);
            this.Version = version;
            this.Sql = sql;
        }

        /// <summary>The schema version after this migration.</summary>
        public int Version { get; }

        /// <summary>The DDL/DML statements of the step.</summary>
        public string Sql { get; }
    }
}
