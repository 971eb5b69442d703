using System;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    public class DeviceKeyStoreTests
    {
        [Fact]
        public void Mount_BlankFlash_NotInitialized()
        {
            var store = new DeviceKeyStore(NewFlash(), FirstSector, Keys());
            Assert.Equal(KeyStoreResult.NotInitialized, store.Mount());
            Assert.False(store.IsInitialized);
            Assert.False(store.HasPreliminary);
            Assert.Equal(UsimIdentityKind.Preliminary, store.ActiveIdentity);
            Assert.Equal(0, store.RejectedRecords);
        }

        [Fact]
        public void LoadManufactureImage_ThenRemount_HoldsDeviceInfoAndPreliminary()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            string digest = Digest(store);
            DeviceKeyStore again = new DeviceKeyStore(flash, FirstSector, Keys());
            Assert.Equal(KeyStoreResult.Ok, again.Mount());
            Assert.Equal(digest, Digest(again));
            Assert.Equal("device-0001", again.DeviceId);
            Assert.Equal("https://rs.example:8443", again.RsAddress);
            Assert.Equal(Image().RsTrustAnchor, again.GetRsTrustAnchor());
            Assert.Equal(Image().AllowedNetworks, again.GetAllowedNetworks());
            Assert.True(again.TryGetProfile(UsimIdentityKind.Preliminary, out UsimProfile preliminary));
            AssertSameFields(Image().Preliminary, preliminary);
            Assert.False(again.TryGetProfile(UsimIdentityKind.Operational, out _));
        }

        [Fact]
        public void LoadManufactureImage_Twice_AlreadyInitialized_BadImage_Rejected()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore blank = Open(flash);
            byte[] image = ImageBytes();
            image[30] ^= 1;
            Assert.Equal(KeyStoreResult.BadImage, blank.LoadManufactureImage(image, 0, image.Length, out RecordStatus status));
            Assert.Equal(RecordStatus.BadMac, status);
            Assert.False(blank.IsInitialized);

            DeviceKeyStore store = Initialized(flash);
            byte[] good = ImageBytes();
            Assert.Equal(KeyStoreResult.AlreadyInitialized, store.LoadManufactureImage(good, 0, good.Length, out _));
        }

        [Fact]
        public void EveryRecord_WrittenThenRemounted_RoundTrips()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            Assert.Equal(KeyStoreResult.Ok, store.StageProfile(EveryFieldProfileWithMilenageKeys()));
            Assert.Equal(KeyStoreResult.Ok, store.CommitStagedProfile());
            Assert.Equal(KeyStoreResult.Ok, store.StageProfile(Profile(0x02030500, 9)));
            store.SaveSqnSlot(UsimIdentityKind.Preliminary, 3, Sqn(0x123456789A), 0);
            store.SaveSqnSlot(UsimIdentityKind.Operational, 31, Sqn(0xFFFFFFFFFFFF), 0);
            store.SaveFile(UsimIdentityKind.Operational, UsimFileId.Loci, Fill(11, 4), 0, 11);
            store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Keys, Fill(33, 5), 0, 33);
            Assert.Equal(KeyStoreResult.Ok, store.SaveProvisioningState(7, Fill(100, 6), 0, 100));
            Assert.Equal(KeyStoreResult.Ok, store.EnqueueNotification(Fill(50, 7), 0, 50, out uint id));
            string digest = Digest(store);

            var again = new DeviceKeyStore(flash, FirstSector, Keys());
            again.Mount();
            Assert.Equal(digest, Digest(again));
            Assert.Equal(0, again.RejectedRecords);
            Assert.Equal(0, again.BodyErrors);
            Assert.True(again.TryGetProfile(UsimIdentityKind.Operational, out UsimProfile active));
            AssertSameFields(EveryFieldProfileWithMilenageKeys(), active);
            Assert.True(again.TryGetStagedProfile(out UsimProfile staged));
            AssertSameFields(Profile(0x02030500, 9), staged);
            var sqn = new byte[192];
            again.LoadSqnSlots(UsimIdentityKind.Operational, sqn, 0);
            Assert.Equal(Sqn(0xFFFFFFFFFFFF), sqn[186..192]);
            Assert.Equal(7u, again.ProvisioningStateNumber);
            Assert.Equal(Fill(100, 6), again.GetProvisioningBlob());
            Assert.Equal(id, again.GetNotificationId(0));
            Assert.Equal(Fill(50, 7), again.GetNotificationMessage(0));
        }

        [Fact]
        public void InstallFlow_StageCommitRetire_PreliminaryKeptUntilRetire()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            Assert.Equal(KeyStoreResult.NothingStaged, store.CommitStagedProfile());
            Assert.Equal(KeyStoreResult.NotOperational, store.RetirePreliminary());
            Assert.Equal(KeyStoreResult.Ok, store.StageProfile(Profile(5, 2)));
            Assert.Equal(UsimIdentityKind.Preliminary, store.ActiveIdentity);
            Assert.Equal(KeyStoreResult.Ok, store.CommitStagedProfile());
            Assert.Equal(UsimIdentityKind.Operational, store.ActiveIdentity);
            Assert.False(store.HasStagedProfile);
            Assert.True(store.HasPreliminary);
            Assert.Equal(KeyStoreResult.NotNewer, store.StageProfile(Profile(5, 3)));

            Assert.Equal(KeyStoreResult.Ok, store.RetirePreliminary());
            Assert.False(store.HasPreliminary);
            Assert.True(store.IsPreliminaryRetired);
            Assert.Equal(KeyStoreResult.AlreadyRetired, store.RetirePreliminary());
            Assert.Equal(KeyStoreResult.NoPreliminary, store.RollbackToPreliminary());
            Assert.True(store.GetLog(RecordType.Preliminary).IsOtherSlotBlank);

            var again = new DeviceKeyStore(flash, FirstSector, Keys());
            again.Mount();
            Assert.False(again.HasPreliminary);
            Assert.True(again.IsPreliminaryRetired);
            Assert.True(again.TryGetProfile(UsimIdentityKind.Operational, out UsimProfile active));
            Assert.Equal(5u, active.ProfileSequence);

            // A retained manufacture image never brings the retired credentials back.
            byte[] image = ImageBytes();
            Assert.Equal(KeyStoreResult.AlreadyInitialized, again.LoadManufactureImage(image, 0, image.Length, out _));
        }

        [Fact]
        public void Rollback_AfterCommit_ReturnsToPreliminary_DiscardsOperational()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            store.StageProfile(Profile(5, 2));
            store.CommitStagedProfile();
            Assert.Equal(KeyStoreResult.Ok, store.RollbackToPreliminary());
            Assert.Equal(UsimIdentityKind.Preliminary, store.ActiveIdentity);
            Assert.False(store.HasActiveProfile);
            var again = new DeviceKeyStore(flash, FirstSector, Keys());
            again.Mount();
            Assert.Equal(UsimIdentityKind.Preliminary, again.ActiveIdentity);
            Assert.False(again.HasActiveProfile);
            Assert.True(again.HasPreliminary);

            // The rolled-back package is never accepted again; a newer one is.
            Assert.Equal(5u, again.LastCommittedProfileSequence);
            Assert.Equal(KeyStoreResult.NotNewer, again.StageProfile(Profile(5, 2)));
            Assert.Equal(KeyStoreResult.Ok, again.StageProfile(Profile(6, 2)));
        }

        [Fact]
        public void Notifications_EnqueueAckRemount_OrderAndIdsKept()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            var ids = new uint[KeyStoreLimits.MaxNotifications];
            for (int i = 0; i < ids.Length; i++)
            {
                Assert.Equal(KeyStoreResult.Ok, store.EnqueueNotification(new[] { (byte)i }, 0, 1, out ids[i]));
            }

            Assert.Equal(KeyStoreResult.QueueFull, store.EnqueueNotification(new byte[1], 0, 1, out _));
            Assert.True(store.AcknowledgeNotification(ids[3]));
            Assert.False(store.AcknowledgeNotification(ids[3]));
            var again = new DeviceKeyStore(flash, FirstSector, Keys());
            again.Mount();
            Assert.Equal(ids.Length - 1, again.NotificationCount);
            Assert.Equal(ids[4], again.GetNotificationId(3));
            Assert.Equal(new byte[] { 4 }, again.GetNotificationMessage(3));
            Assert.Equal(KeyStoreResult.Ok, again.EnqueueNotification(new byte[1], 0, 1, out uint fresh));
            Assert.DoesNotContain(fresh, ids);
        }

        [Fact]
        public void SaveFile_UnchangedContent_ProgramsNothing()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Loci, Fill(11, 1), 0, 11);
            int before = flash.TotalProgrammedBytes;
            store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Loci, Fill(11, 1), 0, 11);
            Assert.Equal(before, flash.TotalProgrammedBytes);
            var buffer = new byte[20];
            Assert.Equal(11, store.LoadFile(UsimIdentityKind.Preliminary, UsimFileId.Loci, buffer, 0));
            Assert.Equal(-1, store.LoadFile(UsimIdentityKind.Operational, UsimFileId.Loci, buffer, 0));
        }

        public static TheoryData<string, RecordStatus> Damages => new()
        {
            { "flip body bit", RecordStatus.BadMac },
            { "wrong version", RecordStatus.UnsupportedVersion },
            { "bad magic", RecordStatus.BadMagic },
            { "truncated", RecordStatus.Truncated },
            { "length too large", RecordStatus.BadLength },
            { "trailer lost", RecordStatus.BadTrailer },
        };

        [Theory]
        [MemberData(nameof(Damages))]
        public void Mount_NewestRecordDamaged_RejectsWithReason_UsesOlderRecord(string damage, RecordStatus expected)
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            store.SaveProvisioningState(1, Fill(40, 1), 0, 40);
            store.SaveProvisioningState(2, Fill(40, 2), 0, 40);

            // Both records (body: 4-byte state + 40-byte blob) sit in slot 0 of the provisioning area.
            int sectorAddress = (FirstSector + 10) * SectorSize;
            int second = sectorAddress + RecordCodec.AlignedLength(RecordCodec.RecordLength(44));
            int secondEnd = second + RecordCodec.RecordLength(44);
            byte[] raw = new byte[flash.Size];
            flash.CopyTo(raw);
            switch (damage)
            {
                case "flip body bit": raw[second + 15] ^= 0x10; break;
                case "wrong version": raw[second + 2] = 0x02; break;
                case "bad magic": raw[second] = 0x4C; break;
                case "truncated": Array.Fill(raw, (byte)0xFF, second + 20, secondEnd - (second + 20)); break;
                case "length too large": raw[second + 4] = 0x7F; break;
                case "trailer lost": raw[secondEnd - 1] = 0x5A; break;
            }

            flash.LoadFrom(raw);
            var again = new DeviceKeyStore(flash, FirstSector, Keys());
            again.Mount();
            RecordLog log = again.GetLog(RecordType.ProvisioningState);
            Assert.Equal(expected, log.FirstRejection);
            Assert.Equal(second, log.FirstRejectionAddress);
            Assert.Equal(1u, again.ProvisioningStateNumber);
            Assert.Equal(Fill(40, 1), again.GetProvisioningBlob());

            // The store keeps working: the next write lands after the damaged bytes and wins.
            again.SaveProvisioningState(3, Fill(40, 3), 0, 40);
            var third = new DeviceKeyStore(flash, FirstSector, Keys());
            third.Mount();
            Assert.Equal(3u, third.ProvisioningStateNumber);
        }

        [Fact]
        public void Mount_NewestSlotSectorDamaged_UsesOtherSlot()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);

            // 1,000-byte blobs: three records per sector, the fourth switches to slot 1.
            for (uint state = 1; state <= 4; state++)
            {
                Assert.Equal(KeyStoreResult.Ok, store.SaveProvisioningState(state, Fill(1000, (byte)state), 0, 1000));
            }

            RecordLog log = store.GetLog(RecordType.ProvisioningState);
            Assert.Equal(1, log.CurrentSlot);
            byte[] raw = new byte[flash.Size];
            flash.CopyTo(raw);
            raw[((FirstSector + 11) * SectorSize) + 100] ^= 0xFF;
            flash.LoadFrom(raw);
            var again = new DeviceKeyStore(flash, FirstSector, Keys());
            again.Mount();
            Assert.Equal(RecordStatus.BadMac, again.GetLog(RecordType.ProvisioningState).FirstRejection);
            Assert.Equal(3u, again.ProvisioningStateNumber);
        }

        [Fact]
        public void Mount_RecordsUnderOtherMacKey_AllRejectedBadMac()
        {
            SimulatedFlash flash = NewFlash();
            Initialized(flash);
            var stranger = new DeviceKeyStore(flash, FirstSector, new FixedKeyProvider(EncryptionKey, new byte[16]));
            Assert.Equal(KeyStoreResult.NotInitialized, stranger.Mount());
            Assert.False(stranger.HasPreliminary);
            Assert.Equal(RecordStatus.BadMac, stranger.GetLog(RecordType.DeviceInfo).FirstRejection);
            Assert.Equal(RecordStatus.BadMac, stranger.GetLog(RecordType.Preliminary).FirstRejection);
        }

        [Fact]
        public void Flash_NeverHoldsPlaintextSecrets()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            store.StageProfile(Profile(5, 2));
            store.SaveSqnSlot(UsimIdentityKind.Preliminary, 0, Sqn(0x0102030405), 0);
            byte[] raw = new byte[flash.Size];
            flash.CopyTo(raw);
            string hex = Convert.ToHexString(raw);
            Assert.DoesNotContain(Convert.ToHexString(Image().Preliminary.K), hex);
            Assert.DoesNotContain(Convert.ToHexString(Profile(5, 2).Opc), hex);
            Assert.DoesNotContain(Convert.ToHexString(Sqn(0x0102030405)), hex);
        }

        private static UsimProfile EveryFieldProfileWithMilenageKeys()
        {
            UsimProfile profile = EveryFieldProfile();
            profile.ProfileSequence = 0x01020300;
            return profile;
        }
    }
}
