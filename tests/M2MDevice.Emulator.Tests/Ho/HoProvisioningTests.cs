using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Tests.Rs;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Tests.Ho
{
    public sealed class HoProvisioningTests
    {
        [Theory]
        [InlineData(AkaAlgorithmKind.Milenage)]
        [InlineData(AkaAlgorithmKind.Tuak)]
        public async Task Provisioning_FullFlow_ProfileVerifiesAtHssAndReceiptRetiresPimsi(AkaAlgorithmKind algorithm)
        {
            byte[] op = Enumerable.Range(0, 16).Select(i => (byte)(0x30 + i)).ToArray();
            await using HoTestKit kit = await HoTestKit.StartAsync(o =>
            {
                o.Algorithm = algorithm;
                o.Op = op;
                o.OperatorPlmns = new[] { new HoPlmn("999", "70", 0x4000) };
                o.ServiceProviderName = "Home A";
            });
            HoTestKit.Operator ho = kit.Ho;
            TestDevice device = (await kit.Rs.RegisterBatchAsync(1))[0];

            // Owner registration -> association at RS.
            RsTestKit.Reply registered = await ho.RegisterDeviceAsync(device.DeviceId);
            Assert.Equal(HttpStatusCode.Created, registered.Status);
            Assert.Equal("associated", registered.Json.GetProperty("association").GetString());
            Assert.Equal(ho.Service.RsHomeOperatorId, kit.Rs.Service.GetDevice(device.DeviceId).HomeOperatorId);

            // Device: bootstrap at RS, home-operator answer naming this HO.
            var client = new HoDeviceClient(kit, ho, device);
            await client.ConnectAsync();
            Assert.Equal(ho.Server.BaseAddress.ToString(), Encoding.ASCII.GetString(client.Answer.HomeOperatorAddress));
            Assert.Equal(NafId.For("home-a.m2m.test"), client.Answer.HomeOperatorId);
            Assert.Equal(kit.Rs.Server.Ca.ExportDer(), client.Answer.TrustAnchor);

            // Download and check the body.
            (UsimPackage package, _) = await client.DownloadAsync();
            UsimPackageBody body = package.Body;
            Assert.Equal(1u, package.ProfileSequence);
            string imsi = Encoding.ASCII.GetString(body.Imsi);
            string iccid = Encoding.ASCII.GetString(body.Iccid);
            Assert.True(ho.Service.ImsiRange.Contains(imsi));
            Assert.True(Iccid.IsValid(iccid));
            Assert.StartsWith("8999901", iccid);
            Assert.Equal(19, iccid.Length);
            Assert.Equal(algorithm, body.Algorithm);
            Assert.Equal(2, body.MncLength);
            Assert.Equal(new byte[] { 0x80, 0x00 }, body.Amf);
            Assert.Equal(5, body.SqnIndLength);
            Assert.Equal(1L << 28, body.SqnDelta);
            Assert.Equal(Plmn("999", "01"), body.HomePlmns);
            Assert.Equal(Plmn("999", "01").Concat(new byte[] { 0xC0, 0x80 }).ToArray(), body.HomePlmnsWithAct);
            Assert.Equal(Plmn("999", "70").Concat(new byte[] { 0x40, 0x00 }).ToArray(), body.OperatorPlmnsWithAct);
            Assert.Equal("Home A", Encoding.ASCII.GetString(body.ServiceProviderName));
            if (algorithm == AkaAlgorithmKind.Milenage)
            {
                byte[] opc = new byte[16];
                Milenage.DeriveOpc(new Aes128(body.K), op, 0, opc, 0);
                Assert.Equal(opc, body.Opc);
            }

            HoDeviceRecord issued = ho.Service.GetDevice(device.DeviceId);
            Assert.Equal("issued", issued.State);
            Assert.Equal(imsi, issued.Imsi);
            Assert.Equal(iccid, issued.Iccid);
            Assert.Equal(device.Pimsi, issued.Pimsi);

            // The VO routes the operational IMSI to the HO's HSS with the roaming client it uses for RS; the vectors
            // verify on a USIM built from the package.
            UsimAuthenticator usim = HoDeviceClient.UsimOf(body);
            using var http = new HttpClient(kit.Rs.Server.Ca.CreateHttpHandler());
            var roaming = new RsRoamingClient(http, ho.Server.BaseAddress, ho.VoToken);
            AuthenticationInfoResult info = await roaming.SendAuthenticationInfoAsync(imsi, 3, null, null, CancellationToken.None);
            Assert.Equal(AuthenticationInfoStatus.Ok, info.Status);
            Assert.Equal(3, info.Vectors.Count);
            foreach (RoamingVector vector in info.Vectors)
            {
                var output = new UsimAuthenticationOutput();
                Assert.Equal(AkaResult.Success, usim.Authenticate(vector.Rand, 0, vector.Autn, 0, vector.Autn.Length, output));
                Assert.Equal(vector.Xres, output.Res.AsSpan(0, output.ResLength).ToArray());
                Assert.Equal(vector.Ck, output.Ck.AsSpan(0, output.CkLength).ToArray());
            }

            Assert.Equal(3, ho.Service.GetSqnAudit(imsi).Count);
            Assert.All(ho.Service.GetSqnAudit(imsi), a => Assert.Equal(ho.VoInd, a.Ind));

            // Receipt -> HO provisioned, RS retires the PIMSI, MAC'd ack for the nonce.
            NotificationAck ack = await client.NotifyAsync(n => client.EncodeReceipt(n, 1));
            Assert.Equal(MessageType.InstallReceipt, ack.AcknowledgedType);
            Assert.Equal(1u, ack.ProfileSequence);
            Assert.Equal("retired", kit.Rs.Service.GetDevice(device.DeviceId).State);
            HoDeviceRecord provisioned = ho.Service.GetDevice(device.DeviceId);
            Assert.Equal("provisioned", provisioned.State);
            Assert.False(provisioned.OutcomePending);

            // A retry (the ack was lost) is acknowledged again and changes nothing but the repeat counter.
            string snapshot = kit.Rs.Snapshot();
            NotificationAck again = await client.NotifyAsync(n => client.EncodeReceipt(n, 1));
            Assert.Equal(MessageType.InstallReceipt, again.AcknowledgedType);
            Assert.Equal(snapshot, kit.Rs.Snapshot());
            Assert.Equal(1L, ho.Server.Database.Read(c => (long)Storage.SqliteDatabase.Scalar(c, null, "SELECT repeats FROM notification")));

            // The device holds the profile now: nothing newer to download.
            (HttpStatusCode status, byte[] refusal) = await client.RequestPackageAsync(RandomNumberGenerator.GetBytes(16), lastInstalled: 1);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(ErrorCause.NoPackage, DeviceBootstrapClient.CauseOf(refusal));

            // The owner sees the state.
            RsTestKit.Reply list = await ho.SendAsync(HttpMethod.Get, "owner/v1/devices", ho.OwnerToken, null, null);
            Assert.Equal(HttpStatusCode.OK, list.Status);
            var listed = list.Json.GetProperty("devices").EnumerateArray().Single();
            Assert.Equal("provisioned", listed.GetProperty("state").GetString());
            Assert.Equal(imsi, listed.GetProperty("imsi").GetString());
            Assert.Equal(1, listed.GetProperty("profileSequence").GetInt64());

            // Nothing secret in the logs.
            string k = Convert.ToHexStringLower(body.K);
            Assert.DoesNotContain(kit.Rs.Logs.Lines, line => line.Contains(k, StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task Download_RetryAndResume_SameStoredBytesAndSameProfileForNewNonce()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            (HoDeviceClient client, _) = await ConnectedDeviceAsync(kit);

            byte[] nonce = RandomNumberGenerator.GetBytes(16);
            (HttpStatusCode status, byte[] first) = await client.RequestPackageAsync(nonce);
            Assert.Equal(HttpStatusCode.OK, status);
            string snapshot = kit.Ho.Snapshot();

            // Retry with the same nonce: the same bytes; resume: the tail of the same message.
            (_, byte[] retry) = await client.RequestPackageAsync(nonce);
            Assert.Equal(first, retry);
            (_, byte[] tail) = await client.RequestPackageAsync(nonce, resumeOffset: 40);
            Assert.Equal(first.AsSpan(40).ToArray(), tail);
            (_, byte[] empty) = await client.RequestPackageAsync(nonce, resumeOffset: (uint)first.Length);
            Assert.Empty(empty);
            Assert.Equal(snapshot, kit.Ho.Snapshot());

            // Beyond the message: refused.
            (HttpStatusCode beyond, byte[] refusal) = await client.RequestPackageAsync(nonce, resumeOffset: (uint)first.Length + 1);
            Assert.Equal(HttpStatusCode.BadRequest, beyond);
            Assert.Equal(ErrorCause.MalformedRequest, DeviceBootstrapClient.CauseOf(refusal));

            // A new nonce: a new message (new HO nonce), the same profile sequence and content.
            UsimPackage a = client.Open(nonce, first);
            (UsimPackage b, byte[] second) = await client.DownloadAsync();
            Assert.NotEqual(first, second);
            Assert.NotEqual(a.ServerNonce, b.ServerNonce);
            Assert.Equal(a.ProfileSequence, b.ProfileSequence);
            Assert.Equal(a.Body.Imsi, b.Body.Imsi);
            Assert.Equal(a.Body.K, b.Body.K);
            Assert.Equal(a.Body.Opc, b.Body.Opc);
            Assert.Equal(a.Body.Iccid, b.Body.Iccid);
        }

        [Fact]
        public async Task FailureReport_RecordedReportedAndAcked_NextDownloadIssuesNewProfile()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            (HoDeviceClient client, TestDevice device) = await ConnectedDeviceAsync(kit);
            (UsimPackage first, _) = await client.DownloadAsync();

            NotificationAck ack = await client.NotifyAsync(n => client.EncodeFailure(n, 1, FailureCause.AttachRejected, 15));
            Assert.Equal(MessageType.FailureReport, ack.AcknowledgedType);
            HoDeviceRecord failed = kit.Ho.Service.GetDevice(device.DeviceId);
            Assert.Equal("failed", failed.State);
            Assert.Equal(1, failed.FailureCount);
            Assert.Equal("attachRejected", failed.LastFailureCause);
            Assert.False(failed.OutcomePending);
            DeviceRecord atRs = kit.Rs.Service.GetDevice(device.DeviceId);
            Assert.Equal("registered", atRs.State);
            Assert.Equal(1, atRs.FailureCount);

            // Retry of the report: acknowledged, counted once.
            await client.NotifyAsync(n => client.EncodeFailure(n, 1, FailureCause.AttachRejected, 15));
            Assert.Equal(1, kit.Ho.Service.GetDevice(device.DeviceId).FailureCount);
            Assert.Equal(1, kit.Rs.Service.GetDevice(device.DeviceId).FailureCount);

            // The device rolled back (last installed 0): a new profile, higher sequence, same IMSI and ICCID, new K.
            (UsimPackage second, _) = await client.DownloadAsync();
            Assert.Equal(2u, second.ProfileSequence);
            Assert.Equal(first.Body.Imsi, second.Body.Imsi);
            Assert.Equal(first.Body.Iccid, second.Body.Iccid);
            Assert.NotEqual(first.Body.K, second.Body.K);
            Assert.Equal("issued", kit.Ho.Service.GetDevice(device.DeviceId).State);

            // The HSS serves the newest profile's key.
            RsTestKit.Reply sai = await kit.Ho.SaiAsync(Encoding.ASCII.GetString(second.Body.Imsi));
            var vector = sai.Json.GetProperty("vectors")[0];
            var output = new UsimAuthenticationOutput();
            Assert.Equal(AkaResult.Success, HoDeviceClient.UsimOf(second.Body).Authenticate(Hex(vector, "rand"), 0, Hex(vector, "autn"), 0, 16, output));

            // A notification naming a sequence never issued: refused, nothing stored.
            string snapshot = kit.Ho.Snapshot();
            byte[] nonce = RandomNumberGenerator.GetBytes(16);
            (HttpStatusCode status, byte[] refusal) = await kit.Ho.PostBinaryAsync(HoApi.NotificationPath, client.EncodeReceipt(nonce, 9));
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(ErrorCause.NoPackage, DeviceBootstrapClient.CauseOf(refusal));
            Assert.Equal(snapshot, kit.Ho.Snapshot());
        }

        [Fact]
        public async Task Download_DeviceHoldsHigherForeignSequence_NewProfileAboveIt()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            (HoDeviceClient client, _) = await ConnectedDeviceAsync(kit);

            (UsimPackage package, _) = await client.DownloadAsync(lastInstalled: 41);

            Assert.Equal(42u, package.ProfileSequence);
        }

        [Fact]
        public async Task Sai_Resync_AutsFromPackageUsimResetsSeqAndVectorsVerify()
        {
            await using HoTestKit kit = await HoTestKit.StartAsync();
            (HoDeviceClient client, _) = await ConnectedDeviceAsync(kit);
            (UsimPackage package, _) = await client.DownloadAsync();
            string imsi = Encoding.ASCII.GetString(package.Body.Imsi);

            // A USIM far ahead (as if it had used vectors from elsewhere): the HO's first vector is stale -> AUTS.
            var sqnState = new UsimSqnState();
            byte[] slots = new byte[UsimSqnState.ArrayLength];
            for (int ind = 0; ind < UsimSqnState.SlotCount; ind++)
            {
                long value = (500L << UsimSqnState.IndBits) | (long)ind;
                for (int i = 0; i < 6; i++)
                {
                    slots[(ind * 6) + i] = (byte)(value >> (8 * (5 - i)));
                }
            }

            sqnState.Load(slots, 0);
            TuakParameters none = null;
            var usim = new UsimAuthenticator(AkaAlgorithmFactory.Create(package.Body.Algorithm, package.Body.K, 0, 16, package.Body.Opc, 0, none), sqnState);
            var first = (await kit.Ho.SaiAsync(imsi)).Json.GetProperty("vectors")[0];
            var output = new UsimAuthenticationOutput();
            Assert.Equal(AkaResult.SyncFailure, usim.Authenticate(Hex(first, "rand"), 0, Hex(first, "autn"), 0, 16, output));

            RsTestKit.Reply resync = await kit.Ho.SaiAsync(imsi, 1, Hex(first, "rand"), output.Auts.AsSpan(0, output.AutsLength).ToArray());
            Assert.Equal(HttpStatusCode.OK, resync.Status);
            Assert.True(resync.Json.GetProperty("resynchronized").GetBoolean());
            var fresh = resync.Json.GetProperty("vectors")[0];
            Assert.Equal(AkaResult.Success, usim.Authenticate(Hex(fresh, "rand"), 0, Hex(fresh, "autn"), 0, 16, new UsimAuthenticationOutput()));

            // A wrong AUTS: refused, SEQ_HE unchanged.
            string snapshot = kit.Ho.Snapshot();
            RsTestKit.Reply bad = await kit.Ho.SaiAsync(imsi, 1, Hex(first, "rand"), new byte[14]);
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.Equal("invalid-auts", bad.Code);
            Assert.Equal(snapshot, kit.Ho.Snapshot());
        }

        internal static async Task<(HoDeviceClient Client, TestDevice Device)> ConnectedDeviceAsync(HoTestKit kit, HoTestKit.Operator ho = null)
        {
            ho ??= kit.Ho;
            TestDevice device = (await kit.Rs.RegisterBatchAsync(1))[0];
            Assert.Equal(HttpStatusCode.Created, (await ho.RegisterDeviceAsync(device.DeviceId)).Status);
            var client = new HoDeviceClient(kit, ho, device);
            await client.ConnectAsync();
            return (client, device);
        }

        internal static byte[] Hex(System.Text.Json.JsonElement json, string name) => Convert.FromHexString(json.GetProperty(name).GetString());

        private static byte[] Plmn(string mcc, string mnc)
        {
            byte[] plmn = new byte[3];
            UsimEncoding.EncodePlmn(mcc, mnc, plmn, 0);
            return plmn;
        }
    }
}
