using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using M2MDevice.Emulator.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// The bearer tokens of one server (RS or a home operator): the admin token, held in memory as its SHA-256, and
    /// the callers it registers, one row per caller in its role's table with the token stored as SHA-256 only
    /// (<see cref="BearerToken"/>). Every registration is committed before it is returned.
    /// </summary>
    internal sealed class TokenDirectory
    {
        private readonly SqliteDatabase database;
        private readonly TimeProvider clock;
        private readonly ILogger logger;
        private readonly byte[] adminTokenHash;

        /// <summary>Creates the directory over an opened database; <paramref name="adminToken"/> authenticates the admin role.</summary>
        public TokenDirectory(SqliteDatabase database, TimeProvider clock, string adminToken, ILogger logger)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(adminToken);
            this.database = database ?? throw new ArgumentNullException(nameof(database));
            this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
            this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
            this.adminTokenHash = BearerToken.Hash(adminToken);
        }

        /// <summary>
        /// The principal behind <paramref name="token"/>: <paramref name="admin"/> for the admin token, else what
        /// <paramref name="lookup"/> finds for the token's hash; null for a missing or unknown token.
        /// </summary>
        public T Authenticate<T>(string token, T admin, Func<SqliteConnection, byte[], T> lookup)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(lookup);
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            byte[] hash = BearerToken.Hash(token);
            if (CryptographicOperations.FixedTimeEquals(hash, this.adminTokenHash))
            {
                return admin;
            }

            return this.database.Read(c => lookup(c, hash));
        }

        /// <summary>The id of the caller of <paramref name="table"/> whose token has <paramref name="tokenHash"/>, or null.</summary>
        public static string FindId(SqliteConnection c, CallerTable table, byte[] tokenHash)
        {
            return SqliteDatabase.Scalar(c, null, $"SELECT {table.IdColumn} FROM {table.Name} WHERE token_hash = $h", ("$h", tokenHash)) as string;
        }

        /// <summary>Registers a caller named <paramref name="name"/> in <paramref name="table"/>; a refusal (invalid name) stores nothing.</summary>
        public ApiError Register(CallerTable table, string name, out TokenGrant grant)
        {
            ArgumentNullException.ThrowIfNull(table);
            grant = null;
            ApiError error = CheckName(name);
            if (error != null)
            {
                return error;
            }

            string id = NewId(table.IdPrefix);
            string token = BearerToken.Generate();
            int ind = this.database.Write((c, t) =>
            {
                var parameters = new List<(string Name, object Value)> { ("$id", id), ("$name", name), ("$hash", BearerToken.Hash(token)), ("$now", this.Now()) };
                string indColumn = string.Empty;
                string indValue = string.Empty;
                int assigned = -1;
                if (table.AssignInd != null)
                {
                    assigned = table.AssignInd(c, t);
                    indColumn = ", ind";
                    indValue = ", $ind";
                    parameters.Add(("$ind", assigned));
                }

                SqliteDatabase.Execute(
                    c, t, $"INSERT INTO {table.Name} ({table.IdColumn}, name{indColumn}, token_hash, created_at) VALUES ($id, $name{indValue}, $hash, $now)",
                    parameters.ToArray());
                return assigned;
            });
            if (ind < 0)
            {
                this.logger.LogInformation("registered {Role} {Id}", table.RoleName, id);
            }
            else
            {
                this.logger.LogInformation("registered {Role} {Id} with IND {Ind}", table.RoleName, id, ind);
            }

            grant = new TokenGrant(id, token, ind);
            return null;
        }

        /// <summary>400 "invalid-field" unless <paramref name="name"/> is 1 to 100 characters, not all white space.</summary>
        public static ApiError CheckName(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            {
                return JsonBody.Invalid("name", "must be 1 to 100 characters");
            }

            return null;
        }

        /// <summary>A new random id: <paramref name="prefix"/>, a dash and 12 hex digits.</summary>
        public static string NewId(string prefix) => prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

        private long Now() => this.clock.GetUtcNow().ToUnixTimeMilliseconds();
    }
}
