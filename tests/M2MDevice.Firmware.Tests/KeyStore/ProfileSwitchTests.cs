using System;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    /// <summary>
    /// Committing a profile of another subscription over an operational identity that has state: the
    /// new profile starts fresh (operational SQN array zero, terminal-updated files absent so the soft
    /// USIM falls back to the profile's defaults), atomically and power-safely; the preliminary identity
    /// is never touched (docs/keystore-format.md 4.5).
    /// </summary>
    public class ProfileSwitchTests
    {
        private const string ImsiA = "082910101032547698";
        private const string ImsiB = "082926011101468705";

        private readonly ITestOutputHelper output;

        public ProfileSwitchTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public static TheoryData<string> AreaStates => new() { "areas with room", "sqn and file sectors full", "profiles sector full" };

        public static TheoryData<string> Differences => new() { "imsi", "k", "imsi and k" };

        /// <summary>Subscription A: the first operational profile (sequence 5).</summary>
        internal static UsimProfile SubscriptionA() => Subscription(5, ImsiA, 2);

        /// <summary>Subscription B: a new home operator (another IMSI and K, sequence 6).</summary>
        internal static UsimProfile SubscriptionB() => Subscription(6, ImsiB, 3);

        [Fact]
        public void CommitStagedProfile_NewSubscriptionOverOperationalState_SqnZeroAndFilesAbsent_AlsoAfterRemount()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Open(flash);
            WithOperationalState(store);
            Assert.False(IsZero(SqnArray(store, UsimIdentityKind.Operational)));
            Assert.Equal(KeyStoreResult.Ok, store.StageProfile(SubscriptionB()));

            Assert.Equal(KeyStoreResult.Ok, store.CommitStagedProfile());

            foreach (DeviceKeyStore view in new[] { store, Open(flash) })
            {
                Assert.Equal(UsimIdentityKind.Operational, view.ActiveIdentity);
                Assert.True(view.TryGetProfile(UsimIdentityKind.Operational, out UsimProfile active));
                Assert.Equal(ProfileText(SubscriptionB()), ProfileText(active));
                Assert.True(IsZero(SqnArray(view, UsimIdentityKind.Operational)));
                foreach (ushort fileId in PersistedFiles)
                {
                    Assert.Equal(-1, view.LoadFile(UsimIdentityKind.Operational, fileId, new byte[256], 0));
                }

                Assert.Equal(0, view.BodyErrors);
            }
        }

        [Fact]
        public void CommitStagedProfile_NewSubscription_PreliminaryProfileSqnAndFilesUntouched()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Open(flash);
            WithOperationalState(store);
            Assert.Equal(KeyStoreResult.Ok, store.StageProfile(SubscriptionB()));
            string before = PreliminaryPart(Digest(store));

            Assert.Equal(KeyStoreResult.Ok, store.CommitStagedProfile());

            Assert.Equal(before, PreliminaryPart(Digest(store)));
            Assert.Equal(before, PreliminaryPart(Digest(Open(flash))));
            Assert.Contains("file6F7E=" + Hex(Fill(11, 0x51)), before);
            Assert.Contains(Hex(Sqn(0x129)), before);
        }

        [Theory]
        [MemberData(nameof(Differences))]
        public void CommitStagedProfile_ImsiOrKDiffers_ResetsSqnArray(string difference)
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Open(flash);
            WithOperationalState(store);
            UsimProfile next = Subscription(6, difference == "k" ? ImsiA : ImsiB, difference == "imsi" ? (byte)2 : (byte)3);

            Assert.Equal(KeyStoreResult.Ok, store.StageProfile(next));
            Assert.Equal(KeyStoreResult.Ok, store.CommitStagedProfile());

            Assert.True(IsZero(SqnArray(Open(flash), UsimIdentityKind.Operational)));
        }

        [Fact]
        public void CommitStagedProfile_SameSubscriptionUpdated_KeepsSqnArray_FilesFresh()
        {
            // Same EF_IMSI and K, new package (e.g. new PLMN lists): the AuC's SQN continues, so SQN_MS is
            // kept (no resync, no replay window); the files start fresh like any downloaded profile.
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Open(flash);
            WithOperationalState(store);
            byte[] sqnBefore = SqnArray(store, UsimIdentityKind.Operational);
            UsimProfile update = Subscription(6, ImsiA, 2);
            update.Fplmn = Convert.FromHexString("62f210ffffff");

            Assert.Equal(KeyStoreResult.Ok, store.StageProfile(update));
            Assert.Equal(KeyStoreResult.Ok, store.CommitStagedProfile());

            DeviceKeyStore again = Open(flash);
            Assert.Equal(Hex(sqnBefore), Hex(SqnArray(again, UsimIdentityKind.Operational)));
            Assert.Equal(-1, again.LoadFile(UsimIdentityKind.Operational, UsimFileId.Fplmn, new byte[256], 0));
            Assert.Equal(-1, again.LoadFile(UsimIdentityKind.Operational, UsimFileId.Keys, new byte[256], 0));
        }

        [Fact]
        public void CommitStagedProfile_SameSubscriptionAfterRollbackAndReboot_KeepsSqnArray_FilesFresh()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Open(flash);
            WithOperationalState(store);
            byte[] sqnBefore = SqnArray(store, UsimIdentityKind.Operational);
            Assert.Equal(KeyStoreResult.Ok, store.RollbackToPreliminary());

            // Rollback keeps the operational SQN array (the only memory of which SQNs this K accepted).
            DeviceKeyStore rebooted = Open(flash);
            Assert.False(rebooted.HasActiveProfile);
            Assert.Equal(Hex(sqnBefore), Hex(SqnArray(rebooted, UsimIdentityKind.Operational)));
            Assert.Equal(KeyStoreResult.Ok, rebooted.StageProfile(Subscription(6, ImsiA, 2)));
            Assert.Equal(KeyStoreResult.Ok, rebooted.CommitStagedProfile());

            DeviceKeyStore again = Open(flash);
            Assert.Equal(Hex(sqnBefore), Hex(SqnArray(again, UsimIdentityKind.Operational)));
            foreach (ushort fileId in PersistedFiles)
            {
                Assert.Equal(-1, again.LoadFile(UsimIdentityKind.Operational, fileId, new byte[256], 0));
            }

            // A later rollback and switch to another subscription still starts that one fresh.
            Assert.Equal(KeyStoreResult.Ok, again.RollbackToPreliminary());
            Assert.Equal(KeyStoreResult.Ok, Open(flash).StageProfile(Subscription(7, ImsiB, 3)));
            DeviceKeyStore last = Open(flash);
            Assert.Equal(KeyStoreResult.Ok, last.CommitStagedProfile());
            Assert.True(IsZero(SqnArray(Open(flash), UsimIdentityKind.Operational)));
        }

        [Fact]
        public void CommitStagedProfile_OtherSubscriptionAfterRollbackAndReboot_SqnZeroAndFilesAbsent()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Open(flash);
            WithOperationalState(store);
            Assert.Equal(KeyStoreResult.Ok, store.RollbackToPreliminary());
            DeviceKeyStore rebooted = Open(flash);
            Assert.Equal(KeyStoreResult.Ok, rebooted.StageProfile(SubscriptionB()));
            Assert.Equal(KeyStoreResult.Ok, rebooted.CommitStagedProfile());

            DeviceKeyStore again = Open(flash);
            Assert.True(IsZero(SqnArray(again, UsimIdentityKind.Operational)));
            foreach (ushort fileId in PersistedFiles)
            {
                Assert.Equal(-1, again.LoadFile(UsimIdentityKind.Operational, fileId, new byte[256], 0));
            }
        }

        [Fact]
        public void CommitStagedProfile_NoOperationalStateYet_StillOneRecordWrite()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Open(flash);
            LoadImage(store);
            store.SaveSqnSlot(UsimIdentityKind.Preliminary, 2, Sqn(0x62), 0);
            store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Loci, Fill(11, 0x51), 0, 11);
            Assert.Equal(KeyStoreResult.Ok, store.StageProfile(SubscriptionA()));
            flash.ResetStatistics();

            Assert.Equal(KeyStoreResult.Ok, store.CommitStagedProfile());

            Assert.Equal(1, flash.OperationCount);
            Assert.Equal(0, flash.TotalErases);
        }

        [Theory]
        [MemberData(nameof(AreaStates))]
        public void CommitStagedProfile_NewSubscription_CutAtEveryByteAndOperation_OldWithOldStateOrNewFresh(string areaState)
        {
            StoreStep setup = SetupFor(areaState);
            StoreStep commit = s => Assert.Equal(KeyStoreResult.Ok, s.CommitStagedProfile());

            // What "old" and "new" mean here: old = A with its SQN and files, new = B with fresh state.
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Open(flash);
            setup(store);
            string oldDigest = Digest(store);
            flash.ResetStatistics();
            commit(store);
            int erases = flash.TotalErases;
            string newDigest = Digest(Open(flash));
            AssertOldAndNewStates(oldDigest, newDigest);
            if (areaState == "profiles sector full")
            {
                Assert.True(flash.GetEraseCount(FirstSector + 4) + flash.GetEraseCount(FirstSector + 5) > 0, "a profiles record erased a sector");
            }
            else if (areaState != "areas with room")
            {
                Assert.True(flash.GetEraseCount(FirstSector + 6) + flash.GetEraseCount(FirstSector + 7) > 0, "the SQN checkpoint erased a sector");
                Assert.True(flash.GetEraseCount(FirstSector + 8) + flash.GetEraseCount(FirstSector + 9) > 0, "the files checkpoint erased a sector");
            }

            // Every cut (after each programmed byte, after each program/erase operation) recovers exactly
            // one of the two digests, with no body error, and a retried commit completes.
            CutReport report = PowerCutHarness.Run(setup, new[] { commit }, preliminaryUntilLastStep: false);
            output.WriteLine($"commit of a new subscription over operational state, {areaState}: {report}; {erases} erases uncut");
            Assert.True(report.EndedOld > 0);
            Assert.True(report.EndedNew > 0);
            Assert.Equal(report.Total, report.EndedOld + report.EndedNew);
        }

        [Fact]
        public void Mount_CutWhileFinishingAnInterruptedSwitch_AtEveryByteAndOperation_NextMountIsNewFresh()
        {
            StoreStep setup = SetupFor("areas with room");
            SimulatedFlash flash = NewFlash(seed: 4);
            DeviceKeyStore store = Open(flash);
            setup(store);
            byte[] before = Snapshot(flash);
            store.CommitStagedProfile();
            string newDigest = Digest(Open(flash));

            // Power lost right after the commit record (the first operation): the next mount finishes the clean-up.
            flash.Reboot();
            flash.LoadFrom(before);
            store = Open(flash);
            flash.ArmCutAfterOperations(1);
            Assert.Throws<PowerCutException>(() => store.CommitStagedProfile());
            flash.Reboot();
            byte[] interrupted = Snapshot(flash);
            flash.ResetStatistics();
            Assert.Equal(newDigest, Digest(Open(flash)));
            int bytes = flash.TotalProgrammedBytes;
            int operations = flash.OperationCount;
            Assert.Equal(3, operations); // SQN checkpoint, files checkpoint, profiles record without the mark
            Assert.Equal(newDigest, Digest(Open(flash)));

            int cuts = 0;
            for (int n = 0; n < bytes + operations; n++)
            {
                flash.Reboot();
                flash.LoadFrom(interrupted);
                if (n < bytes)
                {
                    flash.ArmCutAfterProgrammedBytes(n);
                }
                else
                {
                    flash.ArmCutAfterOperations(n - bytes);
                }

                Assert.Throws<PowerCutException>(() => Open(flash));
                flash.Reboot();
                DeviceKeyStore recovered = Open(flash);
                Assert.Equal(newDigest, Digest(recovered));
                Assert.Equal(0, recovered.BodyErrors);
                cuts++;
            }

            output.WriteLine($"mount finishing an interrupted switch: {cuts} cut points ({bytes} bytes, {operations} operations), all recovered the new fresh state");
        }

        internal static UsimProfile Subscription(uint sequence, string efImsi, byte keySeed)
        {
            UsimProfile profile = Profile(sequence, keySeed);
            profile.EfImsi = Convert.FromHexString(efImsi);
            profile.K = Fill(16, keySeed);
            return profile;
        }

        /// <summary>
        /// Image loaded; preliminary SQN and files; subscription A committed, with SQN_MS in four IND
        /// slots and all ten persisted EFs written by the terminal.
        /// </summary>
        internal static void WithOperationalState(DeviceKeyStore store)
        {
            LoadImage(store);
            store.SaveSqnSlot(UsimIdentityKind.Preliminary, 2, Sqn(0x62), 0);
            store.SaveSqnSlot(UsimIdentityKind.Preliminary, 9, Sqn(0x129), 0);
            store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Loci, Fill(11, 0x51), 0, 11);
            store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Fplmn, Fill(12, 0x52), 0, 12);
            Assert.Equal(KeyStoreResult.Ok, store.StageProfile(SubscriptionA()));
            Assert.Equal(KeyStoreResult.Ok, store.CommitStagedProfile());
            foreach (int ind in new[] { 0, 1, 7, 31 })
            {
                store.SaveSqnSlot(UsimIdentityKind.Operational, ind, Sqn((0x4000L << 5) + ind), 0);
            }

            foreach (ushort fileId in PersistedFiles)
            {
                int size = FileSize(fileId);
                store.SaveFile(UsimIdentityKind.Operational, fileId, Fill(size, (byte)fileId), 0, size);
            }
        }

        internal static int FileSize(ushort fileId) => fileId switch
        {
            UsimFileId.Loci => 11,
            UsimFileId.PsLoci => 14,
            UsimFileId.EpsLoci => 18,
            UsimFileId.Fplmn => 24,
            UsimFileId.Keys or UsimFileId.KeysPs => 33,
            UsimFileId.StartHfn => 6,
            UsimFileId.EpsNsc => 54,
            _ => 9,
        };

        private static StoreStep SetupFor(string areaState)
        {
            if (areaState == "areas with room")
            {
                return s => { WithOperationalState(s); Assert.Equal(KeyStoreResult.Ok, s.StageProfile(SubscriptionB())); };
            }

            if (areaState == "profiles sector full")
            {
                // Stage B again and again until a profiles record of the commit needs an erase.
                int stagings = SmallestCountErasing(FirstSector + 4, (s, k) => Prepare(s, 0, 0, k));
                return s => Prepare(s, 0, 0, stagings);
            }

            // Fill the SQN sectors, then the file sectors, until the commit's checkpoints each need an erase.
            int sqnWrites = SmallestCountErasing(FirstSector + 6, (s, k) => Prepare(s, k, 0, 0));
            int fileWrites = SmallestCountErasing(FirstSector + 8, (s, k) => Prepare(s, sqnWrites, k, 0));
            return s => Prepare(s, sqnWrites, fileWrites, 0);
        }

        private static void Prepare(DeviceKeyStore store, int sqnWrites, int fileWrites, int extraStagings)
        {
            WithOperationalState(store);
            for (int i = 0; i < sqnWrites; i++)
            {
                UsimIdentityKind identity = i % 2 == 0 ? UsimIdentityKind.Preliminary : UsimIdentityKind.Operational;
                store.SaveSqnSlot(identity, (i / 2) % 32, Sqn(0x100000L + i), 0);
            }

            for (int i = 0; i < fileWrites; i++)
            {
                UsimIdentityKind identity = i % 2 == 0 ? UsimIdentityKind.Preliminary : UsimIdentityKind.Operational;
                store.SaveFile(identity, UsimFileId.Keys, Fill(33, (byte)i), 0, 33);
            }

            for (int i = 0; i <= extraStagings; i++)
            {
                Assert.Equal(KeyStoreResult.Ok, store.StageProfile(SubscriptionB()));
            }
        }

        private delegate void CountedSetup(DeviceKeyStore store, int count);

        // The smallest count of prior writes after which the commit erases one of the two sectors from sector.
        private static int SmallestCountErasing(int sector, CountedSetup prepare)
        {
            for (int k = 1; k < 600; k++)
            {
                SimulatedFlash flash = NewFlash();
                DeviceKeyStore store = Open(flash);
                prepare(store, k);
                flash.ResetStatistics();
                store.CommitStagedProfile();
                if (flash.GetEraseCount(sector) + flash.GetEraseCount(sector + 1) > 0)
                {
                    return k;
                }
            }

            throw new InvalidOperationException("commit never erased sector " + sector);
        }

        private static void AssertOldAndNewStates(string oldDigest, string newDigest)
        {
            Assert.Equal(PreliminaryPart(oldDigest), PreliminaryPart(newDigest));
            string[] oldLines = oldDigest.Split('\n');
            string[] newLines = newDigest.Split('\n');

            // Line 2: selector and profiles; 5: operational SQN array; 6: operational files.
            Assert.Contains("active=" + ProfileText(SubscriptionA()), oldLines[2]);
            Assert.Contains("staged=" + ProfileText(SubscriptionB()), oldLines[2]);
            Assert.Contains("selector=Operational active=" + ProfileText(SubscriptionB()) + " staged=none", newLines[2]);
            Assert.NotEqual("sqn2=" + new string('0', 2 * KeyStoreLimits.SqnArrayLength), oldLines[5]);
            Assert.Equal("sqn2=" + new string('0', 2 * KeyStoreLimits.SqnArrayLength), newLines[5]);
            Assert.DoesNotContain("absent", oldLines[6]);
            foreach (ushort fileId in PersistedFiles)
            {
                Assert.Contains("file" + fileId.ToString("X4") + "=absent", newLines[6]);
            }
        }

        // The device info, preliminary profile, preliminary SQN array and preliminary files lines of a digest.
        private static string PreliminaryPart(string digest)
        {
            string[] lines = digest.Split('\n');
            return lines[0] + "\n" + lines[1] + "\n" + lines[3] + "\n" + lines[4];
        }

        private static void LoadImage(DeviceKeyStore store)
        {
            byte[] image = ImageBytes();
            Assert.Equal(KeyStoreResult.Ok, store.LoadManufactureImage(image, 0, image.Length, out _));
        }

        private static byte[] SqnArray(DeviceKeyStore store, UsimIdentityKind identity)
        {
            var array = new byte[KeyStoreLimits.SqnArrayLength];
            store.LoadSqnSlots(identity, array, 0);
            return array;
        }

        private static bool IsZero(byte[] array) => Array.TrueForAll(array, b => b == 0);

        private static byte[] Snapshot(SimulatedFlash flash)
        {
            var raw = new byte[flash.Size];
            flash.CopyTo(raw);
            return raw;
        }
    }
}
