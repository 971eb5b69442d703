using System;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    public class FlashWearTests
    {
        private const int AkaRuns = 1000;
        private readonly ITestOutputHelper output;

        public FlashWearTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public void SqnUpdates_1000Aka_WriteOnlyChangedSlot_AndFewErases()
        {
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            flash.ResetStatistics();
            for (int i = 0; i < AkaRuns; i++)
            {
                // TS 33.102 C.3.2: each AKA stores the accepted SEQ in its IND slot.
                store.SaveSqnSlot(UsimIdentityKind.Preliminary, i % 4, Sqn(0x20L + (32L * i) + (i % 4)), 0);
            }

            double perAka = (double)flash.TotalProgrammedBytes / AkaRuns;
            RecordLog log = store.GetLog(RecordType.SqnEntry);
            int erases0 = flash.GetEraseCount(log.FirstSector);
            int erases1 = flash.GetEraseCount(log.FirstSector + 1);
            output.WriteLine($"SQN only: {flash.TotalProgrammedBytes} bytes programmed for {AkaRuns} AKA runs = {perAka:F1} bytes per AKA " +
                $"(entry record {RecordCodec.RecordLength(KeyStoreLimits.SqnEntryBodyLength)} bytes, checkpoint {RecordCodec.RecordLength(KeyStoreLimits.SqnCheckpointBodyLength)} bytes); " +
                $"erases: SQN sectors {erases0} + {erases1}, all sectors {flash.TotalErases}");
            for (int sector = 0; sector < flash.SectorCount; sector++)
            {
                if (flash.GetEraseCount(sector) > 0 || flash.GetProgrammedBytes(sector) > 0)
                {
                    output.WriteLine($"  sector {sector}: {flash.GetProgrammedBytes(sector)} bytes programmed, {flash.GetEraseCount(sector)} erases");
                }
            }

            // A full-array rewrite would cost >= 413 bytes and an erase every ~9 AKA runs.
            Assert.True(perAka < 50, perAka.ToString());
            Assert.True(flash.TotalErases <= 12, flash.TotalErases.ToString());
            Assert.Equal(flash.TotalErases, erases0 + erases1);

            // Wear spreads over both slots, and the state survives a reboot.
            Assert.InRange(Math.Abs(erases0 - erases1), 0, 1);
            var sqn = new byte[KeyStoreLimits.SqnArrayLength];
            var again = new DeviceKeyStore(flash, FirstSector, Keys());
            again.Mount();
            again.LoadSqnSlots(UsimIdentityKind.Preliminary, sqn, 0);
            for (int slot = 0; slot < 4; slot++)
            {
                int last = AkaRuns - 4 + slot;
                Assert.Equal(Sqn(0x20L + (32L * last) + slot), sqn[(slot * 6)..((slot * 6) + 6)]);
            }
        }

        [Fact]
        public void AkaWithKeysFiles_1000Aka_BytesPerAkaReported()
        {
            // An AKA as a terminal drives it: SQN slot, then EF_KEYS and EF_KEYSPS (TS 31.102 4.2.3, 4.2.4) with new CK/IK.
            SimulatedFlash flash = NewFlash();
            DeviceKeyStore store = Initialized(flash);
            flash.ResetStatistics();
            for (int i = 0; i < AkaRuns; i++)
            {
                store.SaveSqnSlot(UsimIdentityKind.Preliminary, 0, Sqn(0x20L + (32L * i)), 0);
                byte[] keys = Fill(33, (byte)i);
                keys[0] = (byte)(i % 7);
                store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.Keys, keys, 0, 33);
                store.SaveFile(UsimIdentityKind.Preliminary, UsimFileId.KeysPs, keys, 0, 33);
            }

            double perAka = (double)flash.TotalProgrammedBytes / AkaRuns;
            output.WriteLine($"SQN + EF_KEYS + EF_KEYSPS: {perAka:F1} bytes per AKA, {flash.TotalErases} erases in {AkaRuns} AKA runs " +
                $"(SQN sectors {flash.GetEraseCount(FirstSector + 6)}/{flash.GetEraseCount(FirstSector + 7)}, " +
                $"file sectors {flash.GetEraseCount(FirstSector + 8)}/{flash.GetEraseCount(FirstSector + 9)})");
            Assert.True(perAka < 200, perAka.ToString());
        }
    }
}
