using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Tests.Usim;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;
using Xunit.Abstractions;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Integration
{
    /// <summary>
    /// Flash wear of 1,000 AKA runs through the soft USIM's APDUs on the real key store, the network side
    /// played by AuthenticationVectorGenerator and AucSqnState; with and without the EF_KEYS / EF_KEYSPS
    /// updates a modem makes after each AKA (TS 31.102 4.2.3, 4.2.4). Reports bytes programmed per AKA
    /// and erases per sector, reboots every 100 runs and checks the store stays consistent.
    /// </summary>
    public class UsimFlashWearTests
    {
        private const int AkaRuns = 1000;
        private const int IndCount = 4;

        private readonly ITestOutputHelper output;

        public UsimFlashWearTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public void Aka1000ThroughApdus_SqnOnly_FewBytesPerAkaAndConsistentStore()
        {
            WearRun run = Run(withKeysFiles: false);

            // One 35-byte SQN entry per AKA plus a 413-byte checkpoint per sector switch.
            Assert.InRange(run.BytesPerAka, 35, 45);
            Assert.InRange(run.SqnErases, 8, 14);
            Assert.Equal(0, run.FileErases);
            Assert.InRange(Math.Abs(run.SqnSectorErases[0] - run.SqnSectorErases[1]), 0, 1);
        }

        [Fact]
        public void Aka1000ThroughApdus_WithModemKeysUpdates_BytesPerAkaReportedAndConsistentStore()
        {
            WearRun run = Run(withKeysFiles: true);

            // SQN entry + two 65-byte file entries per AKA, plus checkpoints of both areas.
            Assert.InRange(run.BytesPerAka, 165, 200);
            Assert.InRange(run.SqnErases, 8, 14);
            Assert.InRange(run.FileErases, 20, 60);
            Assert.InRange(Math.Abs(run.FileSectorErases[0] - run.FileSectorErases[1]), 0, 1);
        }

        private WearRun Run(bool withKeysFiles)
        {
            UsimProfile profile = UsimTestCard.Preliminary();
            IntegratedDevice device = IntegratedDevice.Manufacture(profile);
            var auc = new TestAuc(profile, 0, seed: 1000);
            device.BringUp();
            device.Flash.ResetStatistics();
            string lastKeys = null;
            var lastCommand = new string[IndCount];
            for (int i = 0; i < AkaRuns; i++)
            {
                // TS 33.102 C.1.2: a few serving nodes, each with its own IND.
                int ind = i % IndCount;
                AuthenticationVector vector = auc.Next(ind);
                string command = IntegratedDevice.AuthenticateCommand(vector.Rand, vector.Autn, vector.AutnLength);
                Assert.Equal(IntegratedDevice.ExpectedSuccess(vector), device.Send(command));
                lastCommand[ind] = command;
                if (withKeysFiles)
                {
                    // TS 31.102 4.2.3 / 4.2.4: KSI || CK || IK, written by the terminal after the AKA.
                    lastKeys = (i % 7).ToString("x2") + TestVectors.ToHex(vector.Ck.AsSpan(0, 16).ToArray()) + TestVectors.ToHex(vector.Ik.AsSpan(0, 16).ToArray());
                    Assert.Equal("9000", device.Send("00d6880021" + lastKeys));
                    Assert.Equal("9000", device.Send("00d6890021" + lastKeys));
                }

                if ((i + 1) % 100 == 0)
                {
                    // Reboot: the store re-reads its logs, the card reloads SQN_MS and the EFs.
                    device.Reboot();
                    Assert.Equal(0, device.Store.RejectedRecords);
                    device.BringUp();
                    Assert.StartsWith("dc0e", device.Send(command));
                    if (withKeysFiles)
                    {
                        Assert.Equal(lastKeys, device.ReadFile(UsimFileId.Keys, 33));
                        Assert.Equal(lastKeys, device.ReadFile(UsimFileId.KeysPs, 33));
                    }
                }
            }

            var run = new WearRun();
            run.BytesPerAka = (double)device.Flash.TotalProgrammedBytes / AkaRuns;
            RecordLog sqnLog = device.Store.GetLog(RecordType.SqnEntry);
            RecordLog fileLog = device.Store.GetLog(RecordType.FileEntry);
            run.SqnSectorErases = new[] { device.Flash.GetEraseCount(sqnLog.FirstSector), device.Flash.GetEraseCount(sqnLog.FirstSector + 1) };
            run.FileSectorErases = new[] { device.Flash.GetEraseCount(fileLog.FirstSector), device.Flash.GetEraseCount(fileLog.FirstSector + 1) };
            run.SqnErases = run.SqnSectorErases[0] + run.SqnSectorErases[1];
            run.FileErases = run.FileSectorErases[0] + run.FileSectorErases[1];
            Assert.Equal(device.Flash.TotalErases, run.SqnErases + run.FileErases);

            output.WriteLine($"{AkaRuns} AKA runs through APDUs, {(withKeysFiles ? "with" : "without")} EF_KEYS/EF_KEYSPS updates: " +
                $"{device.Flash.TotalProgrammedBytes} bytes programmed = {run.BytesPerAka:F1} bytes per AKA; {device.Flash.TotalErases} erases " +
                $"(SQN sectors {run.SqnSectorErases[0]}/{run.SqnSectorErases[1]}, file sectors {run.FileSectorErases[0]}/{run.FileSectorErases[1]})");
            for (int sector = 0; sector < device.Flash.SectorCount; sector++)
            {
                if (device.Flash.GetEraseCount(sector) > 0 || device.Flash.GetProgrammedBytes(sector) > 0)
                {
                    output.WriteLine($"  sector {sector} (store sector {sector - FirstSector}): {device.Flash.GetProgrammedBytes(sector)} bytes programmed, {device.Flash.GetEraseCount(sector)} erases");
                }
            }

            // Consistent after the last run: a fresh mount holds the last SQN of every IND, rejects nothing,
            // and each last AUTN is a replay.
            device.Reboot();
            Assert.Equal(0, device.Store.RejectedRecords);
            var sqn = new byte[KeyStoreLimits.SqnArrayLength];
            device.Store.LoadSqnSlots(UsimIdentityKind.Preliminary, sqn, 0);
            for (int ind = 0; ind < IndCount; ind++)
            {
                long seq = AkaRuns - IndCount + ind + 1;
                Assert.Equal(Sqn((seq << 5) | (long)ind), sqn.AsSpan(ind * 6, 6).ToArray());
            }

            device.BringUp();
            for (int ind = 0; ind < IndCount; ind++)
            {
                Assert.StartsWith("dc0e", device.Send(lastCommand[ind]));
            }

            return run;
        }

        private sealed class WearRun
        {
            public double BytesPerAka;
            public int SqnErases;
            public int FileErases;
            public int[] SqnSectorErases;
            public int[] FileSectorErases;
        }
    }
}
