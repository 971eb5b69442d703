using System;
using System.IO;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Storage;
using Microsoft.Data.Sqlite;

namespace M2MDevice.Emulator.Tests.Rs
{
    public sealed class StorageAndRedactionTests
    {
        private static readonly SqliteMigration[] Migrations =
        {
            new SqliteMigration(1, "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"),
            new SqliteMigration(2, "ALTER TABLE item ADD COLUMN note TEXT;"),
        };

        [Fact]
        public void OpenFile_MigratesOnceAndKeepsDataAcrossReopen()
        {
            string directory = Path.Combine(Path.GetTempPath(), "m2m-db-" + Guid.NewGuid().ToString("N"));
            string path = Path.Combine(directory, "test.db");
            try
            {
                using (SqliteDatabase database = SqliteDatabase.OpenFile(path, new[] { Migrations[0] }))
                {
                    Assert.Equal(1, database.SchemaVersion);
                    database.Write((c, t) => SqliteDatabase.Execute(c, t, "INSERT INTO item (name) VALUES ('a')"));
                }

                using SqliteDatabase reopened = SqliteDatabase.OpenFile(path, Migrations);

                Assert.Equal(2, reopened.SchemaVersion);
                Assert.Equal("a", reopened.Read(c => (string)SqliteDatabase.Scalar(c, null, "SELECT name FROM item")));
                Assert.Throws<InvalidOperationException>(() => SqliteDatabase.OpenFile(path, new[] { Migrations[0] }).Dispose());
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }

        [Fact]
        public void TryWrite_False_RollsBack()
        {
            using SqliteDatabase database = SqliteDatabase.OpenInMemory("test-" + Guid.NewGuid().ToString("N"), Migrations);

            bool committed = database.TryWrite((c, t) =>
            {
                SqliteDatabase.Execute(c, t, "INSERT INTO item (name) VALUES ('x')");
                return false;
            });

            Assert.False(committed);
            Assert.Equal(0L, database.Read(c => (long)SqliteDatabase.Scalar(c, null, "SELECT COUNT(*) FROM item")));
        }

        [Fact]
        public void Write_Throws_RollsBackAndDatabaseStaysUsable()
        {
            using SqliteDatabase database = SqliteDatabase.OpenInMemory("test-" + Guid.NewGuid().ToString("N"), Migrations);

            Assert.Throws<SqliteException>(() => database.Write((c, t) =>
            {
                SqliteDatabase.Execute(c, t, "INSERT INTO item (name) VALUES ('x')");
                return SqliteDatabase.Execute(c, t, "INSERT INTO item (name) VALUES (NULL)");
            }));
            database.Write((c, t) => SqliteDatabase.Execute(c, t, "INSERT INTO item (name) VALUES ('y')"));

            Assert.Equal(1L, database.Read(c => (long)SqliteDatabase.Scalar(c, null, "SELECT COUNT(*) FROM item")));
        }

        [Fact]
        public void OpenInMemory_SharedName_VisibleToSecondConnectionWhileOpen()
        {
            using SqliteDatabase database = SqliteDatabase.OpenInMemory("test-" + Guid.NewGuid().ToString("N"), Migrations);
            database.Write((c, t) => SqliteDatabase.Execute(c, t, "INSERT INTO item (name) VALUES ('shared')"));

            using var second = new SqliteConnection(database.ConnectionString);
            second.Open();

            Assert.Equal("shared", SqliteDatabase.Scalar(second, null, "SELECT name FROM item"));
        }

        [Theory]
        [InlineData("{\"k\":\"465b5ce8b199b49faa5f0a2ee238a6bc\"}", "465b5ce8")]
        [InlineData("opc=cd63cb71954a9f4e48a5994e37a02baf done", "cd63cb71")]
        [InlineData("SQN: 000000000021 for imsi", "000000000021")]
        [InlineData("Ks_NAF 0123456789abcdef0123456789abcdef given", "0123456789abcdef")]
        [InlineData("token=abc_DEF-123 sent", "abc_DEF-123")]
        public void Redact_SecretFieldsAndLongHex_Replaced(string message, string secret)
        {
            string redacted = LogRedaction.Redact(message);

            Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
            Assert.Contains(LogRedaction.Replacement, redacted, StringComparison.Ordinal);
        }

        [Fact]
        public void Redact_OrdinaryMessage_Unchanged()
        {
            const string message = "SAI 001010000000100: 2 vectors for vo-a1b2c3d4e5f6 (IND 1)";

            Assert.Equal(message, LogRedaction.Redact(message));
        }
    }
}
