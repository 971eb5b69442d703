using System;
using System.IO;
using M2MDevice.Aka;
using M2MDevice.Firmware.Esp32;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;
using Xunit;

namespace M2MDevice.NanoTestAdapter.Esp32
{
    /// <summary>
    /// The I:\ key store file adapter (firmware/Esp32/FileFlash.cs) on .NET's file system, whose FileStream
    /// API is the one nanoFramework.System.IO.FileSystem mirrors: NOR semantics at the IFlash surface and a
    /// DeviceKeyStore surviving a reopen.
    /// </summary>
    public sealed class FileFlashTests : IDisposable
    {
        private const int SectorSize = 4096;
        private const int SectorCount = 14;
        private readonly string directory = Path.Combine(Path.GetTempPath(), "m2m-fileflash-" + Guid.NewGuid().ToString("N"));
        private readonly string path;

        public FileFlashTests()
        {
            Directory.CreateDirectory(directory);
            path = Path.Combine(directory, "keystore.bin");
        }

        public void Dispose()
        {
            Directory.Delete(directory, true);
        }

        [Fact]
        public void Open_NewFile_CreatesErasedFileOfFullSize()
        {
            using FileFlash flash = Open();

            byte[] all = new byte[flash.Size];
            flash.Read(0, all, 0, all.Length);

            Assert.Equal(SectorSize * SectorCount, new FileInfo(path).Length);
            Assert.All(all, b => Assert.Equal(0xFF, b));
        }

        [Fact]
        public void Program_ClearingBits_StoresAndOfOldAndNew()
        {
            using FileFlash flash = Open();
            flash.Program(100, new byte[] { 0xF0, 0x0F }, 0, 2);

            flash.Program(100, new byte[] { 0x30, 0x03 }, 0, 2);

            byte[] read = new byte[2];
            flash.Read(100, read, 0, 2);
            Assert.Equal(new byte[] { 0x30, 0x03 }, read);
        }

        [Fact]
        public void Program_SettingABit_ThrowsAndWritesNothing()
        {
            using FileFlash flash = Open();
            flash.Program(4096, new byte[] { 0x00 }, 0, 1);

            // Byte 4096 would go 0x00 -> 0x01. The range spans a sector boundary and the check covers all
            // of it before anything is written, so 4094 and 4095 stay erased.
            Assert.Throws<InvalidOperationException>(() => flash.Program(4094, new byte[] { 0x00, 0x00, 0x01, 0x00 }, 0, 4));

            byte[] read = new byte[6];
            flash.Read(4092, read, 0, 6);
            Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0xFF }, read);
        }

        [Fact]
        public void EraseSector_ProgrammedSector_ReadsAllOnesAndLeavesNeighbours()
        {
            using FileFlash flash = Open();
            flash.Program(SectorSize - 1, new byte[] { 0x00, 0x00 }, 0, 2);

            flash.EraseSector(1);

            byte[] read = new byte[2];
            flash.Read(SectorSize - 1, read, 0, 2);
            Assert.Equal(new byte[] { 0x00, 0xFF }, read);
        }

        [Fact]
        public void Open_FileOfOtherSize_Throws()
        {
            File.WriteAllBytes(path, new byte[SectorSize]);
            using FileFlash flash = new FileFlash(path, SectorSize, SectorCount, 256);

            Assert.Throws<InvalidOperationException>(() => flash.Open());
            Assert.Equal(SectorSize, new FileInfo(path).Length);
        }

        [Fact]
        public void Read_BeyondEnd_Throws()
        {
            using FileFlash flash = Open();

            Assert.Throws<ArgumentOutOfRangeException>(() => flash.Read(flash.Size - 1, new byte[2], 0, 2));
        }

        [Fact]
        public void DeviceKeyStore_OnFileFlash_SurvivesReopen()
        {
            FixedKeyProvider keys = new FixedKeyProvider(Fill(16, 1), Fill(16, 2));
            byte[] image = ManufactureImage.Encode(SampleImage(), keys, Fill(8, 3));
            byte[] sqn = new byte[] { 0, 0, 0, 0, 0x04, 0x25 };
            using (FileFlash flash = Open())
            {
                DeviceKeyStore store = new DeviceKeyStore(flash, 0, keys);
                Assert.Equal(KeyStoreResult.NotInitialized, store.Mount());
                Assert.Equal(KeyStoreResult.Ok, store.LoadManufactureImage(image, 0, image.Length, out RecordStatus status));
                Assert.Equal(RecordStatus.Valid, status);
                store.SaveSqnSlot(UsimIdentityKind.Preliminary, 5, sqn, 0);
            }

            using (FileFlash flash = Open())
            {
                DeviceKeyStore store = new DeviceKeyStore(flash, 0, keys);
                Assert.Equal(KeyStoreResult.Ok, store.Mount());
                Assert.Equal("device-0001", store.DeviceId);
                byte[] slots = new byte[UsimSqnState.ArrayLength];
                store.LoadSqnSlots(UsimIdentityKind.Preliminary, slots, 0);
                Assert.Equal(sqn, slots[30..36]);
            }
        }

        private FileFlash Open()
        {
            FileFlash flash = new FileFlash(path, SectorSize, SectorCount, 256);
            flash.Open();
            return flash;
        }

        private static ManufactureImage SampleImage()
        {
            return new ManufactureImage
            {
                DeviceId = "device-0001",
                RsAddress = "https://rs.example:8443",
                RsTrustAnchor = Fill(600, 0x30),
                Preliminary = new UsimProfile
                {
                    EfImsi = Convert.FromHexString("082910101032547698"),
                    Algorithm = AkaAlgorithmKind.Milenage,
                    K = Fill(16, 9),
                    Opc = Fill(16, 10),
                    MncLength = 2,
                },
            };
        }

        private static byte[] Fill(int length, byte seed)
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)(seed + i);
            }

            return bytes;
        }
    }
}
