using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Tests.Rs
{
    public sealed class RsAuthenticationInfoTests
    {
        [Theory]
        [InlineData("milenage")]
        [InlineData("tuak")]
        public async Task Sai_FiveVectors_VerifyOnTheDevicesUsim(string algorithm)
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1, algorithm))[0];

            RsTestKit.Reply reply = await kit.SaiAsync(kit.VoToken, device.Pimsi, 5);

            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(device.Pimsi, reply.Json.GetProperty("imsi").GetString());
            JsonElement[] vectors = reply.Json.GetProperty("vectors").EnumerateArray().ToArray();
            Assert.Equal(5, vectors.Length);
            foreach (JsonElement vector in vectors)
            {
                (AkaResult result, UsimAuthenticationOutput output) = device.Authenticate(Hex(vector, "rand"), Hex(vector, "autn"));
                Assert.Equal(AkaResult.Success, result);
                Assert.Equal(Hex(vector, "xres"), output.Res.AsSpan(0, output.ResLength).ToArray());
                Assert.Equal(Hex(vector, "ck"), output.Ck.AsSpan(0, output.CkLength).ToArray());
                Assert.Equal(Hex(vector, "ik"), output.Ik.AsSpan(0, output.IkLength).ToArray());
            }
        }

        [Fact]
        public async Task Sai_TwoVisitedOperators_DistinctIndsAndStrictlyIncreasingSqnsPerInd()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];

            for (int round = 0; round < 3; round++)
            {
                Assert.Equal(HttpStatusCode.OK, (await kit.SaiAsync(kit.VoToken, device.Pimsi, 2)).Status);
                Assert.Equal(HttpStatusCode.OK, (await kit.SaiAsync(kit.Vo2Token, device.Pimsi, 1)).Status);
            }

            Assert.NotEqual(kit.VoInd, kit.Vo2Ind);
            Assert.DoesNotContain(RsService.BootstrapInd, new[] { kit.VoInd, kit.Vo2Ind });
            IReadOnlyList<SqnAuditEntry> audit = kit.Service.GetSqnAudit(device.Pimsi);
            Assert.Equal(9, audit.Count);
            Assert.Equal(audit.Count, audit.Select(a => a.Sqn).Distinct().Count());
            foreach (IGrouping<int, SqnAuditEntry> perInd in audit.GroupBy(a => a.Ind))
            {
                long[] sqns = perInd.Select(a => a.Sqn).ToArray();
                Assert.All(sqns, s => Assert.Equal(perInd.Key, (int)(s & 31)));
                Assert.True(sqns.Zip(sqns.Skip(1)).All(p => p.Second > p.First), "SQNs of one IND must strictly increase");
            }

            Assert.Equal(new[] { kit.VoInd, kit.Vo2Ind }.OrderBy(i => i), audit.Select(a => a.Ind).Distinct().OrderBy(i => i));
        }

        [Fact]
        public async Task Sai_WithAutsFromUsimAhead_ResynchronizesAndNewVectorsAreAccepted()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            device.AdvanceSqn(1_000);

            JsonElement stale = (await kit.SaiAsync(kit.VoToken, device.Pimsi)).Json.GetProperty("vectors")[0];
            (AkaResult sync, UsimAuthenticationOutput syncOutput) = device.Authenticate(Hex(stale, "rand"), Hex(stale, "autn"));
            Assert.Equal(AkaResult.SyncFailure, sync);
            byte[] auts = syncOutput.Auts.AsSpan(0, syncOutput.AutsLength).ToArray();

            RsTestKit.Reply resynced = await kit.SaiAsync(kit.VoToken, device.Pimsi, 2, Hex(stale, "rand"), auts);

            Assert.Equal(HttpStatusCode.OK, resynced.Status);
            Assert.True(resynced.Json.GetProperty("resynchronized").GetBoolean());
            foreach (JsonElement vector in resynced.Json.GetProperty("vectors").EnumerateArray())
            {
                Assert.Equal(AkaResult.Success, device.Authenticate(Hex(vector, "rand"), Hex(vector, "autn")).Result);
            }

            Assert.True(kit.Service.GetSqnAudit(device.Pimsi).Last().Sqn >> 5 > 1_000);
        }

        [Fact]
        public async Task Sai_ForgedAuts_400AndSeqHeUnchanged()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            await kit.SaiAsync(kit.VoToken, device.Pimsi);
            string before = kit.Snapshot();

            RsTestKit.Reply reply = await kit.SaiAsync(kit.VoToken, device.Pimsi, 1, new byte[16], new byte[14]);

            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal("invalid-auts", reply.Code);
            Assert.Equal(before, kit.Snapshot());
        }

        [Fact]
        public async Task Sai_UnknownPimsi_404UnknownSubscriber()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();

            RsTestKit.Reply reply = await kit.SaiAsync(kit.VoToken, "001010000000199");

            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal("unknown-subscriber", reply.Code);
        }

        [Fact]
        public async Task Sai_ManyConcurrentRequests_NoSqnIssuedTwice()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];

            RsTestKit.Reply[] replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => kit.SaiAsync(i % 2 == 0 ? kit.VoToken : kit.Vo2Token, device.Pimsi, 3)));

            Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            IReadOnlyList<SqnAuditEntry> audit = kit.Service.GetSqnAudit(device.Pimsi);
            Assert.Equal(60, audit.Count);
            Assert.Equal(60, audit.Select(a => a.Sqn >> 5).Distinct().Count());
        }

        internal static byte[] Hex(JsonElement element, string name) => Convert.FromHexString(element.GetProperty(name).GetString());
    }
}
