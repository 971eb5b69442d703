using System;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    public class PowerCutTests
    {
        private readonly ITestOutputHelper output;

        public PowerCutTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public static TheoryData<string> Updates => new()
        {
            "first boot image load",
            "stage profile",
            "commit profile",
            "rollback to preliminary",
            "retire preliminary",
            "sqn entry",
            "sqn compaction with erase",
            "file entry",
            "files compaction with erase",
            "provisioning state",
            "provisioning slot switch with erase",
            "notification enqueue",
            "notification acknowledge",
            "notifications slot switch with erase",
            "profiles slot switch with erase",
        };

        [Theory]
        [MemberData(nameof(Updates))]
        public void PowerCut_AtEveryByteAndOperation_OfEachUpdate_LeavesOldOrNewState(string update)
        {
            StoreStep setup;
            StoreStep step;
            Build(update, out setup, out step);
            CutReport report = PowerCutHarness.Run(setup, new[] { step }, preliminaryUntilLastStep: false);
            output.WriteLine(update + ": " + report);
            Assert.True(report.ByteCuts > 0);
            Assert.True(report.EndedOld > 0);
        }

        [Fact]
        public void PowerCut_AtEveryByteAndOperation_OfWholeProfileInstall_LeavesOldOrNewState_PreliminaryUntilRetired()
        {
            // Stage, commit, first AKAs with the new identity, EF_LOCI update, state, receipt, retirement, ack.
            StoreStep[] steps =
            {
                s => Assert.Equal(KeyStoreResult.Ok, s.StageProfile(Profile(5, 2))),
                s => Assert.Equal(KeyStoreResult.Ok, s.SaveProvisioningState(4, Fill(64, 4), 0, 64)),
                s => Assert.Equal(KeyStoreResult.Ok, s.CommitStagedProfile()),
                s => s.SaveSqnSlot(UsimIdentityKind.Operational, 0, Sqn(0x20), 0),
                s => s.SaveFile(UsimIdentityKind.Operational, UsimFileId.Loci, Fill(11, 9), 0, 11),
                s => s.SaveSqnSlot(UsimIdentityKind.Operational, 1, Sqn(0x41), 0),
                s => s.SaveFile(UsimIdentityKind.Operational, UsimFileId.Keys, Fill(33, 3), 0, 33),
                s => Assert.Equal(KeyStoreResult.Ok, s.EnqueueNotification(Fill(80, 8), 0, 80, out _)),
                s => Assert.Equal(KeyStoreResult.Ok, s.SaveProvisioningState(5, Fill(64, 5), 0, 64)),
                s => Assert.Equal(KeyStoreResult.Ok, s.RetirePreliminary()),
                s => Assert.True(s.AcknowledgeNotification(1)),
            };
            StoreStep setup = s =>
            {
                LoadImage(s);
                s.SaveSqnSlot(UsimIdentityKind.Preliminary, 2, Sqn(0x62), 0);
            };

            // preliminaryUntilLastStep: every step before retirement (and retirement's "old" side) keeps the credentials.
            StoreStep[] untilRetire = steps[..10];
            CutReport report = PowerCutHarness.Run(setup, untilRetire, preliminaryUntilLastStep: true);
            CutReport after = PowerCutHarness.Run(s => { setup(s); foreach (StoreStep step in untilRetire) { step(s); } }, steps[10..], false);
            output.WriteLine("profile install (stage .. retire): " + report);
            output.WriteLine("after retirement (ack): " + after);
            Assert.True(report.Total > report.BytesProgrammed);
        }

        [Fact]
        public void PowerCut_RandomOperationsWithRandomCuts_AlwaysOldOrNewState()
        {
            // Long seeded run: torn records pile up between valid ones and across slot switches.
            var random = new Random(20261127);
            SimulatedFlash flash = NewFlash(seed: 5);
            DeviceKeyStore store = Initialized(flash);
            int cuts = 0;
            uint sequence = 1;
            for (int i = 0; i < 1500; i++)
            {
                int kind = random.Next(8);
                int value = random.Next(1, 250);
                StoreStep step = kind switch
                {
                    0 => s => s.SaveSqnSlot((UsimIdentityKind)(1 + (value % 2)), value % 32, Sqn(value * 1000L), 0),
                    1 => s => s.SaveFile(UsimIdentityKind.Preliminary, KnownFiles[value % 4], Fill(11 + (value % 3), (byte)value), 0, 11 + (value % 3)),
                    2 => s => s.SaveProvisioningState((uint)value, Fill(value * 3, (byte)value), 0, value * 3),
                    3 => s => s.EnqueueNotification(Fill(value, (byte)value), 0, value, out _),
                    4 => s => { if (s.NotificationCount > 0) { s.AcknowledgeNotification(s.GetNotificationId(0)); } },
                    5 => s => s.StageProfile(Profile(sequence + (uint)value, (byte)value)),
                    6 => s => { if (s.CommitStagedProfile() == KeyStoreResult.Ok) { sequence = s.LastCommittedProfileSequence; } },
                    _ => s => s.RollbackToPreliminary(),
                };
                string before = Digest(store);
                byte[] snapshot = new byte[flash.Size];
                flash.CopyTo(snapshot);
                bool cut = random.Next(3) == 0;
                if (cut && random.Next(4) == 0)
                {
                    flash.ArmCutAfterOperations(random.Next(3)); // also lands in erases
                }
                else if (cut)
                {
                    flash.ArmCutAfterProgrammedBytes(random.Next(400));
                }

                try
                {
                    step(store);
                    string after = Digest(store);
                    flash.Reboot();
                    store = Open(flash);
                    Assert.Equal(after, Digest(store));
                }
                catch (PowerCutException)
                {
                    cuts++;
                    flash.Reboot();
                    store = Open(flash);
                    string recovered = Digest(store);
                    if (recovered != before)
                    {
                        // Not the old state: it must be the new one; replay the step uncut on a copy to learn it.
                        SimulatedFlash copy = NewFlash();
                        copy.LoadFrom(snapshot);
                        DeviceKeyStore replay = Open(copy);
                        step(replay);
                        Assert.Equal(Digest(replay), recovered);
                    }
                }

                flash.Reboot();
                Assert.Equal(0, store.BodyErrors);
                Assert.True(store.HasPreliminary);
            }

            output.WriteLine($"random run: 1500 operations, {cuts} power cuts, {flash.TotalErases} erases, {flash.TotalProgrammedBytes} bytes programmed");
            Assert.True(cuts > 100);
        }

        private static void LoadImage(DeviceKeyStore store)
        {
            byte[] image = ImageBytes();
            Assert.Equal(KeyStoreResult.Ok, store.LoadManufactureImage(image, 0, image.Length, out _));
        }

        private static void Build(string update, out StoreStep setup, out StoreStep step)
        {
            StoreStep init = LoadImage;
            switch (update)
            {
                case "first boot image load":
                    setup = s => { };
                    step = LoadImage;
                    return;
                case "stage profile":
                    setup = init;
                    step = s => s.StageProfile(Profile(5, 2));
                    return;
                case "commit profile":
                    setup = s => { init(s); s.StageProfile(Profile(5, 2)); };
                    step = s => s.CommitStagedProfile();
                    return;
                case "rollback to preliminary":
                    setup = s => { init(s); s.StageProfile(Profile(5, 2)); s.CommitStagedProfile(); };
                    step = s => s.RollbackToPreliminary();
                    return;
                case "retire preliminary":
                    setup = s => { init(s); s.StageProfile(Profile(5, 2)); s.CommitStagedProfile(); };
                    step = s => s.RetirePreliminary();
                    return;
                case "sqn entry":
                    setup = s => { init(s); s.SaveSqnSlot(UsimIdentityKind.Preliminary, 0, Sqn(0x20), 0); };
                    step = s => s.SaveSqnSlot(UsimIdentityKind.Preliminary, 5, Sqn(0x25), 0);
                    return;
                case "sqn compaction with erase":
                    step = s => s.SaveSqnSlot(UsimIdentityKind.Preliminary, 5, Sqn(0xFFFFFF), 0);
                    setup = WithErase((s, k) =>
                    {
                        for (int i = 0; i < k; i++)
                        {
                            s.SaveSqnSlot(UsimIdentityKind.Preliminary, i % 32, Sqn(0x20 + i), 0);
                        }
                    }, step);
                    return;
                case "file entry":
                    setup = init;
                    step = s => s.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Loci, Fill(11, 1), 0, 11);
                    return;
                case "files compaction with erase":
                    step = s => s.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Keys, Fill(33, 0xEE), 0, 33);
                    setup = WithErase((s, k) =>
                    {
                        s.SaveFile(UsimIdentityKind.Operational, UsimFileId.Fplmn, Fill(12, 1), 0, 12);
                        for (int i = 0; i < k; i++)
                        {
                            s.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Keys, Fill(33, (byte)i), 0, 33);
                        }
                    }, step);
                    return;
                case "provisioning state":
                    setup = init;
                    step = s => s.SaveProvisioningState(3, Fill(200, 3), 0, 200);
                    return;
                case "provisioning slot switch with erase":
                    step = s => s.SaveProvisioningState(99, Fill(1000, 99), 0, 1000);
                    setup = WithErase((s, k) =>
                    {
                        for (int i = 0; i < k; i++)
                        {
                            s.SaveProvisioningState((uint)i, Fill(1000, (byte)i), 0, 1000);
                        }
                    }, step);
                    return;
                case "notification enqueue":
                    setup = s => { init(s); s.EnqueueNotification(Fill(30, 1), 0, 30, out _); };
                    step = s => s.EnqueueNotification(Fill(30, 2), 0, 30, out _);
                    return;
                case "notification acknowledge":
                    setup = s => { init(s); s.EnqueueNotification(Fill(30, 1), 0, 30, out _); s.EnqueueNotification(Fill(30, 2), 0, 30, out _); };
                    step = s => s.AcknowledgeNotification(1);
                    return;
                case "notifications slot switch with erase":
                    step = s => s.EnqueueNotification(Fill(200, 0x77), 0, 200, out _);
                    setup = WithErase((s, k) =>
                    {
                        for (int i = 0; i < k; i++)
                        {
                            s.EnqueueNotification(Fill(200, (byte)i), 0, 200, out uint id);
                            s.AcknowledgeNotification(id);
                        }
                    }, step);
                    return;
                case "profiles slot switch with erase":
                    step = s => s.CommitStagedProfile();
                    setup = WithErase((s, k) =>
                    {
                        for (int i = 0; i <= k; i++)
                        {
                            s.StageProfile(Profile(5, (byte)i));
                        }
                    }, step);
                    return;
                default:
                    throw new ArgumentException(update);
            }
        }

        private delegate void CountedSetup(DeviceKeyStore store, int count);

        // The smallest count of prior updates after which the step has to erase a sector that still holds
        // records (the second slot switch), so the cut tests cover the erase path.
        private static StoreStep WithErase(CountedSetup prior, StoreStep step)
        {
            for (int k = 1; k < 400; k++)
            {
                SimulatedFlash flash = NewFlash();
                DeviceKeyStore store = Open(flash);
                LoadImage(store);
                prior(store, k);
                flash.ResetStatistics();
                step(store);
                if (flash.TotalErases > 0)
                {
                    int count = k;
                    return s => { LoadImage(s); prior(s, count); };
                }
            }

            throw new InvalidOperationException("step never erased");
        }
    }
}
