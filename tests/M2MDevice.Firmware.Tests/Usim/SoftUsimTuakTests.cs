using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using M2MDevice.Aka;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>
    /// AUTHENTICATE with a TUAK profile (TS 35.231) built from every set of tests/vectors/tuak.json,
    /// including sets 3 and 5 whose CK and IK lengths differ (UsimProfile.TuakCkLength / TuakIkLength).
    /// </summary>
    public class SoftUsimTuakTests
    {
        private static readonly JsonElement[] Sets = TestVectors.Load("tuak").EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Array)
            .SelectMany(p => p.Value.EnumerateArray())
            .ToArray();

        public static IEnumerable<object[]> ProfileSets() => Sets
            .Select(s => new object[] { s.GetProperty("id").GetString() });

        [Fact]
        public void TuakJson_AllSixSets_AreProfileSets()
        {
            Assert.Equal(6, ProfileSets().Count());
            Assert.Contains(Sets, s => s.GetProperty("f3").GetString().Length != s.GetProperty("f4").GetString().Length);
        }

        [Fact]
        public void Constructor_TuakLengthsPartlySet_ThrowsArgumentException()
        {
            var profile = UsimTestCard.Profile("001010123456789", "8988211000000430010", new string('1', 64), new string('2', 64));
            profile.Algorithm = AkaAlgorithmKind.Tuak;
            profile.TuakMacLength = 8;
            profile.TuakResLength = 8;
            profile.TuakCkLength = 16;
            profile.TuakKeccakIterations = 1;
            Assert.Throws<ArgumentException>(() => new SoftUsim(new InMemoryUsimStore(), UsimIdentityKind.Preliminary, profile));

            profile.TuakIkLength = 24;
            Assert.Throws<ArgumentException>(() => new SoftUsim(new InMemoryUsimStore(), UsimIdentityKind.Preliminary, profile));

            profile.TuakIkLength = 32;
            Assert.NotNull(new SoftUsim(new InMemoryUsimStore(), UsimIdentityKind.Preliminary, profile));
        }

        [Theory]
        [MemberData(nameof(ProfileSets))]
        public void Authenticate3g_TuakSet_AnswersResCkIkAndKcWhenKeysAre128Bits(string id)
        {
            JsonElement set = Sets.Single(s => s.GetProperty("id").GetString() == id);
            string F(string name) => set.GetProperty(name).GetString().ToLowerInvariant();
            byte[] sqn = TestVectors.Hex(F("SQN"));
            byte[] ak = TestVectors.Hex(F("f5"));
            byte[] concealed = new byte[6];
            for (int i = 0; i < 6; i++)
            {
                concealed[i] = (byte)(sqn[i] ^ ak[i]);
            }

            string autn = TestVectors.ToHex(concealed) + F("AMF") + F("f1");
            string res = F("f2");
            string ck = F("f3");
            string ik = F("f4");
            var profile = UsimTestCard.Profile("001010123456789", "8988211000000430010", F("K"), F("TOPc"));
            profile.Algorithm = AkaAlgorithmKind.Tuak;
            profile.TuakMacLength = (byte)(F("f1").Length / 2);
            profile.TuakResLength = (byte)(res.Length / 2);
            profile.TuakCkLength = (byte)(ck.Length / 2);
            profile.TuakIkLength = (byte)(ik.Length / 2);
            profile.TuakKeccakIterations = (byte)set.GetProperty("keccak_iterations").GetInt32();

            var store = new InMemoryUsimStore();
            long sqnValue = Convert.ToInt64(F("SQN"), 16);
            store.SetSqnSlot(UsimIdentityKind.Preliminary, (int)(sqnValue & 0x1F), TestVectors.Hex((sqnValue - 32).ToString("x12")));
            var usim = UsimTestCard.Create(store, profile);
            UsimTestCard.Send(usim, "00a4040c10a0000000871002ffffffff894d324d01");
            int lc = 1 + 16 + 1 + (autn.Length / 2);

            string response = UsimTestCard.Send(usim, "00880081" + lc.ToString("x2") + "10" + F("RAND") + (autn.Length / 2).ToString("x2") + autn + "00");

            string kc = string.Empty;
            if (ck.Length == 32 && ik.Length == 32)
            {
                // TS 31.102 7.1.2.1: Kc = c3(CK, IK) only when both are 128 bits.
                byte[] c = TestVectors.Hex(ck);
                byte[] k = TestVectors.Hex(ik);
                byte[] kcBytes = new byte[8];
                for (int i = 0; i < 8; i++)
                {
                    kcBytes[i] = (byte)(c[i] ^ c[i + 8] ^ k[i] ^ k[i + 8]);
                }

                kc = "08" + TestVectors.ToHex(kcBytes);
            }

            string expected = "db" + (res.Length / 2).ToString("x2") + res + (ck.Length / 2).ToString("x2") + ck + (ik.Length / 2).ToString("x2") + ik + kc + "9000";
            Assert.Equal(expected, response);
            Assert.Equal(1, store.SqnSaves);
        }
    }
}
