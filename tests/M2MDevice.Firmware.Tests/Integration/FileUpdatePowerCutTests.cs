using System;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Tests.Usim;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;
using Xunit.Abstractions;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Integration
{
    /// <summary>
    /// Power cut at every programmed byte and every flash operation of UPDATE BINARY on EF_LOCI (whole
    /// file) and EF_FPLMN (6 bytes inside a 255-byte file), on the real key store under the soft USIM:
    /// after reboot the EF reads exactly its old or its new content, never a mix; an update the card
    /// answered '9000' always reads new, an unanswered one may read either.
    /// </summary>
    public class FileUpdatePowerCutTests
    {
        private const string OldLoci = "1122334400f1100001ff00";
        private const string NewLoci = "5566778800f1100002ff00";

        private readonly ITestOutputHelper output;

        public FileUpdatePowerCutTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Theory]
        [InlineData(UsimFileId.Loci, false)]
        [InlineData(UsimFileId.Loci, true)]
        [InlineData(UsimFileId.Fplmn, false)]
        [InlineData(UsimFileId.Fplmn, true)]
        public void UpdateBinary_PowerCutAtEveryByteAndOperation_RebootReadsOldOrNewContent(ushort fileId, bool slotSwitch)
        {
            UsimProfile profile = UsimTestCard.Preliminary();
            profile.Fplmn = FplmnList(85, 0);
            IntegratedDevice device = IntegratedDevice.Manufacture(profile);
            device.BringUp();

            // The terminal has updated the EF before (the old content is a stored one, not the profile default).
            bool isLoci = fileId == UsimFileId.Loci;
            int size = isLoci ? 11 : 255;
            string oldContent = isLoci ? OldLoci : TestVectors.ToHex(FplmnList(85, 1));
            string update = isLoci ? "00d600000b" + NewLoci : "00d6000306" + "62f2206f7f33";
            string newContent = isLoci ? NewLoci : oldContent[..6] + "62f2206f7f33" + oldContent[18..];
            string writeOld = "00d60000" + size.ToString("x2") + oldContent;
            Assert.Equal("9000", device.Send("00a4000c02" + fileId.ToString("x4")));
            if (slotSwitch)
            {
                FillFileLog(device, size, writeOld);
            }
            else
            {
                // The first update of the area writes its first checkpoint; the one under test appends.
                Assert.Equal("9000", device.Send(writeOld));
            }

            device.Reboot();
            device.BringUp();
            Assert.Equal(oldContent, device.ReadFile(fileId, size));
            byte[] before = device.Snapshot();

            device.Flash.ResetStatistics();
            Assert.Equal("9000", device.Send("00a4000c02" + fileId.ToString("x4")));
            Assert.Equal("9000", device.Send(update));
            int bytes = device.Flash.TotalProgrammedBytes;
            int operations = device.Flash.OperationCount;
            int erases = device.Flash.TotalErases;
            Assert.Equal(slotSwitch ? 1 : 0, erases);
            Assert.Equal(newContent, device.ReadFile(fileId, size));

            int byteCuts = 0;
            int operationCuts = 0;
            int endedOld = 0;
            int endedNew = 0;
            for (int n = 0; n <= bytes + operations; n++)
            {
                bool byByte = n <= bytes;
                int count = byByte ? n : n - bytes - 1;
                device.RestoreAndReboot(before);
                device.BringUp();
                Assert.Equal("9000", device.Send("00a4000c02" + fileId.ToString("x4")));
                if (byByte)
                {
                    device.Flash.ArmCutAfterProgrammedBytes(count);
                    byteCuts++;
                }
                else
                {
                    device.Flash.ArmCutAfterOperations(count);
                    operationCuts++;
                }

                string answer = null;
                try
                {
                    answer = device.Send(update);
                }
                catch (PowerCutException)
                {
                    // Power lost inside Process: no status word went out.
                }

                device.Reboot();
                Assert.Equal(0, device.Store.BodyErrors);
                device.BringUp();
                string content = device.ReadFile(fileId, size);
                if (content == newContent)
                {
                    endedNew++;
                }
                else
                {
                    Assert.Equal(oldContent, content);
                    Assert.Null(answer);
                    endedOld++;
                }

                if (answer != null)
                {
                    Assert.Equal("9000", answer);
                    Assert.Equal(newContent, content);
                }
            }

            string name = isLoci ? "EF_LOCI" : "EF_FPLMN";
            output.WriteLine($"UPDATE BINARY {name} ({(slotSwitch ? "slot switch" : "append")}): {bytes} bytes programmed in {operations} operations ({erases} erase); " +
                $"{byteCuts + operationCuts} cut points ({byteCuts} per programmed byte incl. after the answer, {operationCuts} per operation): " +
                $"{endedOld} old content, {endedNew} new content");
            Assert.True(endedOld > 0 && endedNew > 0);
        }

        // FPLMN list of count PLMNs (TS 31.102 4.2.16, 3 bytes each): MCC 262, MNC 00..count-1 (+ offset).
        private static byte[] FplmnList(int count, int offset)
        {
            var list = new byte[count * 3];
            for (int i = 0; i < count; i++)
            {
                int mnc = (i + offset) % 100;
                UsimEncoding.EncodePlmn("262", mnc.ToString("d2"), list, i * 3);
            }

            return list;
        }

        // Updates the selected EF (size bytes) with changing content, through one slot switch, until the
        // update that leaves the current sector without room for one more: that last one writes the old
        // content (writeOld), so the update under test switches slots (erase + checkpoint).
        private static void FillFileLog(IntegratedDevice device, int size, string writeOld)
        {
            RecordLog log = device.Store.GetLog(RecordType.FileEntry);
            int entry = RecordCodec.RecordLength(5 + size);
            int aligned = RecordCodec.AlignedLength(entry);
            int startSlot = -1;
            bool switched = false;
            for (int i = 0; ; i++)
            {
                bool last = switched && log.FreeBytes >= entry && log.FreeBytes - aligned < entry;
                string content = TestVectors.ToHex(Fill(size, (byte)(i + 3)));
                Assert.Equal("9000", device.Send(last ? writeOld : "00d60000" + size.ToString("x2") + content));
                startSlot = i == 0 ? log.CurrentSlot : startSlot;
                switched |= log.CurrentSlot != startSlot;
                Assert.True(i < 1000);
                if (last)
                {
                    Assert.True(log.FreeBytes < entry);
                    return;
                }
            }
        }
    }
}
