using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>
    /// Power loss anywhere in provisioning: for each scenario the uninterrupted run is measured, then the run is repeated
    /// with the simulated flash cut at every program/erase operation (the torn write included) and at seeded byte
    /// positions; the device reboots from what the flash holds (new key store, USIM, link and state machine; the servers
    /// keep running) and must end provisioned, with every persisted state of the scenario resumed at least once.
    /// </summary>
    public sealed class ProvisioningPowerCutTests
    {
        private readonly ITestOutputHelper output;

        public ProvisioningPowerCutTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public static TheoryData<string> Scenarios => new TheoryData<string>
        {
            "happy", "pending", "rollback", "notification-retry", "resumed-download", "rogue-and-tls",
        };

        [Theory]
        [MemberData(nameof(Scenarios))]
        public void PowerCut_AtEveryFlashOperation_ResumesAndEndsProvisioned(string scenario)
        {
            ProvisioningHarness reference = Prepared(scenario);
            reference.Boot();
            reference.Run();
            Assert.Equal(ProvisioningState.Provisioned, reference.Machine.State);
            int operations = reference.Flash.OperationCount;
            HashSet<string> states = reference.Log.Transitions().ToHashSet();

            var resumed = new HashSet<string>();
            for (int k = 0; k < operations; k++)
            {
                ProvisioningHarness h = Prepared(scenario);
                h.Flash.ArmCutAfterOperations(k);
                Assert.True(RunUntilCut(h), "cut at operation " + k);
                h.Reboot();
                resumed.Add(ProvisioningNames.Of(h.PersistedAtBoot[h.PersistedAtBoot.Count - 1]));
                h.Run();
                AssertProvisioned(h, scenario, "cut at operation " + k);
            }

            // Power lost after the last write: the next boot resumes from Provisioned.
            reference.Reboot();
            resumed.Add(ProvisioningNames.Of(reference.PersistedAtBoot[reference.PersistedAtBoot.Count - 1]));
            reference.Run();
            AssertProvisioned(reference, scenario, "reboot when provisioned");

            states.ExceptWith(resumed);
            Assert.True(states.Count == 0, "never resumed from: " + string.Join(", ", states));
            output.WriteLine($"{scenario}: {operations} cut points (one per flash operation), resumed from {resumed.Count} persisted states: {string.Join(", ", resumed.OrderBy(s => s))}");
        }

        [Theory]
        [MemberData(nameof(Scenarios))]
        public void PowerCut_AtSeededBytes_ResumesAndEndsProvisioned(string scenario)
        {
            ProvisioningHarness reference = Prepared(scenario);
            reference.Boot();
            reference.Run();
            int bytes = reference.Flash.TotalProgrammedBytes;

            Gen.Int[0, bytes - 1].Sample(cut =>
            {
                ProvisioningHarness h = Prepared(scenario);
                h.Flash.ArmCutAfterProgrammedBytes(cut);
                Assert.True(RunUntilCut(h), "cut after byte " + cut);
                h.Reboot();
                h.Run();
                AssertProvisioned(h, scenario, "cut after byte " + cut);
            }, iter: 40, seed: "0N0XIzNsQ0O2");
            output.WriteLine($"{scenario}: 40 seeded cut points over {bytes} programmed bytes");
        }

        [Fact]
        public void PowerCut_TwiceAtSeededOperations_StillEndsProvisioned()
        {
            ProvisioningHarness reference = Prepared("rollback");
            reference.Boot();
            reference.Run();
            int operations = reference.Flash.OperationCount;

            Gen.Select(Gen.Int[0, operations - 1], Gen.Int[0, 40]).Sample((first, second) =>
            {
                ProvisioningHarness h = Prepared("rollback");
                h.Flash.ArmCutAfterOperations(first);
                Assert.True(RunUntilCut(h));
                h.Flash.Reboot();
                h.Flash.ArmCutAfterOperations(second);
                try
                {
                    h.Boot();
                    h.Run();
                }
                catch (PowerCutException)
                {
                }

                h.Reboot();
                h.Run();
                AssertProvisioned(h, "rollback", $"cuts at {first} then {second}");
            }, iter: 60, seed: "0N0XIzNsQ0O2");
        }

        private static ProvisioningHarness Prepared(string scenario)
        {
            ProvisioningHarness h = ProvisioningHarness.Manufacture(seed: 7);
            switch (scenario)
            {
                case "pending":
                    h.Rs.PendingAnswers = 2;
                    break;
                case "rollback":
                    for (int i = 0; i < 3; i++)
                    {
                        h.OperationalScript.Enqueue(AttachResult.Rejected);
                    }

                    break;
                case "notification-retry":
                    h.Ho.DroppedAcks = 2;
                    break;
                case "resumed-download":
                    h.Ho.TruncateNext = 100;
                    break;
                case "rogue-and-tls":
                    h.Rs.RogueChallenges = 1;
                    h.FailPackageOnce = true;
                    break;
                default:
                    break;
            }

            h.OnBoot = CheckCredentialsAtBoot;
            h.Flash.ResetStatistics();
            return h;
        }

        private static void CheckCredentialsAtBoot(ProvisioningHarness h)
        {
            // ARCHITECTURE 4: a cut never leaves the device without credentials; the preliminary ones stay until the
            // new profile has attached, and the identity selected always has its profile.
            Assert.True(h.Store.HasPreliminary || (h.Store.HasActiveProfile && h.Store.IsPreliminaryRetired));
            Assert.True(h.Store.TryGetProfile(h.Store.ActiveIdentity, out _));
            if (h.FailPackageOnce)
            {
                h.FailPackageOnce = false;
                h.Transport.Fail("ua/v1/package", TransportResult.TlsFailed, 1);
            }
        }

        private static bool RunUntilCut(ProvisioningHarness h)
        {
            try
            {
                h.Boot();
                h.Run();
                return false;
            }
            catch (PowerCutException)
            {
                return true;
            }
        }

        private static void AssertProvisioned(ProvisioningHarness h, string scenario, string where)
        {
            Assert.True(ProvisioningState.Provisioned == h.Machine.State, where + ": ended " + h.Machine.Status.StateName + " / " + h.Machine.Status.LastErrorName);
            Assert.Equal(UsimIdentityKind.Operational, h.Store.ActiveIdentity);
            Assert.True(h.Store.IsPreliminaryRetired, where);
            Assert.False(h.Store.HasStagedProfile, where);
            Assert.Equal(0, h.Store.NotificationCount);
            Assert.Equal(TestHomeOperator.OperationalImsi, h.Usim.CurrentImsi);
            uint sequence = h.Store.LastCommittedProfileSequence;
            Assert.StartsWith("receipt " + sequence, h.Ho.Notifications[h.Ho.Notifications.Count - 1]);
            if (scenario != "rollback")
            {
                Assert.DoesNotContain(h.Ho.Notifications, n => n.StartsWith("failure", StringComparison.Ordinal));
            }

            Assert.DoesNotContain(h.Rs.AnsweredRands, r => h.Rs.RogueRands.Contains(r));
        }
    }
}
