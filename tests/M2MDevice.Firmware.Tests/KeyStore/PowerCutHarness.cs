using System;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    /// <summary>One step of a scenario: a key-store update the harness cuts at every byte and every operation.</summary>
    internal delegate void StoreStep(DeviceKeyStore store);

    /// <summary>Cut points tried and what they found.</summary>
    internal sealed class CutReport
    {
        public int ByteCuts;
        public int OperationCuts;
        public int EndedOld;
        public int EndedNew;
        public int BytesProgrammed;
        public int Erases;

        public int Total => ByteCuts + OperationCuts;

        public override string ToString() =>
            $"{Total} cut points ({ByteCuts} after each programmed byte, {OperationCuts} after each program/erase operation; " +
            $"{EndedOld} recovered the old state, {EndedNew} the new) over {BytesProgrammed} bytes programmed and {Erases} erases";
    }

    /// <summary>
    /// Exhaustive power-cut injection: runs a scenario once to learn its states and its flash traffic,
    /// then for every step replays from the state before it with power cut after each programmed byte
    /// and after each operation, reboots, and checks the store holds exactly the state before or after
    /// that step; then retries the step and checks it completes.
    /// </summary>
    internal static class PowerCutHarness
    {
        public static CutReport Run(StoreStep setup, StoreStep[] steps, bool preliminaryUntilLastStep)
        {
            SimulatedFlash flash = NewFlash(seed: 11);
            DeviceKeyStore store = Open(flash);
            setup(store);

            var snapshots = new byte[steps.Length + 1][];
            var digests = new string[steps.Length + 1];
            var bytes = new int[steps.Length];
            var operations = new int[steps.Length];
            snapshots[0] = Snapshot(flash);
            digests[0] = Digest(Open(flash));
            var report = new CutReport();
            for (int k = 0; k < steps.Length; k++)
            {
                store = Open(flash);
                flash.ResetStatistics();
                steps[k](store);
                bytes[k] = flash.TotalProgrammedBytes;
                operations[k] = flash.OperationCount;
                report.BytesProgrammed += bytes[k];
                report.Erases += flash.TotalErases;
                snapshots[k + 1] = Snapshot(flash);
                digests[k + 1] = Digest(store);
                Assert.Equal(digests[k + 1], Digest(Open(flash)));
            }

            for (int k = 0; k < steps.Length; k++)
            {
                for (int n = 0; n < bytes[k]; n++)
                {
                    CutAndCheck(flash, snapshots[k], steps[k], digests[k], digests[k + 1], report, preliminaryUntilLastStep && k < steps.Length - 1, () => flash.ArmCutAfterProgrammedBytes(n));
                    report.ByteCuts++;
                }

                for (int n = 0; n < operations[k]; n++)
                {
                    CutAndCheck(flash, snapshots[k], steps[k], digests[k], digests[k + 1], report, preliminaryUntilLastStep && k < steps.Length - 1, () => flash.ArmCutAfterOperations(n));
                    report.OperationCuts++;
                }
            }

            return report;
        }

        private static void CutAndCheck(
            SimulatedFlash flash, byte[] before, StoreStep step, string oldDigest, string newDigest, CutReport report, bool preliminaryRequired, Action arm)
        {
            flash.Reboot();
            flash.LoadFrom(before);
            DeviceKeyStore store = Open(flash);
            arm();
            Assert.Throws<PowerCutException>(() => step(store));
            flash.Reboot();

            DeviceKeyStore recovered = Open(flash);
            string digest = Digest(recovered);
            bool isOld = digest == oldDigest;
            bool isNew = digest == newDigest;
            Assert.True(isOld || isNew, "power cut left neither the old nor the new state:\n" + digest + "\nold:\n" + oldDigest + "\nnew:\n" + newDigest);
            Assert.Equal(0, recovered.BodyErrors);
            if (preliminaryRequired)
            {
                Assert.True(recovered.TryGetProfile(UsimIdentityKind.Preliminary, out UsimProfile preliminary));
                Assert.Equal(ProfileText(Image().Preliminary), ProfileText(preliminary));
            }

            if (isOld && oldDigest != newDigest)
            {
                report.EndedOld++;

                // The interrupted update can be repeated on the recovered store and completes.
                step(recovered);
                Assert.Equal(newDigest, Digest(recovered));
                Assert.Equal(newDigest, Digest(Open(flash)));
            }
            else
            {
                report.EndedNew++;
            }
        }

        private static byte[] Snapshot(SimulatedFlash flash)
        {
            var raw = new byte[flash.Size];
            flash.CopyTo(raw);
            return raw;
        }
    }
}
