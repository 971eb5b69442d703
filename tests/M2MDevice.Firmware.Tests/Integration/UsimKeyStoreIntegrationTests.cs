using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using M2MDevice.Aka;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Tests.Usim;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Integration
{
    /// <summary>
    /// SoftUsim over a real DeviceKeyStore over SimulatedFlash (issue 3): profiles come from the
    /// manufacture image and the store, AKA runs through APDUs, and every reboot rebuilds both from flash.
    /// </summary>
    public class UsimKeyStoreIntegrationTests
    {
        private static readonly JsonElement[] AkaVectors =
            TestVectors.Load("aka").GetProperty("vectors").EnumerateArray().ToArray();

        private static readonly JsonElement[] TuakSets = TestVectors.Load("tuak").GetProperty("sets").EnumerateArray().ToArray();

        private static string Field(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) ? value.GetString().ToLowerInvariant() : null;

        private static long Number(string hex) => Convert.ToInt64(hex, 16);

        /// <summary>aka.json vectors with RAND, AUTN, RES and an SQN whose SEQ is above 0 (TS 33.102 C.3: SEQ 0 is never fresh).</summary>
        public static IEnumerable<object[]> FreshAkaVectors() => AkaVectors
            .Where(v => Field(v, "AUTN") != null && Field(v, "RES") != null && Field(v, "SQN") != null && (Number(Field(v, "SQN")) >> 5) > 0)
            .Select(v => new object[] { v.GetProperty("id").GetString() });

        public static IEnumerable<object[]> TuakSetIds() => TuakSets.Select(s => new object[] { s.GetProperty("id").GetString() });

        [Fact]
        public void BringUp_FirstBootFromManufactureImage_PresentsPimsiAndSurvivesReboot()
        {
            IntegratedDevice device = IntegratedDevice.Manufacture(UsimTestCard.Preliminary());

            Assert.Equal(UsimIdentityKind.Preliminary, device.Usim.ActiveIdentity);
            Assert.Equal("001010123456789", device.BringUp());
            Assert.Equal("9000", device.Send("00a4000c022fe2"));
            Assert.Equal(TestVectors.ToHex(UsimTestCard.Preliminary().EfIccid) + "9000", device.Send("00b000000a"));

            device.Reboot();
            Assert.Equal("001010123456789", device.BringUp());
        }

        [Fact]
        public void FreshAkaVectors_CoverEveryVectorWithAutnAndRes()
        {
            // E5 has SEQ 0 (never fresh, TS 33.102 C.3) and is covered by the sync-failure tests of the card.
            Assert.Equal(4, FreshAkaVectors().Count());
        }

        [Theory]
        [MemberData(nameof(FreshAkaVectors))]
        public void Authenticate_AkaJsonVector_ThenReboot_SameAutnIsSyncFailure_NewerAccepted(string id)
        {
            JsonElement v = AkaVectors.Single(x => x.GetProperty("id").GetString() == id);
            UsimProfile profile = UsimTestCard.Profile("001010123456789", "8988211000000430010", Field(v, "K"), Field(v, "OPc"));
            long sqn = Number(Field(v, "SQN"));
            int ind = (int)(sqn & 0x1F);
            byte[] rand = TestVectors.Hex(Field(v, "RAND"));
            byte[] amf = TestVectors.Hex(Field(v, "AMF"));
            IntegratedDevice device = IntegratedDevice.Manufacture(profile);
            if (sqn >= 32)
            {
                // SQN_MS as the previous AKA of the same IND left it, so the vector is the next one (C.2.2).
                device.Store.SaveSqnSlot(UsimIdentityKind.Preliminary, ind, Sqn(sqn - 32), 0);
                device.Reboot();
            }

            // The network side agrees with the vector.
            var auc = new TestAuc(profile, sqn >> 5, seed: 5);
            AuthenticationVector vector = auc.For(rand, Sqn(sqn), amf);
            Assert.Equal(Field(v, "AUTN"), TestVectors.ToHex(vector.Autn.AsSpan(0, vector.AutnLength).ToArray()));
            Assert.Equal(Field(v, "RES"), TestVectors.ToHex(vector.Xres.AsSpan(0, vector.XresLength).ToArray()));
            string command = Field(v, "authenticate_command") ?? IntegratedDevice.AuthenticateCommand(rand, vector.Autn, vector.AutnLength);

            device.BringUp();
            string answer = device.Send(command);
            Assert.Equal(IntegratedDevice.ExpectedSuccess(vector), answer);
            if (Field(v, "authenticate_response") != null)
            {
                Assert.Equal(Field(v, "authenticate_response"), answer);
            }

            // Reboot: a new store mounted from flash and a new card; the same AUTN is a replay.
            device.Reboot();
            device.BringUp();
            string replay = device.Send(command);
            Assert.StartsWith("dc0e", replay);
            Assert.EndsWith("9000", replay);
            Assert.Equal(sqn, auc.ResolveAuts(rand, replay[4..^4]));

            // The AuC resynchronises; its next vector (same IND) is accepted, and is a replay after the next reboot.
            auc.Resynchronize(sqn);
            AuthenticationVector newer = auc.Next(ind);
            string newerCommand = IntegratedDevice.AuthenticateCommand(newer.Rand, newer.Autn, newer.AutnLength);
            Assert.Equal(IntegratedDevice.ExpectedSuccess(newer), device.Send(newerCommand));
            device.Reboot();
            device.BringUp();
            Assert.StartsWith("dc0e", device.Send(newerCommand));
            Assert.StartsWith("dc0e", device.Send(command));
        }

        [Theory]
        [MemberData(nameof(TuakSetIds))]
        public void Authenticate_TuakSetFromManufactureImage_AnswersVectorThenReplayIsSyncFailure(string id)
        {
            // All six TS 35.233 sets, including 3 and 5 (CK and IK of different lengths), through the
            // profile codec of the manufacture image and the key store.
            JsonElement set = TuakSets.Single(s => s.GetProperty("id").GetString() == id);
            string F(string name) => Field(set, name);
            UsimProfile profile = UsimTestCard.Profile("001010123456789", "8988211000000430010", F("K"), F("TOPc"));
            profile.Algorithm = AkaAlgorithmKind.Tuak;
            profile.TuakMacLength = (byte)(F("f1").Length / 2);
            profile.TuakResLength = (byte)(F("f2").Length / 2);
            profile.TuakCkLength = (byte)(F("f3").Length / 2);
            profile.TuakIkLength = (byte)(F("f4").Length / 2);
            profile.TuakKeccakIterations = (byte)set.GetProperty("keccak_iterations").GetInt32();
            long sqn = Number(F("SQN"));
            IntegratedDevice device = IntegratedDevice.Manufacture(profile);
            Assert.True(device.Store.TryGetProfile(UsimIdentityKind.Preliminary, out UsimProfile stored));
            Assert.Equal(profile.TuakCkLength, stored.TuakCkLength);
            Assert.Equal(profile.TuakIkLength, stored.TuakIkLength);
            device.Store.SaveSqnSlot(UsimIdentityKind.Preliminary, (int)(sqn & 0x1F), Sqn(sqn - 32), 0);
            device.Reboot();

            var auc = new TestAuc(profile, sqn >> 5, seed: 6);
            AuthenticationVector vector = auc.For(TestVectors.Hex(F("RAND")), Sqn(sqn), TestVectors.Hex(F("AMF")));
            Assert.Equal(F("f2"), TestVectors.ToHex(vector.Xres.AsSpan(0, vector.XresLength).ToArray()));
            Assert.Equal(F("f3"), TestVectors.ToHex(vector.Ck.AsSpan(0, vector.CkLength).ToArray()));
            Assert.Equal(F("f4"), TestVectors.ToHex(vector.Ik.AsSpan(0, vector.IkLength).ToArray()));
            string command = IntegratedDevice.AuthenticateCommand(vector.Rand, vector.Autn, vector.AutnLength);

            device.BringUp();
            Assert.Equal(IntegratedDevice.ExpectedSuccess(vector), device.Send(command));
            device.Reboot();
            device.BringUp();
            string replay = device.Send(command);
            Assert.StartsWith("dc", replay);
            Assert.Equal(sqn, auc.ResolveAuts(vector.Rand, replay[4..^4]));
        }

        [Fact]
        public void IdentitySwitch_CommitThenReboot_PresentsOperationalImsi_RollbackPresentsPimsi_SqnStatesSeparate()
        {
            UsimProfile preliminary = UsimTestCard.Preliminary();
            UsimProfile operational = UsimTestCard.Operational();
            IntegratedDevice device = IntegratedDevice.Manufacture(preliminary);
            var preliminaryAuc = new TestAuc(preliminary, 0, seed: 1);
            var operationalAuc = new TestAuc(operational, 1000, seed: 2);

            // Attach with the PIMSI (TR 33.812 phase 3.1): one AKA on IND 3 and a location update.
            Assert.Equal("001010123456789", device.BringUp());
            AuthenticationVector first = preliminaryAuc.Next(3);
            string firstCommand = IntegratedDevice.AuthenticateCommand(first.Rand, first.Autn, first.AutnLength);
            Assert.Equal(IntegratedDevice.ExpectedSuccess(first), device.Send(firstCommand));
            Assert.Equal("9000", device.Send("00d68b000b" + "1122334400f1100001ff00"));
            byte[] preliminarySqn = SqnArray(device.Store, UsimIdentityKind.Preliminary);

            // Download: stage, commit, then the switch takes effect at the next reset, as a REFRESH would.
            Assert.Equal(KeyStoreResult.Ok, device.Store.StageProfile(operational));
            Assert.Equal(KeyStoreResult.Ok, device.Store.CommitStagedProfile());
            Assert.True(device.Store.TryGetProfile(UsimIdentityKind.Operational, out UsimProfile committed));
            device.Usim.SwitchIdentity(UsimIdentityKind.Operational, committed);
            Assert.True(device.Usim.IsResetPending);
            Assert.Equal("001010123456789", ReadImsi(device));

            // Reboot: the store selects the operational identity by itself.
            device.Reboot();
            Assert.Equal(UsimIdentityKind.Operational, device.Usim.ActiveIdentity);
            Assert.Equal("262011106487504", device.BringUp());
            // Files are per identity: the operational EF_LOCI is a fresh card's, not the PIMSI's location.
            Assert.Equal("fffffffffffffffffeff01", device.ReadFile(UsimFileId.Loci, 11));
            AuthenticationVector operationalVector = operationalAuc.Next(7);
            string operationalCommand = IntegratedDevice.AuthenticateCommand(operationalVector.Rand, operationalVector.Autn, operationalVector.AutnLength);
            Assert.Equal(IntegratedDevice.ExpectedSuccess(operationalVector), device.Send(operationalCommand));

            // The preliminary key fails MAC-A now; the preliminary SQN array did not move.
            AuthenticationVector stray = preliminaryAuc.Next(3);
            Assert.Equal("9862", device.Send(IntegratedDevice.AuthenticateCommand(stray.Rand, stray.Autn, stray.AutnLength)));
            Assert.Equal(preliminarySqn, SqnArray(device.Store, UsimIdentityKind.Preliminary));
            byte[] operationalSqn = SqnArray(device.Store, UsimIdentityKind.Operational);
            Assert.Equal(1001L << 5 | 7, Slot(operationalSqn, 7));
            Assert.Equal(0L, Slot(operationalSqn, 3));

            // Rollback (the new profile could not attach): the PIMSI comes back after reset and after reboot.
            Assert.Equal(KeyStoreResult.Ok, device.Store.RollbackToPreliminary());
            Assert.True(device.Store.TryGetProfile(UsimIdentityKind.Preliminary, out UsimProfile back));
            device.Usim.SwitchIdentity(UsimIdentityKind.Preliminary, back);
            device.Usim.Reset();
            Assert.Equal(UsimIdentityKind.Preliminary, device.Usim.ActiveIdentity);
            Assert.Equal("9000", device.Send(IntegratedDevice.SelectUsimAid));
            Assert.Equal("001010123456789", ReadImsi(device));
            device.Reboot();
            Assert.Equal(UsimIdentityKind.Preliminary, device.Usim.ActiveIdentity);
            Assert.Equal("001010123456789", device.BringUp());
            Assert.Equal("1122334400f1100001ff00", device.ReadFile(UsimFileId.Loci, 11));

            // Preliminary SQN state kept its own history: the old vector is a replay, the stray one
            // (never accepted) and the next one are fresh; the operational array stays as it was.
            Assert.StartsWith("dc0e", device.Send(firstCommand));
            Assert.Equal(IntegratedDevice.ExpectedSuccess(stray), device.Send(IntegratedDevice.AuthenticateCommand(stray.Rand, stray.Autn, stray.AutnLength)));
            AuthenticationVector next = preliminaryAuc.Next(4);
            Assert.Equal(IntegratedDevice.ExpectedSuccess(next), device.Send(IntegratedDevice.AuthenticateCommand(next.Rand, next.Autn, next.AutnLength)));
            Assert.Equal(operationalSqn, SqnArray(device.Store, UsimIdentityKind.Operational));
        }

        private static string ReadImsi(IntegratedDevice device)
        {
            string hex = device.ReadFile(UsimFileId.Imsi, 9);
            Assert.True(UsimEncoding.TryDecodeImsi(TestVectors.Hex(hex), 0, out string imsi));
            return imsi;
        }

        private static byte[] SqnArray(DeviceKeyStore store, UsimIdentityKind identity)
        {
            var array = new byte[KeyStoreLimits.SqnArrayLength];
            store.LoadSqnSlots(identity, array, 0);
            return array;
        }

        private static long Slot(byte[] array, int ind)
        {
            long value = 0;
            for (int i = 0; i < 6; i++)
            {
                value = (value << 8) | array[(ind * 6) + i];
            }

            return value;
        }
    }
}
