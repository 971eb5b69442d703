using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Tests.Usim;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Integration
{
    /// <summary>
    /// Power cut at every programmed byte and every flash operation of the SQN write that an AUTHENTICATE
    /// triggers, with the real key store under the soft USIM. After each cut and reboot, the same AUTN is
    /// sent again: either it is a replay (the SQN update is durable) or it is accepted, and then the card
    /// must not have answered RES before the cut (TS 33.102 C.2.2, ARCHITECTURE.md section 6).
    /// </summary>
    public class AuthenticatePowerCutTests
    {
        private readonly ITestOutputHelper output;

        public AuthenticatePowerCutTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public enum SqnLogState
        {
            /// <summary>First AKA after manufacture: the SQN area is blank, a checkpoint goes to its first sector.</summary>
            FirstWrite,

            /// <summary>The SQN entry is appended to the current sector.</summary>
            Append,

            /// <summary>The current sector is full: erase the other one and write a checkpoint there.</summary>
            SlotSwitch,
        }

        [Theory]
        [InlineData(SqnLogState.FirstWrite)]
        [InlineData(SqnLogState.Append)]
        [InlineData(SqnLogState.SlotSwitch)]
        public void Authenticate_PowerCutAtEveryByteAndOperationOfTheSqnWrite_NeverAnswersResThenAcceptsReplay(SqnLogState state)
        {
            UsimProfile profile = UsimTestCard.Preliminary();
            IntegratedDevice device = IntegratedDevice.Manufacture(profile);
            var auc = new TestAuc(profile, 1000, seed: 21);
            if (state != SqnLogState.FirstWrite)
            {
                FillSqnLog(device.Store, auc, untilFull: state == SqnLogState.SlotSwitch);
            }

            device.Reboot();
            device.BringUp();
            byte[] before = device.Snapshot();
            AuthenticationVector vector = auc.Next(9);
            string command = IntegratedDevice.AuthenticateCommand(vector.Rand, vector.Autn, vector.AutnLength);
            string success = IntegratedDevice.ExpectedSuccess(vector);

            // The uninterrupted run: its flash traffic is what the cuts walk through.
            device.Flash.ResetStatistics();
            Assert.Equal(success, device.Send(command));
            int bytes = device.Flash.TotalProgrammedBytes;
            int operations = device.Flash.OperationCount;
            int erases = device.Flash.TotalErases;
            Assert.Equal(state == SqnLogState.SlotSwitch ? 1 : 0, erases);
            Assert.Equal(state == SqnLogState.Append ? RecordCodec.RecordLength(KeyStoreLimits.SqnEntryBodyLength) : RecordCodec.RecordLength(KeyStoreLimits.SqnCheckpointBodyLength), bytes);

            var counts = new CutCounts();
            for (int n = 0; n <= bytes; n++)
            {
                // n == bytes: the write completes, the card answers, power is lost right after the R-APDU.
                CutAndCheck(device, before, command, success, counts, () => device.Flash.ArmCutAfterProgrammedBytes(n));
                counts.ByteCuts++;
            }

            for (int n = 0; n < operations; n++)
            {
                CutAndCheck(device, before, command, success, counts, () => device.Flash.ArmCutAfterOperations(n));
                counts.OperationCuts++;
            }

            output.WriteLine($"AUTHENTICATE power cut ({state}): SQN write = {bytes} bytes programmed in {operations} operations ({erases} erase); " +
                $"{counts.ByteCuts + counts.OperationCuts} cut points ({counts.ByteCuts} after each programmed byte incl. after the answer, {counts.OperationCuts} per operation): " +
                $"{counts.Durable} SQN durable (replay = sync failure), {counts.NotDurable} not durable and never answered, " +
                $"{counts.AnsweredAndDurable} answered RES (all durable)");
            Assert.Equal(counts.ByteCuts + counts.OperationCuts, counts.Durable + counts.NotDurable);
            Assert.True(counts.NotDurable > 0 && counts.Durable > 0);
        }

        // Saves SQN_MS of other IND slots as earlier AKA runs would: one save (the area gets its first
        // checkpoint), or until the current sector has no room for one more entry, going through one slot
        // switch first so that the next switch has a used sector to erase.
        private static void FillSqnLog(DeviceKeyStore store, TestAuc auc, bool untilFull)
        {
            RecordLog log = store.GetLog(RecordType.SqnEntry);
            int entry = RecordCodec.RecordLength(KeyStoreLimits.SqnEntryBodyLength);
            int startSlot = -1;
            bool switched = false;
            var sqn = new byte[6];
            for (int i = 0; i == 0 || (untilFull && (!switched || log.FreeBytes >= entry)); i++)
            {
                // Slots 0..7 hold SQNs below the AuC's SEQ_HE, as earlier AKA runs left them.
                long value = ((long)(1 + (i / 8)) << 5) | (long)(i % 8);
                for (int b = 5; b >= 0; b--)
                {
                    sqn[b] = (byte)(value >> (8 * (5 - b)));
                }

                store.SaveSqnSlot(UsimIdentityKind.Preliminary, i % 8, sqn, 0);
                startSlot = i == 0 ? log.CurrentSlot : startSlot;
                switched |= log.CurrentSlot != startSlot;
                Assert.True(i < 1000);
            }

            Assert.True(auc.SeqHe > 1 + (1000 / 8), "the AuC is ahead of every filled slot");
        }

        private static void CutAndCheck(IntegratedDevice device, byte[] before, string command, string success, CutCounts counts, Action arm)
        {
            device.RestoreAndReboot(before);
            device.BringUp();
            arm();
            string answer = null;
            try
            {
                answer = device.Send(command);
            }
            catch (PowerCutException)
            {
                // The card lost power inside Process: nothing was answered.
            }

            Assert.True(answer == null || answer == success, answer);

            // Power returns (the armed cut, if it did not fire, is dropped: the device was off).
            device.Reboot();
            Assert.Equal(0, device.Store.BodyErrors);
            Assert.Equal("001010123456789", device.BringUp());
            string replay = device.Send(command);
            if (replay.StartsWith("dc0e", StringComparison.Ordinal))
            {
                counts.Durable++;
                if (answer != null)
                {
                    counts.AnsweredAndDurable++;
                }

                return;
            }

            // Not durable: acceptable only because the card never sent RES for it.
            Assert.Null(answer);
            Assert.Equal(success, replay);
            counts.NotDurable++;

            // The repeated AUTHENTICATE is durable now.
            device.Reboot();
            device.BringUp();
            Assert.StartsWith("dc0e", device.Send(command));
        }

        private sealed class CutCounts
        {
            public int ByteCuts;
            public int OperationCuts;
            public int Durable;
            public int NotDurable;
            public int AnsweredAndDurable;
        }
    }
}
