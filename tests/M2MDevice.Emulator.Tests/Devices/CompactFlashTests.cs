using System;
using M2MDevice.Emulator.Devices;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;

namespace M2MDevice.Emulator.Tests.Devices
{
    /// <summary>
    /// <see cref="CompactFlash"/> behaves as <see cref="SimulatedFlash"/> (NOR: erase to 0xFF, program only clears bits,
    /// setting a bit refused) for any sequence of reads, programs and erases, while storing only what was programmed.
    /// </summary>
    public sealed class CompactFlashTests
    {
        private const int SectorSize = 4096;

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        public void RandomOperations_SameAsSimulatedFlash(int seed)
        {
            var random = new Random(seed);
            var reference = new SimulatedFlash(SectorSize, DeviceKeyStore.SectorCount, 256, seed);
            var compact = new CompactFlash(SectorSize, DeviceKeyStore.SectorCount, 256);
            for (int step = 0; step < 3000; step++)
            {
                int operation = random.Next(10);
                int address = random.Next(reference.Size);
                int count = Math.Min(random.Next(1, 600), reference.Size - address);
                if (operation == 0)
                {
                    int sector = random.Next(reference.SectorCount);
                    reference.EraseSector(sector);
                    compact.EraseSector(sector);
                }
                else if (operation < 6)
                {
                    // Mostly valid programs (clearing bits of what is stored), sometimes one that would set a bit.
                    byte[] data = new byte[count];
                    reference.Read(address, data, 0, count);
                    for (int i = 0; i < count; i++)
                    {
                        data[i] &= (byte)random.Next(256);
                    }

                    if (random.Next(8) == 0)
                    {
                        data[random.Next(count)] |= (byte)(1 << random.Next(8));
                    }

                    string expected = Outcome(() => reference.Program(address, data, 0, count));
                    Assert.Equal(expected, Outcome(() => compact.Program(address, data, 0, count)));
                }
                else
                {
                    byte[] fromReference = new byte[count + 2];
                    byte[] fromCompact = new byte[count + 2];
                    reference.Read(address, fromReference, 1, count);
                    compact.Read(address, fromCompact, 1, count);
                    Assert.Equal(fromReference, fromCompact);
                }
            }

            byte[] whole = new byte[reference.Size];
            byte[] wholeCompact = new byte[reference.Size];
            reference.CopyTo(whole);
            compact.Read(0, wholeCompact, 0, wholeCompact.Length);
            Assert.Equal(whole, wholeCompact);

            // An image copied out and loaded into a fresh flash reads back the same.
            var loaded = new CompactFlash(SectorSize, DeviceKeyStore.SectorCount, 256);
            loaded.LoadFrom(whole);
            byte[] copied = new byte[reference.Size];
            loaded.CopyTo(copied);
            Assert.Equal(whole, copied);
        }

        [Fact]
        public void Program_FewRecords_StoresOnlyTheProgrammedPrefix()
        {
            var flash = new CompactFlash(SectorSize, DeviceKeyStore.SectorCount, 256);
            Assert.Equal(0, flash.StoredBytes);

            flash.Program(SectorSize * 3, new byte[100], 0, 100);
            flash.Program(SectorSize * 3 + 100, new byte[50], 0, 50);

            Assert.InRange(flash.StoredBytes, 150, 256);
            flash.EraseSector(3);
            Assert.Equal(0, flash.StoredBytes);
        }

        [Theory]
        [InlineData(-1, 1)]
        [InlineData(0, SectorSize * DeviceKeyStore.SectorCount + 1)]
        [InlineData(SectorSize * DeviceKeyStore.SectorCount, 1)]
        public void Access_OutsideTheFlash_Refused(int address, int count)
        {
            var flash = new CompactFlash(SectorSize, DeviceKeyStore.SectorCount, 256);
            byte[] buffer = new byte[Math.Max(1, count)];

            Assert.Throws<ArgumentOutOfRangeException>(() => flash.Read(address, buffer, 0, count));
            Assert.Throws<ArgumentOutOfRangeException>(() => flash.Program(address, buffer, 0, count));
        }

        private static string Outcome(Action action)
        {
            try
            {
                action();
                return "ok";
            }
            catch (InvalidOperationException exception)
            {
                return exception.Message;
            }
        }
    }
}
