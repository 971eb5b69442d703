using System;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    public class SimulatedFlashTests
    {
        [Fact]
        public void NewFlash_Read_AllErased()
        {
            var flash = new SimulatedFlash(4096, 4, 256, 1);
            var buffer = new byte[flash.Size];
            flash.Read(0, buffer, 0, buffer.Length);
            Assert.All(buffer, b => Assert.Equal(0xFF, b));
            Assert.Equal(16384, flash.Size);
            Assert.Equal(4096, flash.SectorSize);
            Assert.Equal(256, flash.PageSize);
        }

        [Fact]
        public void Program_ClearingBits_Allowed_SettingBits_Throws()
        {
            var flash = new SimulatedFlash(4096, 2, 256, 1);
            flash.Program(10, new byte[] { 0xF0 }, 0, 1);
            flash.Program(10, new byte[] { 0x30 }, 0, 1); // only clears more bits
            Assert.Throws<InvalidOperationException>(() => flash.Program(10, new byte[] { 0x0F }, 0, 1));
            var read = new byte[1];
            flash.Read(10, read, 0, 1);
            Assert.Equal(0x30, read[0]);
        }

        [Fact]
        public void EraseSector_SetsOnlyThatSectorToFf_CountsWear()
        {
            var flash = new SimulatedFlash(4096, 2, 256, 1);
            flash.Program(4095, new byte[] { 0, 0 }, 0, 2);
            flash.EraseSector(1);
            var read = new byte[2];
            flash.Read(4095, read, 0, 2);
            Assert.Equal(new byte[] { 0x00, 0xFF }, read);
            Assert.Equal(1, flash.GetProgrammedBytes(0));
            Assert.Equal(1, flash.GetProgrammedBytes(1));
            Assert.Equal(1, flash.GetEraseCount(1));
            Assert.Equal(0, flash.GetEraseCount(0));
            Assert.Equal(2, flash.TotalProgrammedBytes);
            Assert.Equal(1, flash.TotalErases);
        }

        [Fact]
        public void ArmCutAfterProgrammedBytes_CutsAtThatByte_RebootKeepsContents()
        {
            var flash = new SimulatedFlash(4096, 2, 256, 7);
            var data = new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
            flash.ArmCutAfterProgrammedBytes(3);
            Assert.Throws<PowerCutException>(() => flash.Program(100, data, 0, data.Length));
            Assert.True(flash.IsPoweredOff);
            Assert.Throws<PowerCutException>(() => flash.Read(0, new byte[1], 0, 1));
            flash.Reboot();
            var read = new byte[6];
            flash.Read(100, read, 0, 6);
            Assert.Equal(new byte[] { 0, 0, 0 }, read[..3]);
            Assert.Equal(0xFF, read[4]);
            Assert.Equal(0xFF, read[5]);

            // The torn byte holds only a subset of the cleared bits; the flash works again after reboot.
            flash.Program(104, data, 0, 2);
        }

        [Fact]
        public void ArmCutAfterOperations_InterruptedErase_LeavesMixedSector()
        {
            var flash = new SimulatedFlash(4096, 2, 256, 3);
            flash.Program(0, new byte[4096], 0, 4096);
            flash.ArmCutAfterOperations(1);
            flash.Program(4096, new byte[] { 0 }, 0, 1); // operation 1 succeeds
            Assert.Throws<PowerCutException>(() => flash.EraseSector(0));
            flash.Reboot();
            var read = new byte[4096];
            flash.Read(0, read, 0, read.Length);
            int erased = Array.FindAll(read, b => b == 0xFF).Length;
            Assert.InRange(erased, 1, 4095);
        }

        [Fact]
        public void CopyToLoadFrom_RoundTrip()
        {
            var flash = new SimulatedFlash(4096, 2, 256, 1);
            flash.Program(5, new byte[] { 1, 2, 3 }, 0, 3);
            var snapshot = new byte[flash.Size];
            flash.CopyTo(snapshot);
            flash.EraseSector(0);
            flash.LoadFrom(snapshot);
            var read = new byte[3];
            flash.Read(5, read, 0, 3);
            Assert.Equal(new byte[] { 1, 2, 3 }, read);
        }
    }
}
