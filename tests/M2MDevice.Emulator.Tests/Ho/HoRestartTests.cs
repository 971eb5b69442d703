using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.Emulator.Tests.Rs;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Tests.Ho
{
    public sealed class HoRestartTests
    {
        [Fact]
        public async Task Restart_FileBacked_KeepsPackagesSeqHeRegistrationAndKeys()
        {
            string directory = Path.Combine(Path.GetTempPath(), "m2m-ho-" + Guid.NewGuid().ToString("N"));
            try
            {
                await using HoTestKit kit = await HoTestKit.StartAsync(o => o.DataDirectory = directory);
                HoTestKit.Operator ho = kit.Ho;
                (HoDeviceClient client, TestDevice device) = await HoProvisioningTests.ConnectedDeviceAsync(kit);
                byte[] nonce = RandomNumberGenerator.GetBytes(16);
                (HttpStatusCode status, byte[] issued) = await client.RequestPackageAsync(nonce);
                Assert.Equal(HttpStatusCode.OK, status);
                UsimPackage package = client.Open(nonce, issued);
                string imsi = Encoding.ASCII.GetString(package.Body.Imsi);
                Assert.Equal(HttpStatusCode.OK, (await ho.SaiAsync(imsi, 3)).Status);
                long lastBefore = ho.Service.GetSqnAudit(imsi).Last().Sqn;
                string hoId = ho.Service.RsHomeOperatorId;
                string snapshot = ho.Snapshot();

                await ho.RestartAsync();

                Assert.Equal(snapshot, ho.Snapshot());
                Assert.Equal(hoId, ho.Service.RsHomeOperatorId);
                Assert.Equal(1, ho.Server.Database.SchemaVersion);
                Assert.True(File.Exists(Path.Combine(directory, "ho.db")));

                // The stored package: a resume after the restart gets the same bytes.
                (_, byte[] tail) = await client.RequestPackageAsync(nonce, resumeOffset: 10);
                Assert.Equal(issued.AsSpan(10).ToArray(), tail);

                // SEQ_HE survived: the next SQNs continue above the last one issued, none repeats.
                RsTestKit.Reply after = await ho.SaiAsync(imsi, 2);
                Assert.Equal(HttpStatusCode.OK, after.Status);
                var audit = ho.Service.GetSqnAudit(imsi);
                Assert.Equal(5, audit.Count);
                Assert.True(audit.Skip(3).All(a => a.Sqn > lastBefore));
                Assert.Equal(audit.Count, audit.Select(a => a.Sqn >> 5).Distinct().Count());

                // The receipt verifies with the stored Ks_NAF even though RS then retires the bootstrap session.
                await client.NotifyAsync(n => client.EncodeReceipt(n, package.ProfileSequence));
                Assert.Equal("retired", kit.Rs.Service.GetDevice(device.DeviceId).State);
                await ho.RestartAsync();
                NotificationAck again = await client.NotifyAsync(n => client.EncodeReceipt(n, package.ProfileSequence));
                Assert.Equal(MessageType.InstallReceipt, again.AcknowledgedType);
                Assert.Equal("provisioned", ho.Service.GetDevice(device.DeviceId).State);
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }
    }
}
