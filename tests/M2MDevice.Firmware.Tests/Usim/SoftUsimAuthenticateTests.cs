using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using M2MDevice.Aka;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>
    /// AUTHENTICATE (TS 31.102 7.1.2) through the soft USIM with every vector of tests/vectors/aka.json:
    /// the 3G context where the vector's SQN can be made fresh, the synchronisation failure where the
    /// vector gives SQN_MS and AUTS, and the GSM context (SRES = c2(RES), Kc = c3(CK, IK)).
    /// </summary>
    public class SoftUsimAuthenticateTests
    {
        private const string SelectUsim = "00a4040c10a0000000871002ffffffff894d324d01";
        private const UsimIdentityKind Identity = UsimIdentityKind.Preliminary;

        private static readonly JsonElement[] AllVectors =
            TestVectors.Load("aka").GetProperty("vectors").EnumerateArray().ToArray();

        private static JsonElement Vector(string id) => AllVectors.Single(v => v.GetProperty("id").GetString() == id);

        private static string Field(JsonElement vector, string name) =>
            vector.TryGetProperty(name, out JsonElement value) ? value.GetString().ToLowerInvariant() : null;

        private static long Sqn(string hex) => Convert.ToInt64(hex, 16);

        private static string SqnHex(long value) => value.ToString("x12");

        private static int Ind(long sqn) => (int)(sqn & 0x1F);

        /// <summary>Every vector id, so that no vector of aka.json goes untested.</summary>
        public static IEnumerable<object[]> AllIds() => AllVectors.Select(v => new object[] { v.GetProperty("id").GetString() });

        // TS 33.102 C.3: SEQ = SQN >> 5 must exceed SEQ_MS(IND); a vector whose SEQ is 0 can never be fresh.
        public static IEnumerable<object[]> FreshIds() => AllVectors
            .Where(v => Field(v, "AUTN") != null && Field(v, "SQN") != null && (Sqn(Field(v, "SQN")) >> 5) > 0)
            .Select(v => new object[] { v.GetProperty("id").GetString() });

        public static IEnumerable<object[]> SyncFailureIds() => AllVectors
            .Where(v => Field(v, "sync_failure_response") != null || Field(v, "AUTS") != null)
            .Select(v => new object[] { v.GetProperty("id").GetString() });

        public static IEnumerable<object[]> GsmIds() => AllVectors
            .Where(v => Field(v, "SRES") != null || (Field(v, "RES") != null && Field(v, "CK") != null && Field(v, "IK") != null))
            .Select(v => new object[] { v.GetProperty("id").GetString() });

        [Theory]
        [MemberData(nameof(AllIds))]
        public void AkaJson_EveryVector_IsCoveredByAnAuthenticateTest(string id)
        {
            bool covered = FreshIds().Concat(SyncFailureIds()).Concat(GsmIds()).Any(row => (string)row[0] == id);
            Assert.True(covered, id);
        }

        [Theory]
        [MemberData(nameof(FreshIds))]
        public void Authenticate3g_FreshVector_AnswersDbWithResCkIkKcAndPersistsSqnFirst(string id)
        {
            JsonElement v = Vector(id);
            long sqn = Sqn(Field(v, "SQN"));
            var store = new InMemoryUsimStore();
            if (sqn >= 32)
            {
                // The previous SQN of the same IND: the vector is the next one (TS 33.102 C.2.2).
                store.SetSqnSlot(Identity, Ind(sqn), TestVectors.Hex(SqnHex(sqn - 32)));
            }

            var usim = CardFor(v, store);
            string command = Field(v, "authenticate_command") ?? Command3g(Field(v, "RAND"), Field(v, "AUTN"), withLe: true);

            string response = UsimTestCard.Send(usim, command);

            string res = Field(v, "RES");
            string ck = Field(v, "CK");
            string ik = Field(v, "IK");
            if (Field(v, "authenticate_response") != null)
            {
                Assert.Equal(Field(v, "authenticate_response"), response);
            }

            if (ck != null && ik != null)
            {
                string kc = Field(v, "Kc") ?? C3(ck, ik);
                Assert.Equal("db08" + res + "10" + ck + "10" + ik + "08" + kc + "9000", response);
            }
            else
            {
                // The vector gives RES only: check it and the shape (DB, RES, CK, IK, Kc, 9000).
                Assert.StartsWith("db08" + res + "10", response);
                Assert.Equal((1 + 1 + 8 + 1 + 16 + 1 + 16 + 1 + 8 + 2) * 2, response.Length);
                Assert.EndsWith("9000", response);
            }

            Assert.Equal(1, store.SqnSaves);
            Assert.Equal(Ind(sqn), store.LastSqnSlot);
            Assert.Equal(SqnHex(sqn), TestVectors.ToHex(store.SqnArray(Identity).AsSpan(Ind(sqn) * 6, 6).ToArray()));
        }

        [Fact]
        public void Authenticate3g_T0WithoutLe_Answers61xxThenGetResponseGivesTheData()
        {
            JsonElement v = Vector("E1 (35.208 set 1)");
            var store = new InMemoryUsimStore();
            long sqn = Sqn(Field(v, "SQN"));
            store.SetSqnSlot(Identity, Ind(sqn), TestVectors.Hex(SqnHex(sqn - 32)));
            var usim = CardFor(v, store);
            string expected = Field(v, "authenticate_response");

            Assert.Equal("6135", UsimTestCard.Send(usim, Command3g(Field(v, "RAND"), Field(v, "AUTN"), withLe: false)));
            Assert.Equal(1, store.SqnSaves);
            Assert.Equal("6c35", UsimTestCard.Send(usim, "00c0000000"));
            Assert.Equal(expected.Substring(0, 32) + "6125", UsimTestCard.Send(usim, "00c0000010"));
            Assert.Equal(expected.Substring(32), UsimTestCard.Send(usim, "00c0000025"));
            Assert.Equal("6985", UsimTestCard.Send(usim, "00c0000001"));
        }

        [Theory]
        [MemberData(nameof(SyncFailureIds))]
        public void Authenticate3g_StaleSqn_AnswersDcWithTheVectorsAutsAndChangesNothing(string id)
        {
            JsonElement v = Vector(id);
            var store = new InMemoryUsimStore();
            string rand = Field(v, "RAND");
            string autn;
            string expected;
            if (Field(v, "sync_failure_response") != null)
            {
                // The vector's SQN already used in its IND slot, and a higher SQN_MS elsewhere.
                long sqn = Sqn(Field(v, "SQN"));
                long sqnMs = Sqn(Field(v, "sync_failure_if_sqn_ms"));
                store.SetSqnSlot(Identity, Ind(sqn), TestVectors.Hex(SqnHex(sqn)));
                store.SetSqnSlot(Identity, Ind(sqnMs), TestVectors.Hex(SqnHex(sqnMs)));
                autn = Field(v, "AUTN");
                expected = Field(v, "sync_failure_response");
            }
            else
            {
                // SQN_MS is the highest accepted SQN; the network replays exactly that SQN.
                long sqnMs = Sqn(Field(v, "SQN_MS"));
                store.SetSqnSlot(Identity, Ind(sqnMs), TestVectors.Hex(SqnHex(sqnMs)));
                autn = Field(v, "SQN") == Field(v, "SQN_MS") && Field(v, "AUTN") != null
                    ? Field(v, "AUTN")
                    : BuildAutn(v, SqnHex(sqnMs), Field(v, "AMF") ?? "0000");
                expected = "dc0e" + Field(v, "AUTS") + "9000";
            }

            byte[] before = store.SqnArray(Identity).ToArray();
            var usim = CardFor(v, store);

            Assert.Equal(expected, UsimTestCard.Send(usim, Command3g(rand, autn, withLe: true)));
            Assert.Equal(0, store.SqnSaves);
            Assert.Equal(before, store.SqnArray(Identity));
        }

        [Theory]
        [MemberData(nameof(GsmIds))]
        public void AuthenticateGsm_Vector_AnswersSresAndKc(string id)
        {
            JsonElement v = Vector(id);
            var store = new InMemoryUsimStore();
            var usim = CardFor(v, store);
            string sres = Field(v, "SRES") ?? C2(Field(v, "RES"));
            string kc = Field(v, "Kc") ?? C3(Field(v, "CK"), Field(v, "IK"));

            string response = UsimTestCard.Send(usim, "0088008011" + "10" + Field(v, "RAND") + "00");

            Assert.Equal("04" + sres + "08" + kc + "9000", response);
            Assert.Equal(0, store.SqnSaves);
        }

        [Fact]
        public void Authenticate3g_MacFailure_Answers9862AndChangesNothing()
        {
            JsonElement v = Vector("E1 (35.208 set 1)");
            var store = new InMemoryUsimStore();
            long sqn = Sqn(Field(v, "SQN"));
            store.SetSqnSlot(Identity, Ind(sqn), TestVectors.Hex(SqnHex(sqn - 32)));
            byte[] before = store.SqnArray(Identity).ToArray();
            var usim = CardFor(v, store);
            byte[] autn = TestVectors.Hex(Field(v, "AUTN"));
            autn[15] ^= 0x01;

            Assert.Equal("9862", UsimTestCard.Send(usim, Command3g(Field(v, "RAND"), TestVectors.ToHex(autn), withLe: true)));
            Assert.Equal(0, store.SqnSaves);
            Assert.Equal(before, store.SqnArray(Identity));

            // The genuine vector is still fresh: the failed attempt consumed nothing.
            Assert.Equal(Field(v, "authenticate_response"), UsimTestCard.Send(usim, Field(v, "authenticate_command")));
        }

        [Fact]
        public void Authenticate3g_SameVectorTwice_SecondIsSyncFailure()
        {
            JsonElement v = Vector("E7 (real card capture, pysim sysmoISIM-SJA2)");
            var store = new InMemoryUsimStore();
            var usim = CardFor(v, store);
            string command = Command3g(Field(v, "RAND"), Field(v, "AUTN"), withLe: true);

            Assert.StartsWith("db08" + Field(v, "RES"), UsimTestCard.Send(usim, command));
            Assert.StartsWith("dc0e", UsimTestCard.Send(usim, command));
        }

        [Fact]
        public void Authenticate3g_AfterRecreatingFromTheStore_AcceptedSqnIsRemembered()
        {
            JsonElement v = Vector("E7 (real card capture, pysim sysmoISIM-SJA2)");
            var store = new InMemoryUsimStore();
            string command = Command3g(Field(v, "RAND"), Field(v, "AUTN"), withLe: true);
            Assert.StartsWith("db08", UsimTestCard.Send(CardFor(v, store), command));

            var recreated = CardFor(v, store);

            Assert.StartsWith("dc0e", UsimTestCard.Send(recreated, command));
        }

        [Fact]
        public void Authenticate3g_StoreFailsToSaveSqn_NoResponseAndResetRestoresTheDurableState()
        {
            JsonElement v = Vector("E7 (real card capture, pysim sysmoISIM-SJA2)");
            var store = new InMemoryUsimStore();
            var usim = CardFor(v, store);
            string command = Command3g(Field(v, "RAND"), Field(v, "AUTN"), withLe: true);
            store.FailNextWrite = true;

            Assert.Throws<InvalidOperationException>(() => UsimTestCard.Send(usim, command));
            Assert.Equal(0, store.SqnSaves);

            usim.Reset();
            UsimTestCard.Send(usim, SelectUsim);
            Assert.StartsWith("db08" + Field(v, "RES"), UsimTestCard.Send(usim, command));
            Assert.Equal(1, store.SqnSaves);
        }

        [Fact]
        public void Authenticate_BeforeSelectingTheUsim_Answers6985()
        {
            JsonElement v = Vector("E1 (35.208 set 1)");
            var usim = UsimTestCard.Create(new InMemoryUsimStore(), ProfileFor(v));

            Assert.Equal("6985", UsimTestCard.Send(usim, Field(v, "authenticate_command")));
        }

        [Theory]
        [InlineData("P2 82 (VGCS context) is not supported", "0088008211" + "10" + "00000000000000000000000000000000", "6a86")]
        [InlineData("P1 not 00", "0088018111" + "10" + "00000000000000000000000000000000", "6a86")]
        [InlineData("no data", "0088008100", "6700")]
        [InlineData("Lc longer than the data", "0088008120" + "10" + "00000000000000000000000000000000", "6700")]
        [InlineData("RAND LV of 15 bytes", "0088008110" + "0f" + "000000000000000000000000000000", "6a80")]
        [InlineData("3G context without AUTN", "0088008111" + "10" + "00000000000000000000000000000000", "6a80")]
        public void Authenticate_MalformedCommand_AnswersCodecStatus(string description, string command, string expected)
        {
            var usim = UsimTestCard.Create(new InMemoryUsimStore());
            UsimTestCard.Send(usim, SelectUsim);

            Assert.True(expected == UsimTestCard.Send(usim, command), description);
        }

        [Fact]
        public void Authenticate_Success_LeavesNoSecretInTheCardsBuffers()
        {
            JsonElement v = Vector("E7 (real card capture, pysim sysmoISIM-SJA2)");
            string withLe = Command3g(Field(v, "RAND"), Field(v, "AUTN"), withLe: true);
            string withoutLe = Command3g(Field(v, "RAND"), Field(v, "AUTN"), withLe: false);

            // Data sent at once (command with Le).
            var direct = CardFor(v, new InMemoryUsimStore());
            Assert.StartsWith("db08", UsimTestCard.Send(direct, withLe));
            AssertSecretBuffersZero(direct);

            // T=0: the data waits behind 61xx; once GET RESPONSE has handed it out it is wiped.
            var fetched = CardFor(v, new InMemoryUsimStore());
            Assert.Equal("6135", UsimTestCard.Send(fetched, withoutLe));
            Assert.StartsWith("db08", UsimTestCard.Send(fetched, "00c0000035"));
            AssertSecretBuffersZero(fetched);

            // A pending response that is never fetched is wiped by the next command.
            var abandoned = CardFor(v, new InMemoryUsimStore());
            Assert.Equal("6135", UsimTestCard.Send(abandoned, withoutLe));
            Assert.Equal("9000", UsimTestCard.Send(abandoned, "80f2000c00"));
            AssertSecretBuffersZero(abandoned);

            // Power off wipes everything as well.
            var powered = CardFor(v, new InMemoryUsimStore());
            Assert.Equal("6135", UsimTestCard.Send(powered, withoutLe));
            powered.Deinit();
            AssertSecretBuffersZero(powered);
        }

        [Fact]
        public void Authenticate3g_AfterSetup_AllocatesNothing()
        {
            JsonElement v = Vector("E1 (35.208 set 1)");
            var store = new InMemoryUsimStore();
            var usim = CardFor(v, store);
            byte[] rand = TestVectors.Hex(Field(v, "RAND"));

            const int Count = 200;
            var commands = new byte[Count][];
            for (int i = 0; i < Count; i++)
            {
                // IND 5, SEQ 1, 2, 3 ...: each vector is the next fresh one.
                string autn = BuildAutn(v, SqnHex(((i + 1L) << 5) | 5), "8000");
                commands[i] = TestVectors.Hex(Command3g(Field(v, "RAND"), autn, withLe: true));
            }

            byte[] badMac = (byte[])commands[Count - 1].Clone();
            badMac[badMac.Length - 2] ^= 0xFF;
            byte[] response = new byte[SoftUsim.MaxResponseLength];
            for (int i = 0; i < 20; i++)
            {
                Assert.Equal(55, usim.Process(commands[i], 0, commands[i].Length, response, 0));
                Assert.Equal(0xDB, response[0]);
            }

            usim.Process(badMac, 0, badMac.Length, response, 0);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 20; i < Count - 1; i++)
            {
                usim.Process(commands[i], 0, commands[i].Length, response, 0);
                usim.Process(badMac, 0, badMac.Length, response, 0);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
            Assert.Equal(Count - 1, store.SqnSaves);
            Assert.Equal(0x98, response[0]);
        }

        private static SoftUsim CardFor(JsonElement v, InMemoryUsimStore store)
        {
            var usim = UsimTestCard.Create(store, ProfileFor(v));
            Assert.Equal("9000", UsimTestCard.Send(usim, SelectUsim));
            return usim;
        }

        private static UsimProfile ProfileFor(JsonElement v) =>
            UsimTestCard.Profile("001010123456789", "8988211000000430010", Field(v, "K"), Field(v, "OPc"));

        private static string Command3g(string rand, string autn, bool withLe) =>
            "0088008122" + "10" + rand + "10" + autn + (withLe ? "00" : string.Empty);

        // The network side of the shared AKA code builds an AUTN for the vector's keys and a chosen SQN.
        private static string BuildAutn(JsonElement v, string sqnHex, string amfHex)
        {
            byte[] k = TestVectors.Hex(Field(v, "K"));
            byte[] opc = TestVectors.Hex(Field(v, "OPc"));
            byte[] rand = TestVectors.Hex(Field(v, "RAND"));
            byte[] sqn = TestVectors.Hex(sqnHex);
            byte[] amf = TestVectors.Hex(amfHex);
            IAkaAlgorithm algorithm = AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, k, 0, 16, opc, 0, null);
            byte[] ak = new byte[6];
            byte[] mac = new byte[8];
            byte[] autn = new byte[16];
            algorithm.F5(rand, 0, ak, 0);
            algorithm.F1(rand, 0, sqn, 0, amf, 0, mac, 0);
            Autn.Build(sqn, 0, ak, 0, amf, 0, mac, 0, 8, autn, 0);
            return TestVectors.ToHex(autn);
        }

        // TS 33.102 6.8.1.2, written out independently of the code under test.
        private static string C2(string resHex)
        {
            byte[] res = TestVectors.Hex(resHex);
            byte[] sres = new byte[4];
            for (int i = 0; i < res.Length; i++)
            {
                sres[i % 4] ^= res[i];
            }

            return TestVectors.ToHex(sres);
        }

        private static string C3(string ckHex, string ikHex)
        {
            byte[] ck = TestVectors.Hex(ckHex);
            byte[] ik = TestVectors.Hex(ikHex);
            byte[] kc = new byte[8];
            for (int i = 0; i < 8; i++)
            {
                kc[i] = (byte)(ck[i] ^ ck[i + 8] ^ ik[i] ^ ik[i + 8]);
            }

            return TestVectors.ToHex(kc);
        }

        private static void AssertSecretBuffersZero(SoftUsim usim)
        {
            foreach (string name in new[] { "work", "pending", "scratch" })
            {
                byte[] buffer = (byte[])typeof(SoftUsim).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance).GetValue(usim);
                Assert.True(buffer.All(b => b == 0), name + " not wiped");
            }

            var output = (UsimAuthenticationOutput)typeof(SoftUsim).GetField("authenticationOutput", BindingFlags.NonPublic | BindingFlags.Instance).GetValue(usim);
            Assert.True(output.Res.All(b => b == 0) && output.Ck.All(b => b == 0) && output.Ik.All(b => b == 0) && output.Kc.All(b => b == 0), "output not wiped");
        }
    }
}
