using System;
using System.Collections.Generic;
using System.Linq;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Tests.Usim;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Integration
{
    /// <summary>
    /// The IUsimStore contract between SoftUsim and DeviceKeyStore: the ten persisted EFs of each
    /// identity, saved whole (up to 255 bytes) and loaded with a 256-byte buffer, all held at once; and
    /// a save that fails leaves nothing the card could present as acknowledged.
    /// </summary>
    public class UsimStoreContractTests
    {
        private static readonly ushort[] PersistedFiles =
        {
            UsimFileId.Loci, UsimFileId.PsLoci, UsimFileId.EpsLoci, UsimFileId.Fplmn, UsimFileId.Keys,
            UsimFileId.KeysPs, UsimFileId.StartHfn, UsimFileId.EpsNsc, UsimFileId.Kc, UsimFileId.KcGprs,
        };

        [Fact]
        public void PersistedFiles_AllTenAtLargestSizeInBothIdentities_FitTheStoreAndSurviveReboot()
        {
            UsimProfile preliminary = UsimTestCard.Preliminary();
            preliminary.Fplmn = Fill(SoftUsim.MaxPersistedFileLength, 0x11);
            UsimProfile operational = UsimTestCard.Operational();
            operational.Fplmn = Fill(SoftUsim.MaxPersistedFileLength, 0x22);
            IntegratedDevice device = IntegratedDevice.Manufacture(preliminary);
            var recorder = new RecordingStore(device.Store);

            var usim = new SoftUsim(recorder, UsimIdentityKind.Preliminary, preliminary);
            usim.Init();
            Dictionary<ushort, string> written = WriteAll(usim, 1);

            Assert.Equal(KeyStoreResult.Ok, device.Store.StageProfile(operational));
            Assert.Equal(KeyStoreResult.Ok, device.Store.CommitStagedProfile());
            usim.SwitchIdentity(UsimIdentityKind.Operational, operational);
            usim.Reset();
            Dictionary<ushort, string> writtenOperational = WriteAll(usim, 2);

            // Exactly the ten EFs per identity, whole, the largest 255 bytes.
            Assert.Equal(SoftUsim.PersistedFileCount, PersistedFiles.Length);
            foreach (UsimIdentityKind identity in new[] { UsimIdentityKind.Preliminary, UsimIdentityKind.Operational })
            {
                ushort[] saved = recorder.Saves.Where(s => s.Identity == identity).Select(s => s.FileId).Distinct().OrderBy(f => f).ToArray();
                Assert.Equal(PersistedFiles.OrderBy(f => f).ToArray(), saved);
            }

            Assert.Equal(SoftUsim.MaxPersistedFileLength, recorder.Saves.Max(s => s.Count));
            Assert.Equal(KeyStoreLimits.MaxFileLength, SoftUsim.MaxPersistedFileLength);
            Assert.Equal(KeyStoreLimits.MaxFiles, 2 * SoftUsim.PersistedFileCount);
            Assert.True(recorder.Saves.GroupBy(s => (s.Identity, s.FileId)).Sum(g => g.Last().Count) <= KeyStoreLimits.MaxFilesTotalLength);

            // A new mount reads both identities back, with the soft USIM's 256-byte load buffer.
            device.Reboot();
            Assert.Equal(UsimIdentityKind.Operational, device.Usim.ActiveIdentity);
            device.BringUp();
            AssertFiles(device, writtenOperational);
            Assert.Equal(KeyStoreResult.Ok, device.Store.RollbackToPreliminary());
            device.Reboot();
            device.BringUp();
            AssertFiles(device, written);
            var buffer = new byte[256];
            Assert.Equal(255, device.Store.LoadFile(UsimIdentityKind.Preliminary, UsimFileId.Fplmn, buffer, 0));
        }

        [Fact]
        public void SaveFile_OutsideTheContract_IsRefused()
        {
            IntegratedDevice device = IntegratedDevice.Manufacture(UsimTestCard.Preliminary());
            Assert.Throws<ArgumentOutOfRangeException>(() => device.Store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Fplmn, new byte[256], 0, 256));
            Assert.Throws<ArgumentOutOfRangeException>(() => device.Store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Fplmn, new byte[3], 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => device.Store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Fplmn, new byte[3], 1, 3));
            Assert.Throws<ArgumentOutOfRangeException>(() => device.Store.SaveSqnSlot(UsimIdentityKind.Preliminary, 0, new byte[6], 1));
        }

        [Fact]
        public void UpdateBinary_StoreWriteFails_NotAnsweredAndResetPresentsTheAcknowledgedContent()
        {
            // A write that fails without a reboot (an I/O error of the I:\ file, or a cut the test
            // survives): the store's state must stay what flash holds, or a SIM reset would present
            // content the card never acknowledged.
            IntegratedDevice device = IntegratedDevice.Manufacture(UsimTestCard.Preliminary());
            device.BringUp();
            Assert.Equal("9000", device.Send("00d68b000b" + "1122334400f1100001ff00"));
            device.Flash.ArmCutAfterProgrammedBytes(10);
            Assert.Throws<PowerCutException>(() => device.Send("00d68b000b" + "5566778800f1100002ff00"));
            device.Flash.Reboot();
            var buffer = new byte[256];
            Assert.Equal(11, device.Store.LoadFile(UsimIdentityKind.Preliminary, UsimFileId.Loci, buffer, 0));
            Assert.Equal("1122334400f1100001ff00", TestVectors.ToHex(buffer.AsSpan(0, 11).ToArray()));
            device.Usim.Reset();
            Assert.Equal("9000", device.Send(IntegratedDevice.SelectUsimAid));
            Assert.Equal("1122334400f1100001ff00", device.ReadFile(UsimFileId.Loci, 11));
        }

        [Fact]
        public void SaveSqnSlot_WriteFails_LoadKeepsTheDurableValue()
        {
            IntegratedDevice device = IntegratedDevice.Manufacture(UsimTestCard.Preliminary());
            device.Store.SaveSqnSlot(UsimIdentityKind.Preliminary, 5, Sqn(0x25), 0);
            device.Flash.ArmCutAfterProgrammedBytes(3);
            Assert.Throws<PowerCutException>(() => device.Store.SaveSqnSlot(UsimIdentityKind.Preliminary, 5, Sqn(0x45), 0));
            var array = new byte[KeyStoreLimits.SqnArrayLength];
            device.Store.LoadSqnSlots(UsimIdentityKind.Preliminary, array, 0);
            Assert.Equal(Sqn(0x25), array.AsSpan(30, 6).ToArray());
        }

        // Updates the ten EFs through APDUs with content derived from seed; returns FID -> content written.
        private static Dictionary<ushort, string> WriteAll(SoftUsim usim, byte seed)
        {
            var written = new Dictionary<ushort, string>();
            UsimTestCard.Send(usim, IntegratedDevice.SelectUsimAid);
            foreach (ushort fileId in PersistedFiles)
            {
                int size = fileId switch
                {
                    UsimFileId.Loci => 11,
                    UsimFileId.PsLoci => 14,
                    UsimFileId.EpsLoci => 18,
                    UsimFileId.Fplmn => 255,
                    UsimFileId.Keys or UsimFileId.KeysPs => 33,
                    UsimFileId.StartHfn => 6,
                    UsimFileId.EpsNsc => 54,
                    _ => 9,
                };
                string content = TestVectors.ToHex(Fill(size, (byte)(seed + fileId)));
                bool gsm = fileId == UsimFileId.Kc || fileId == UsimFileId.KcGprs;
                string path = gsm ? "00a4080c067fff5f3b" + fileId.ToString("x4") : "00a4080c047fff" + fileId.ToString("x4");
                Assert.Equal("9000", UsimTestCard.Send(usim, path));
                string update = fileId == UsimFileId.EpsNsc
                    ? "00dc0104" + size.ToString("x2") + content
                    : "00d60000" + size.ToString("x2") + content;
                Assert.Equal("9000", UsimTestCard.Send(usim, update));
                written[fileId] = content;
            }

            return written;
        }

        private static void AssertFiles(IntegratedDevice device, Dictionary<ushort, string> expected)
        {
            foreach (KeyValuePair<ushort, string> file in expected)
            {
                bool gsm = file.Key == UsimFileId.Kc || file.Key == UsimFileId.KcGprs;
                string path = gsm ? "00a4080c067fff5f3b" + file.Key.ToString("x4") : "00a4080c047fff" + file.Key.ToString("x4");
                Assert.Equal("9000", device.Send(path));
                int size = file.Value.Length / 2;
                string read = file.Key == UsimFileId.EpsNsc
                    ? device.Send("00b20104" + size.ToString("x2"))
                    : device.Send("00b00000" + size.ToString("x2"));
                Assert.Equal(file.Value + "9000", read);
            }
        }

        private sealed record Save(UsimIdentityKind Identity, ushort FileId, int Count);

        // Passes every call to the key store and records the SaveFile calls.
        private sealed class RecordingStore : IUsimStore
        {
            private readonly IUsimStore inner;

            public RecordingStore(IUsimStore inner)
            {
                this.inner = inner;
            }

            public List<Save> Saves { get; } = new();

            public void SaveSqnSlot(UsimIdentityKind identity, int index, byte[] sqn, int offset) => inner.SaveSqnSlot(identity, index, sqn, offset);

            public void SaveFile(UsimIdentityKind identity, ushort fileId, byte[] data, int offset, int count)
            {
                inner.SaveFile(identity, fileId, data, offset, count);
                Saves.Add(new Save(identity, fileId, count));
            }

            public int LoadFile(UsimIdentityKind identity, ushort fileId, byte[] buffer, int offset)
            {
                Assert.True(buffer.Length - offset >= 256, "the soft USIM loads with a 256-byte buffer");
                return inner.LoadFile(identity, fileId, buffer, offset);
            }

            public void LoadSqnSlots(UsimIdentityKind identity, byte[] buffer, int offset) => inner.LoadSqnSlots(identity, buffer, offset);
        }
    }
}
