using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace M2MDevice.Emulator.Storage
{
    /// <summary>
    /// One SQLite database of a server role: a file in a data directory (WAL journal, synchronous=FULL, so a
    /// committed transaction survives a crash or power cut) or a named shared in-memory database kept alive by
    /// this object's open connection (tests, demo). Applies schema migrations on open (PRAGMA user_version).
    /// All work runs on one connection under one lock: <see cref="Write{T}"/> commits before it returns, so a
    /// caller that acknowledges after Write has persisted first. Thread-safe.
    /// </summary>
    public sealed class SqliteDatabase : IDisposable
    {
        private readonly SqliteConnection connection;
        private readonly Lock gate = new Lock();
        private bool disposed;

        private SqliteDatabase(SqliteConnection connection, string connectionString, bool isInMemory)
        {
            this.connection = connection;
            this.ConnectionString = connectionString;
            this.IsInMemory = isInMemory;
        }

        /// <summary>The connection string (for a second, read-only inspection connection in tests).</summary>
        public string ConnectionString { get; }

        /// <summary>True for a named shared in-memory database.</summary>
        public bool IsInMemory { get; }

        /// <summary>The schema version (PRAGMA user_version) after migrations.</summary>
        public int SchemaVersion => this.Read(c => Convert.ToInt32(Scalar(c, null, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>
        /// Opens (creating if needed) the database file at <paramref name="path"/> with WAL and synchronous=FULL
        /// and migrates it to the highest version in <paramref name="migrations"/>.
        /// </summary>
        public static SqliteDatabase OpenFile(string path, IReadOnlyList<SqliteMigration> migrations)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            string directory = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(directory);

            // Pooling off: a pooled handle would keep the file open after Dispose (restart tests delete it).
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
            var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            var database = new SqliteDatabase(connection, builder.ToString(), false);
            try
            {
                // WAL: readers never block the writer; synchronous=FULL: fsync at every commit (persist before acknowledge).
                Execute(connection, null, "PRAGMA journal_mode=WAL");
                Execute(connection, null, "PRAGMA synchronous=FULL");
                database.Initialize(migrations);
            }
            catch
            {
                database.Dispose();
                throw;
            }

            return database;
        }

        /// <summary>
        /// Opens the named shared in-memory database <paramref name="name"/> (created empty on first open; lives
        /// while this object is open) and migrates it.
        /// </summary>
        public static SqliteDatabase OpenInMemory(string name, IReadOnlyList<SqliteMigration> migrations)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            var builder = new SqliteConnectionStringBuilder { DataSource = name, Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared, Pooling = false };
            var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            var database = new SqliteDatabase(connection, builder.ToString(), true);
            try
            {
                database.Initialize(migrations);
            }
            catch
            {
                database.Dispose();
                throw;
            }

            return database;
        }

        /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction and commits before returning; rolls back if it throws.</summary>
        public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work)
        {
            ArgumentNullException.ThrowIfNull(work);
            lock (this.gate)
            {
                this.ThrowIfDisposed();
                using SqliteTransaction transaction = this.connection.BeginTransaction(deferred: false);
                T result = work(this.connection, transaction);
                transaction.Commit();
                return result;
            }
        }

        /// <summary>Runs <paramref name="work"/> in one transaction that is committed only when it returns true; rolled back otherwise.</summary>
        public bool TryWrite(Func<SqliteConnection, SqliteTransaction, bool> work)
        {
            ArgumentNullException.ThrowIfNull(work);
            lock (this.gate)
            {
                this.ThrowIfDisposed();
                using SqliteTransaction transaction = this.connection.BeginTransaction(deferred: false);
                if (!work(this.connection, transaction))
                {
                    transaction.Rollback();
                    return false;
                }

                transaction.Commit();
                return true;
            }
        }

        /// <summary>Runs a read-only query on the database connection (no transaction).</summary>
        public T Read<T>(Func<SqliteConnection, T> work)
        {
            ArgumentNullException.ThrowIfNull(work);
            lock (this.gate)
            {
                this.ThrowIfDisposed();
                return work(this.connection);
            }
        }

        /// <summary>Creates a command with the transaction set and parameters named $p0.. or by the given names.</summary>
        public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
        {
            ArgumentNullException.ThrowIfNull(connection);
            SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            foreach ((string name, object value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            return command;
        }

        /// <summary>Executes a statement; returns the rows changed.</summary>
        public static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
        {
            using SqliteCommand command = Command(connection, transaction, sql, parameters);
            return command.ExecuteNonQuery();
        }

        /// <summary>Executes a query and returns the first column of the first row, or null.</summary>
        public static object Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
        {
            using SqliteCommand command = Command(connection, transaction, sql, parameters);
            object value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        /// <summary>Closes the connection (an in-memory database is gone afterwards).</summary>
        public void Dispose()
        {
            lock (this.gate)
            {
                if (this.disposed)
                {
                    return;
                }

                this.disposed = true;
                this.connection.Dispose();
            }
        }

        private void Initialize(IReadOnlyList<SqliteMigration> migrations)
        {
            ArgumentNullException.ThrowIfNull(migrations);
            Execute(this.connection, null, "PRAGMA foreign_keys=ON");
            var ordered = new List<SqliteMigration>(migrations);
            ordered.Sort((a, b) => a.Version.CompareTo(b.Version));
            for (int i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].Version != i + 1)
                {
                    throw new ArgumentException("migrations must be numbered 1, 2, 3 ... without gaps", nameof(migrations));
                }
            }

            int current = this.SchemaVersion;
            if (current > ordered.Count)
            {
                throw new InvalidOperationException($"database schema version {current} is newer than this program knows ({ordered.Count})");
            }

            foreach (SqliteMigration migration in ordered)
            {
                if (migration.Version <= current)
                {
                    continue;
                }

                // Each step and its version stamp commit together: a crash leaves the old or the new schema.
                this.Write((c, t) =>
                {
                    Execute(c, t, migration.Sql);
                    Execute(c, t, "PRAGMA user_version=" + migration.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    return 0;
                });
            }
        }

        private void ThrowIfDisposed()
        {
            ObjectDisposedException.ThrowIf(this.disposed, this);
        }
    }
}
