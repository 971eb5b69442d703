using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using M2MDevice.Aka;
using Microsoft.Data.Sqlite;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// Opens the SQLite files of a killed `m2m serve` read-only (rs/rs.db, ho-NAFHOST/ho.db) and checks that every
    /// write the clients saw acknowledged is there: visited operators, devices with their PIMSI, associations at RS and
    /// the HO, bootstrap challenges and sessions, packages, receipts, every SQN received (sqn_audit) with SEQ_HE at or
    /// above it; and that each server's own SQN audit (which also holds SQNs never answered) is increasing per IMSI and
    /// IND. Problems go to the load's findings; returns how many facts were checked.
    /// </summary>
    internal static class CrashDatabaseCheck
    {
        public static int Verify(CrashLoad load, string dataDirectory, int life)
        {
            int checks = 0;
            IReadOnlyList<CrashDevice> devices = load.Devices();
            using (SqliteConnection rs = Open(Path.Combine(dataDirectory, "rs", "rs.db")))
            {
                foreach (CrashLoad.VisitedOperator vo in load.RsVisitedOperators())
                {
                    checks++;
                    Expect(load, Count(rs, "SELECT COUNT(*) FROM visited_operator WHERE vo_id = $a", vo.Id) == 1, life, $"RS lost visited operator {vo.Id}");
                }

                foreach (CrashDevice device in devices)
                {
                    checks++;
                    string imsi = Text(rs, "SELECT imsi FROM device WHERE device_id = $a", device.DeviceId);
                    Expect(load, imsi == device.Pimsi, life, $"RS lost device {device.DeviceId} (PIMSI {device.Pimsi})");
                    if (device.Associated)
                    {
                        checks++;
                        string ho = Text(rs, "SELECT ho_id FROM device WHERE device_id = $a", device.DeviceId);
                        Expect(load, ho == load.Endpoints.HomeOperators[device.HomeOperator].RsId, life, $"RS lost the association of {device.DeviceId}");
                    }

                    if (device.ChallengeRand != null && !device.ChallengeAnswerSent)
                    {
                        checks++;
                        Expect(load, Count(rs, "SELECT COUNT(*) FROM bootstrap_challenge WHERE rand = $a", device.ChallengeRand) == 1, life, $"RS lost the bootstrap challenge of {device.DeviceId}");
                    }

                    if (device.BTid != null && !device.ReceiptSent)
                    {
                        checks++;
                        Expect(load, Count(rs, "SELECT COUNT(*) FROM bootstrap_session WHERE btid = $a", device.BTid) == 1, life, $"RS lost the bootstrap session of {device.DeviceId}");
                    }

                    checks += CheckSqns(load, rs, device.Pimsi, "SELECT seq_he FROM pimsi WHERE imsi = $a", life, "RS");
                }

                checks += CheckAudit(load, rs, life, "RS");
            }

            for (int index = 0; index < load.Endpoints.HomeOperators.Count; index++)
            {
                ServeEndpoints.HomeOperator ho = load.Endpoints.HomeOperators[index];
                using SqliteConnection db = Open(Path.Combine(dataDirectory, "ho-" + ho.NafHost, "ho.db"));
                foreach (CrashLoad.VisitedOperator vo in load.HoVisitedOperators(index))
                {
                    checks++;
                    Expect(load, Count(db, "SELECT COUNT(*) FROM visited_operator WHERE vo_id = $a", vo.Id) == 1, life, $"{ho.Name} lost visited operator {vo.Id}");
                }

                foreach (CrashDevice device in devices.Where(d => d.HomeOperator == index))
                {
                    if (device.Associated)
                    {
                        checks++;
                        Expect(load, Text(db, "SELECT association FROM device WHERE device_id = $a", device.DeviceId) == "associated", life, $"{ho.Name} lost the registration of {device.DeviceId}");
                    }

                    if (device.Imsi != null)
                    {
                        checks += 3;
                        Expect(load, Count(db, "SELECT COUNT(*) FROM package WHERE btid = $a AND device_nonce = $b", device.BTid, device.PackageNonce) == 1, life, $"{ho.Name} lost the package of {device.DeviceId}");
                        Expect(load, Text(db, "SELECT imsi FROM subscriber WHERE device_id = $a", device.DeviceId) == device.Imsi, life, $"{ho.Name} lost the subscriber {device.Imsi} of {device.DeviceId}");
                        string state = Text(db, "SELECT state FROM device WHERE device_id = $a", device.DeviceId);
                        Expect(load, state == "issued" || state == "provisioned", life, $"{ho.Name}: device {device.DeviceId} with an acknowledged package is '{state}'");
                        checks += CheckSqns(load, db, device.Imsi, "SELECT seq_he FROM subscriber WHERE imsi = $a", life, ho.Name);
                    }

                    if (device.Provisioned)
                    {
                        checks += 2;
                        Expect(load, Count(db, "SELECT COUNT(*) FROM notification WHERE device_id = $a AND sequence = $b AND kind = 'receipt'", device.DeviceId, (long)device.ProfileSequence) == 1, life, $"{ho.Name} lost the install receipt of {device.DeviceId}");
                        Expect(load, Text(db, "SELECT state FROM device WHERE device_id = $a", device.DeviceId) == "provisioned", life, $"{ho.Name}: device {device.DeviceId} with an acknowledged receipt is not provisioned");
                    }
                }

                checks += CheckAudit(load, db, life, ho.Name);
            }

            return checks;
        }

        private static SqliteConnection Open(string path)
        {
            Assert.True(File.Exists(path), "no database " + path);
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            return connection;
        }

        // Every SQN the clients received for the IMSI is in the audit, and SEQ_HE is at least the highest SEQ received.
        private static int CheckSqns(CrashLoad load, SqliteConnection db, string imsi, string seqHeSql, int life, string server)
        {
            IReadOnlyList<long> received = load.Sqns.Sqns(imsi);
            if (received.Count == 0)
            {
                return 0;
            }

            var audit = new HashSet<long>();
            using (SqliteCommand command = Command(db, "SELECT sqn FROM sqn_audit WHERE imsi = $a", imsi))
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    audit.Add(reader.GetInt64(0));
                }
            }

            int missing = received.Count(s => !audit.Contains(s));
            Expect(load, missing == 0, life, $"{server}: {missing} SQNs answered for {imsi} are not in its audit");
            object seqHe;
            using (SqliteCommand command = Command(db, seqHeSql, imsi))
            {
                seqHe = command.ExecuteScalar();
            }

            long highest = received.Max() >> UsimSqnState.IndBits;
            Expect(load, seqHe is long value && value >= highest, life, $"{server}: SEQ_HE of {imsi} is {seqHe}, below the SEQ {highest} already answered: the next SQN would repeat");
            return received.Count + 1;
        }

        // The server's own record: per IMSI and IND, SQNs only grow in issue order (also those never answered).
        private static int CheckAudit(CrashLoad load, SqliteConnection db, int life, string server)
        {
            var last = new Dictionary<(string, long), long>();
            int rows = 0;
            using SqliteCommand command = Command(db, "SELECT imsi, ind, sqn FROM sqn_audit ORDER BY id");
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows++;
                var key = (reader.GetString(0), reader.GetInt64(1));
                long sqn = reader.GetInt64(2);
                if (last.TryGetValue(key, out long previous) && sqn <= previous)
                {
                    load.Finding($"after kill {life}: {server} audit: IMSI {key.Item1} IND {key.Item2}: SQN not increasing");
                }

                last[key] = sqn;
            }

            return rows;
        }

        private static SqliteCommand Command(SqliteConnection db, string sql, params object[] values)
        {
            SqliteCommand command = db.CreateCommand();
            command.CommandText = sql;
            for (int i = 0; i < values.Length; i++)
            {
                command.Parameters.AddWithValue(i == 0 ? "$a" : "$b", values[i]);
            }

            return command;
        }

        private static long Count(SqliteConnection db, string sql, params object[] values)
        {
            using SqliteCommand command = Command(db, sql, values);
            return (long)command.ExecuteScalar();
        }

        private static string Text(SqliteConnection db, string sql, params object[] values)
        {
            using SqliteCommand command = Command(db, sql, values);
            return command.ExecuteScalar() as string;
        }

        private static void Expect(CrashLoad load, bool condition, int life, string problem)
        {
            if (!condition)
            {
                load.Finding($"after kill {life}: {problem}");
            }
        }
    }
}
