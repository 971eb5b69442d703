using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using M2MDevice.Aka;

namespace M2MDevice.Emulator.Tests.Rs
{
    public sealed class RsRestartTests
    {
        [Fact]
        public async Task Restart_FileBacked_StateAndSeqHeSurviveAndNoSqnReused()
        {
            string directory = Path.Combine(Path.GetTempPath(), "m2m-rs-" + Guid.NewGuid().ToString("N"));
            try
            {
                await using (RsTestKit kit = await RsTestKit.StartAsync(dataDirectory: directory))
                {
                    TestDevice device = (await kit.RegisterBatchAsync(2))[0];
                    await kit.PostAsync("zn/v1/associations", kit.HoToken, new { deviceId = device.DeviceId });
                    for (int i = 0; i < 3; i++)
                    {
                        Assert.Equal(HttpStatusCode.OK, (await kit.SaiAsync(kit.VoToken, device.Pimsi, 2)).Status);
                    }

                    long lastBefore = kit.Service.GetSqnAudit(device.Pimsi).Last().Sqn;
                    string snapshot = kit.Snapshot();
                    byte[] rootBefore = kit.Server.Ca.ExportDer();

                    await kit.RestartAsync();

                    Assert.Equal(snapshot, kit.Snapshot());
                    Assert.Equal(rootBefore, kit.Server.Ca.ExportDer());
                    Assert.Equal(kit.HoId, kit.Service.GetDevice(device.DeviceId).HomeOperatorId);

                    // Tokens issued before the restart still work; SQNs continue above the last one issued.
                    RsTestKit.Reply after = await kit.SaiAsync(kit.VoToken, device.Pimsi, 2);
                    Assert.Equal(HttpStatusCode.OK, after.Status);
                    var audit = kit.Service.GetSqnAudit(device.Pimsi);
                    Assert.Equal(8, audit.Count);
                    Assert.True(audit.Skip(6).All(a => a.Sqn > lastBefore));
                    Assert.Equal(audit.Count, audit.Select(a => a.Sqn >> 5).Distinct().Count());
                    foreach (var vector in after.Json.GetProperty("vectors").EnumerateArray())
                    {
                        Assert.Equal(AkaResult.Success, device.Authenticate(RsAuthenticationInfoTests.Hex(vector, "rand"), RsAuthenticationInfoTests.Hex(vector, "autn")).Result);
                    }

                    // The allocation pool continues too: the next batch gets the next MSIN.
                    Assert.Equal("001010000000102", (await kit.RegisterBatchAsync(1))[0].Pimsi);
                    Assert.Equal(1, kit.Server.Database.SchemaVersion);
                }
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }

        [Fact]
        public async Task Restart_FileBacked_UsesWalAndFullSync()
        {
            string directory = Path.Combine(Path.GetTempPath(), "m2m-rs-" + Guid.NewGuid().ToString("N"));
            try
            {
                await using RsTestKit kit = await RsTestKit.StartAsync(o => o.Ca = null, dataDirectory: directory, register: false);
                string mode = kit.Server.Database.Read(c => (string)Storage.SqliteDatabase.Scalar(c, null, "PRAGMA journal_mode"));
                long sync = kit.Server.Database.Read(c => (long)Storage.SqliteDatabase.Scalar(c, null, "PRAGMA synchronous"));

                Assert.Equal("wal", mode);
                Assert.Equal(2, sync); // FULL
                Assert.True(File.Exists(Path.Combine(directory, "rs.db")));
                Assert.True(File.Exists(Path.Combine(directory, "pki", "ca.key.pem")));
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }
    }
}
