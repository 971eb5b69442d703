using System;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    public class RecordLogTests
    {
        private static RecordLog NewLog(SimulatedFlash flash, byte[] record)
        {
            return new RecordLog(flash, new RecordCodec(Keys()), 0, RecordType.ProvisioningState, 0, new byte[SectorSize], record);
        }

        private static void Write(RecordLog log, byte[] record, byte fill)
        {
            Array.Fill(record, fill, RecordCodec.HeaderSize, 100);
            log.WriteCheckpoint(100);
        }

        private static byte[] ReadState(RecordLog log)
        {
            Assert.True(log.StartReplay());
            Assert.True(log.TryReadNext(out RecordType type, out int offset, out int length));
            Assert.Equal(RecordType.ProvisioningState, type);
            byte[] body = log.ReplayBuffer[offset..(offset + length)];
            Assert.False(log.TryReadNext(out _, out _, out _));
            return body;
        }

        [Fact]
        public void TornWrite_Retry_UsesFreshSequenceAndNewAddress()
        {
            SimulatedFlash flash = NewFlash();
            var record = new byte[SectorSize];
            RecordLog log = NewLog(flash, record);
            log.Mount();
            Write(log, record, 1);
            flash.ArmCutAfterProgrammedBytes(40); // header and part of the body of sequence 2
            Assert.Throws<PowerCutException>(() => Write(log, record, 2));
            flash.Reboot();

            RecordLog after = NewLog(flash, record);
            after.Mount();
            Assert.Equal(2u, after.LastSequence); // the torn header's sequence counts as used
            Assert.Equal(RecordStatus.Truncated, after.FirstRejection);
            Assert.Equal(128, after.FirstRejectionAddress);
            byte[] old = new byte[100];
            Array.Fill(old, (byte)1);
            Assert.Equal(old, ReadState(after));
            Write(after, record, 3);

            // Third record: past the torn bytes (at the next multiple of 8 after the last programmed one), sequence 3.
            var sector = new byte[SectorSize];
            flash.Read(0, sector, 0, SectorSize);
            int address = Convert.ToHexString(sector).IndexOf("4B530108006400000003", StringComparison.Ordinal) / 2;
            Assert.InRange(address, 128 + 40, 128 + 48);
            Assert.Equal(0, address % RecordCodec.Alignment);
            RecordLog last = NewLog(flash, record);
            last.Mount();
            byte[] expected = new byte[100];
            Array.Fill(expected, (byte)3);
            Assert.Equal(expected, ReadState(last));
        }

        [Fact]
        public void Checkpoints_FillSector_SwitchSlots_ErasingOnlyTheOlderSlot()
        {
            SimulatedFlash flash = NewFlash();
            var record = new byte[SectorSize];
            RecordLog log = NewLog(flash, record);
            log.Mount();
            int perSector = SectorSize / RecordCodec.AlignedLength(RecordCodec.RecordLength(100));
            for (int i = 0; i < perSector; i++)
            {
                Write(log, record, (byte)i);
            }

            Assert.Equal(0, log.CurrentSlot);
            Write(log, record, 0xAA);
            Assert.Equal(1, log.CurrentSlot);
            Assert.Equal(0, flash.TotalErases); // slot 1 was blank
            for (int i = 0; i < perSector; i++)
            {
                Write(log, record, (byte)i);
            }

            Assert.Equal(0, log.CurrentSlot);
            Assert.Equal(1, flash.GetEraseCount(0));
            Assert.Equal(0, flash.GetEraseCount(1));
            RecordLog after = NewLog(flash, record);
            after.Mount();
            Assert.Equal((uint)((2 * perSector) + 1), after.LastSequence);
            Assert.Equal(0, after.RejectedCount);
        }
    }
}
