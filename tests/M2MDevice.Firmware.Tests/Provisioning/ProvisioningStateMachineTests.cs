using System;
using System.Collections.Generic;
using System.Linq;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>
    /// The provisioning state machine end to end against in-process RS and HO speaking the real protocol, over a real key
    /// store on simulated flash (docs/provisioning.md).
    /// </summary>
    public sealed class ProvisioningStateMachineTests
    {
        private static readonly string[] HappyStates =
        {
            "PreliminaryAttach", "Bootstrapping", "HomeOperatorQuery", "Downloading", "Installing", "OperationalDetach",
            "OperationalAttach", "Notifying", "Notifying", "Provisioned",
        };

        [Fact]
        public void HappyPath_EndToEnd_ProvisionedWithOperationalProfileRetiredPreliminaryAndAcknowledgedReceipt()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(HappyStates, h.Log.Transitions());
            Assert.Equal(UsimIdentityKind.Operational, h.Store.ActiveIdentity);
            Assert.True(h.Store.IsPreliminaryRetired);
            Assert.False(h.Store.HasPreliminary);
            Assert.False(h.Store.HasStagedProfile);
            Assert.Equal(1u, h.Store.LastCommittedProfileSequence);
            Assert.Equal(0, h.Store.NotificationCount);
            Assert.Equal(new[] { "receipt 1 00F120" }, h.Ho.Notifications);
            Assert.Equal(UsimIdentityKind.Operational, h.Usim.CurrentIdentity);
            Assert.Equal(TestHomeOperator.OperationalImsi, h.Usim.CurrentImsi);
            Assert.Equal(new[] { "attach " + ProvisioningHarness.Pimsi, "detach", "attach " + TestHomeOperator.OperationalImsi }, h.Network.Calls);
            Assert.Equal(1, h.Rs.Bootstraps);
            Assert.Equal(1, h.Ho.PackagesBuilt);
            Assert.Equal(new uint[] { 0 }, h.Ho.LastInstalledReported);

            // The installed profile is the package's content in EF encodings.
            Assert.True(h.Store.TryGetProfile(UsimIdentityKind.Operational, out UsimProfile profile));
            Assert.True(UsimEncoding.TryDecodeImsi(profile.EfImsi, 0, out string imsi));
            Assert.Equal(TestHomeOperator.OperationalImsi, imsi);
            Assert.True(UsimEncoding.TryDecodeIccid(profile.EfIccid, 0, out string iccid));
            Assert.Equal("8949020000000000777", iccid);
            Assert.Equal(TestHomeOperator.OperationalK, profile.K);
            Assert.Equal(TestHomeOperator.OperationalOpc, profile.Opc);
            Assert.Equal("00F1204000", Convert.ToHexString(profile.HplmnWithAct));
            Assert.Equal("4915100000777", profile.Msisdn);
            Assert.Equal("HomeOne", profile.ServiceProviderName);
            Assert.Equal(1u, profile.ProfileSequence);

            // Persisted: Provisioned, and Ks_NAF(HO) is gone from the record once nothing is left to send.
            Assert.Equal((uint)ProvisioningState.Provisioned, h.Store.ProvisioningStateNumber);
            var record = new ProvisioningRecord();
            byte[] blob = h.Store.GetProvisioningBlob();
            Assert.True(record.TryDecode(blob, 0, blob.Length));
            Assert.False(record.HasHomeOperator);
            Assert.Equal(ProvisioningError.None, h.Machine.Status.LastError);
            Assert.Equal("Provisioned", h.Machine.Status.StateName);
            Assert.Equal(1, h.Machine.Status.NotificationsAcknowledged);
        }

        [Fact]
        public void HappyPath_CallbacksFromInsideRequests_QueuedAndProvisions()
        {
            ProvisioningHarness h = ProvisioningHarness.Manufacture();
            h.OnBoot = x =>
            {
                x.Network.Synchronous = true;
                x.Transport.Synchronous = true;
            };
            h.Ho.TruncateNext = 100;
            h.Ho.DroppedAcks = 1;

            h.Boot();
            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(HappyStates.Length + 3, h.Log.Transitions().Count); // + resumed Downloading, NotificationWait, Notifying
            Assert.Equal(1, h.Ho.ResumedAnswers);
        }

        [Fact]
        public void HappyPath_PimsiAttach_UsesAllowedNetworksAndApn()
        {
            ProvisioningHarness h = ProvisioningHarness.Started(prepare: p => p.Config.Apn = "walled.garden");

            Assert.Equal(ProvisioningHarness.AllowedNetworksHex, Convert.ToHexString(h.Network.LastAllowedPlmns));
            Assert.Equal("walled.garden", h.Network.LastApn);
            h.Run();
            Assert.Null(h.Network.LastAllowedPlmns);
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
        }

        [Fact]
        public void Log_WholeRun_NamesStatesAndNeverHoldsSecrets()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Rs.RogueChallenges = 1;
            h.Ho.DroppedAcks = 1;
            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Contains("provisioning: Idle -> PreliminaryAttach on Start", h.Log.Lines);
            Assert.Contains(h.Log.Lines, l => l.Contains("error RsAuthenticationFailed", StringComparison.Ordinal));
            string all = string.Join("\n", h.Log.Lines).ToUpperInvariant();
            foreach (byte[] secret in new[] { ProvisioningHarness.PreliminaryK, ProvisioningHarness.PreliminaryOpc, TestHomeOperator.OperationalK, TestHomeOperator.OperationalOpc })
            {
                Assert.DoesNotContain(Convert.ToHexString(secret).Substring(0, 8), all, StringComparison.Ordinal);
            }

            // No run of hex digits long enough to be a key, RES or SQN.
            Assert.DoesNotMatch("[0-9A-F]{12}", all);
        }

        [Fact]
        public void AlreadyProvisioned_Boot_GoesStraightToHomeAttach()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Run();
            int challenges = h.Rs.ChallengesIssued;

            h.Reboot();

            Assert.Equal(ProvisioningState.HomeAttach, h.Machine.State);
            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(new[] { "attach " + TestHomeOperator.OperationalImsi }, h.Network.Calls);
            Assert.Empty(h.Transport.Urls);
            Assert.Equal(challenges, h.Rs.ChallengesIssued);
        }

        [Fact]
        public void Provisioned_LinkLost_AttachesAgain()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Run();

            h.Network.LoseLink();

            Assert.Equal(ProvisioningState.HomeAttach, h.Machine.State);
            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
        }

        [Fact]
        public void Pending_ThenAssociated_WaitsRetryAfterAndProvisions()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Rs.PendingAnswers = 2;
            h.Rs.PendingRetryAfter = 90;

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(3, h.Rs.HomeOperatorAnswers);
            Assert.Equal(1, h.Rs.Bootstraps);
            Assert.Equal(2, h.Log.Transitions().Count(s => s == "PendingWait"));
            Assert.True(h.ElapsedMs >= 180000, "waited RetryAfter twice");
            Assert.Equal(new[] { "receipt 1 00F120" }, h.Ho.Notifications);
        }

        [Fact]
        public void Pending_PersistedWait_ResumesAfterReboot()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Rs.PendingAnswers = 1;
            h.RunUntil(ProvisioningState.PendingWait);
            Assert.Equal(1, h.Machine.Status.PendingAnswers);

            h.Reboot();

            Assert.Equal(ProvisioningState.PendingWait, h.Machine.State);
            Assert.Equal(60000, h.Machine.TimerRemainingMs);
            Assert.Equal(1, h.Machine.Status.PendingAnswers);
            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(2, h.Rs.Bootstraps); // Ks lives in RAM only: a reboot bootstraps again
        }

        [Fact]
        public void Pending_BeyondLimit_Suspends()
        {
            ProvisioningHarness h = ProvisioningHarness.Started(prepare: p => p.Config.MaxPendingAnswers = 3);
            h.Rs.PendingAnswers = 1000;

            h.Run();

            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);
            Assert.Equal(ProvisioningError.PendingLimit, h.Machine.Status.LastError);
            Assert.Equal(4, h.Rs.HomeOperatorAnswers);
            Assert.Equal(UsimIdentityKind.Preliminary, h.Store.ActiveIdentity);
            Assert.Equal((uint)ProvisioningState.Suspended, h.Store.ProvisioningStateNumber);
        }

        [Fact]
        public void Suspended_AfterDelay_StartsOver()
        {
            ProvisioningHarness h = ProvisioningHarness.Started(prepare: p => p.Config.MaxPendingAnswers = 1);
            h.Rs.PendingAnswers = 2;
            h.Run();
            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);

            h.Run(x => x.Machine.State == ProvisioningState.Provisioned);

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.True(h.ElapsedMs >= h.Config.SuspendMs);
        }

        [Fact]
        public void Suspended_Reboot_ResumesTheWait()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Rs.Registered = false;
            h.Run();
            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);

            h.Reboot();

            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);
            Assert.Equal(h.Config.SuspendMs, h.Machine.TimerRemainingMs);
            Assert.Empty(h.Network.Calls);
            h.Rs.Registered = true;
            h.Run(x => x.Machine.State == ProvisioningState.Provisioned);
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
        }

        [Fact]
        public void Suspended_NoDelayConfigured_RebootStartsOver()
        {
            ProvisioningHarness h = ProvisioningHarness.Started(prepare: p => p.Config.SuspendMs = 0);
            h.Rs.Registered = false;
            h.Run();
            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);
            Assert.False(h.Machine.IsTimerArmed);

            h.Rs.Registered = true;
            h.Reboot();

            Assert.Equal(ProvisioningState.PreliminaryAttach, h.Machine.State);
            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
        }

        [Fact]
        public void RetryWait_Reboot_ResumesTheBackoff()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Transport.Fail("ua/v1/package", TransportResult.ConnectFailed, 2);
            h.RunUntil(ProvisioningState.RetryWait);
            h.Run(x => x.Machine.State == ProvisioningState.RetryWait && x.Machine.Status.StepAttempts == 2);

            h.Reboot();

            Assert.Equal(ProvisioningState.RetryWait, h.Machine.State);
            Assert.Equal(2 * h.Config.RetryBaseMs, h.Machine.TimerRemainingMs);
            Assert.Equal(2, h.Machine.Status.StepAttempts);
            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
        }

        [Fact]
        public void UnknownDevice_BootstrapRefused_SuspendsWithoutChallenge()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Rs.Registered = false;

            h.Run();

            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);
            Assert.Equal(ProvisioningError.UnknownDevice, h.Machine.Status.LastError);
            Assert.Equal(ErrorCause.UnknownIdentity, h.Machine.Status.LastErrorCause);
            Assert.Equal(0, h.Rs.ChallengesIssued);
            Assert.True(h.Store.HasPreliminary);
        }

        [Fact]
        public void UnknownDevice_HomeOperatorStatusUnknown_Suspends()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Rs.AnswerUnknown = true;

            h.Run();

            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);
            Assert.Equal(ProvisioningError.UnknownDevice, h.Machine.Status.LastError);
            Assert.Equal(0, h.Ho.PackagesBuilt);
        }

        [Fact]
        public void BootstrapSyncFailure_SendsAutsThenAnswersTheNewChallenge()
        {
            ProvisioningHarness h = ProvisioningHarness.Manufacture();
            h.Boot();

            // The USIM has seen SEQ 1001 with IND 0 (an RS restored from an old backup restarts at SEQ 0).
            h.Rs.Auc = new M2MDevice.Aka.AucSqnState(1000);
            var vector = h.Rs.NextVector(TestRegistrationService.BootstrapInd);
            Assert.Equal(M2MDevice.Aka.AkaResult.Success, h.Usim.Authenticate(vector.Rand, 0, vector.Autn, 0, vector.AutnLength, new M2MDevice.Aka.UsimAuthenticationOutput()));
            h.Rs.Auc = new M2MDevice.Aka.AucSqnState(0);

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(1, h.Rs.Resyncs);
            Assert.Equal(1, h.Machine.Status.Resyncs);
            Assert.Equal(1, h.Rs.Bootstraps);
            Assert.True(h.Rs.Auc.SeqHe > 1000);
        }

        [Fact]
        public void RogueChallenge_MacFailure_NoResSentAndAttemptRetried()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Rs.RogueChallenges = 1;

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Single(h.Rs.RogueRands);
            Assert.DoesNotContain(h.Rs.RogueRands[0], h.Rs.AnsweredRands);
            Assert.Equal(1, h.Machine.Status.RejectedChallenges);
            Assert.Equal(2, h.Rs.ChallengesIssued);
            Assert.Contains("RetryWait", h.Log.Transitions());
        }

        [Fact]
        public void RogueChallenge_Always_NeverAnswersAndSuspends()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Rs.RogueChallenges = int.MaxValue;

            h.Run();

            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);
            Assert.Equal(ProvisioningError.AttemptsExhausted, h.Machine.Status.LastError);
            Assert.Empty(h.Rs.AnsweredRands);
            Assert.Equal(h.Config.MaxCycles * h.Config.MaxStepAttempts, h.Rs.ChallengesIssued);
            Assert.Equal(h.Rs.ChallengesIssued, h.Machine.Status.RejectedChallenges);
        }

        [Fact]
        public void TamperedHomeOperatorAnswer_Rejected_ThenRetried()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Rs.TamperedAnswers = 1;

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Contains(h.Log.Lines, l => l.Contains("error AnswerRejected", StringComparison.Ordinal));
            Assert.Equal(2, h.Rs.HomeOperatorAnswers);
        }

        [Fact]
        public void TlsFailure_HomeOperator_RetriedWithBackoff()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Transport.Fail("ua/v1/package", TransportResult.TlsFailed, 2);

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(TransportResult.TlsFailed, h.Machine.Status.LastTransportResult);
            Assert.Equal(2, h.Log.Transitions().Count(s => s == "RetryWait"));
            Assert.True(h.ElapsedMs >= h.Config.RetryBaseMs * 3, "5 s then 10 s back-off");
            Assert.Equal(1, h.Ho.PackagesBuilt);
        }

        [Fact]
        public void HomeOperatorUnreachable_Persistently_CyclesThenSuspendsKeepingPreliminary()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Transport.Fail(h.Ho.Host, TransportResult.ConnectFailed, int.MaxValue);

            h.Run();

            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);
            Assert.Equal(ProvisioningError.AttemptsExhausted, h.Machine.Status.LastError);
            Assert.Equal(h.Config.MaxCycles, h.Machine.Status.Cycles);
            Assert.Equal(h.Config.MaxCycles, h.Rs.Bootstraps);
            Assert.Equal(UsimIdentityKind.Preliminary, h.Store.ActiveIdentity);
            Assert.False(h.Store.HasStagedProfile);
            Assert.True(h.Store.HasPreliminary);
        }

        [Fact]
        public void RequestTimeout_NoAnswer_TimerFiresAndRequestIsCancelledAndRetried()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Transport.Fail("home-operator", null, 1);

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Contains(h.Log.Lines, l => l.Contains("error Timeout in HomeOperatorQuery", StringComparison.Ordinal));
            Assert.Equal(1, h.Transport.Cancels);
        }

        [Fact]
        public void CorruptedPackage_MacFails_NothingStagedThenFreshPackageInstalled()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Ho.CorruptPackages = 1;

            h.Run(x => x.Machine.Status.RejectedPackages == 1);
            Assert.Equal(ProvisioningError.PackageRejected, h.Machine.Status.LastError);
            Assert.False(h.Store.HasStagedProfile);
            Assert.False(h.Store.HasActiveProfile);
            Assert.Equal(UsimIdentityKind.Preliminary, h.Store.ActiveIdentity);

            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(2, h.Ho.PackagesBuilt);
            Assert.Equal(1, h.Machine.Status.RejectedPackages);
        }

        [Fact]
        public void ReplayedPackage_UnderOldNonce_RefusedNothingStaged()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Transport.LoseAnswers("ua/v1/package", 1);
            h.Ho.ReplayFirstPackage = 1;

            h.Run(x => x.Machine.Status.RejectedPackages == 1);
            Assert.False(h.Store.HasStagedProfile);
            Assert.Equal(UsimIdentityKind.Preliminary, h.Store.ActiveIdentity);

            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(2, h.Ho.PackagesBuilt);
        }

        [Fact]
        public void OlderPackage_SequenceNotAboveLastInstalled_Refused()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Ho.Sequence = 3;
            h.Ho.AdvanceOnFailure = false;
            for (int i = 0; i < 3; i++)
            {
                h.Network.OperationalScript.Enqueue(AttachResult.Rejected);
            }

            // Sequence 3 installed, rolled back; the HO keeps serving 3, then older 2: both refused.
            h.Run(x => x.Ho.Notifications.Count == 1 && x.Machine.State == ProvisioningState.RetryWait);
            Assert.Equal(3u, h.Store.LastCommittedProfileSequence);
            Assert.Equal(UsimIdentityKind.Preliminary, h.Store.ActiveIdentity);
            h.Ho.Sequence = 2;
            h.Run(x => x.Machine.Status.RejectedPackages == 2);
            Assert.Equal(ProvisioningError.PackageNotNewer, h.Machine.Status.LastError);
            Assert.False(h.Store.HasStagedProfile);

            h.Ho.Sequence = 4;
            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(4u, h.Store.LastCommittedProfileSequence);
            Assert.Equal(new uint[] { 0, 3, 3, 3 }, h.Ho.LastInstalledReported.Take(4));
        }

        [Fact]
        public void OperationalAttach_FailsNTimes_RollsBackReportsAndProvisionsNextPackage()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            for (int i = 0; i < 3; i++)
            {
                h.Network.OperationalScript.Enqueue(AttachResult.Rejected);
            }

            h.Run(x => x.Machine.State == ProvisioningState.Notifying && x.Machine.Status.Rollbacks == 1);
            Assert.Equal(UsimIdentityKind.Preliminary, h.Store.ActiveIdentity);
            Assert.False(h.Store.HasActiveProfile);
            Assert.True(h.Store.HasPreliminary);
            Assert.Equal(UsimIdentityKind.Preliminary, h.Usim.CurrentIdentity);
            Assert.Equal(1, h.Store.NotificationCount);

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(new[] { "failure 1 AttachRejected #15", "receipt 2 00F120" }, h.Ho.Notifications);
            Assert.Equal(2u, h.Store.LastCommittedProfileSequence);
            Assert.True(h.Store.IsPreliminaryRetired);
            Assert.Equal(1, h.Machine.Status.Rollbacks);
            Assert.Equal(
                new[] { "attach " + ProvisioningHarness.Pimsi, "detach", "attach " + TestHomeOperator.OperationalImsi, "attach " + TestHomeOperator.OperationalImsi,
                    "attach " + TestHomeOperator.OperationalImsi, "detach", "attach " + ProvisioningHarness.Pimsi, "attach " + ProvisioningHarness.Pimsi, "detach",
                    "attach " + TestHomeOperator.OperationalImsi },
                h.Network.Calls);
        }

        [Fact]
        public void OperationalAttach_NoAnswer_TimesOutAndRollsBackWithAttachTimeout()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            for (int i = 0; i < 3; i++)
            {
                h.Network.OperationalScript.Enqueue(null);
            }

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal("failure 1 AttachTimeout", h.Ho.Notifications[0]);
            Assert.True(h.ElapsedMs >= 3L * h.Config.AttachTimeoutMs);
        }

        [Fact]
        public void OperationalAttach_AuthenticationFails_ReportsAuthenticationFailed()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            for (int i = 0; i < 3; i++)
            {
                h.Network.OperationalScript.Enqueue(AttachResult.AuthenticationFailed);
            }

            h.Run();

            Assert.Equal("failure 1 AuthenticationFailed", h.Ho.Notifications[0]);
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
        }

        [Fact]
        public void Notifications_AckLost_RetriedWithFreshNonceUntilAcknowledged()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Ho.DroppedAcks = 3;
            h.Transport.Fail("ua/v1/notification", TransportResult.ConnectFailed, 2);

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(4, h.Ho.Notifications.Count);
            Assert.All(h.Ho.Notifications, n => Assert.Equal("receipt 1 00F120", n));
            Assert.Equal(4, h.Ho.NotificationNonces.Distinct().Count());
            Assert.Equal(5, h.Log.Transitions().Count(s => s == "NotificationWait"));
            Assert.Equal(6, h.Machine.Status.NotificationsSent);
            Assert.Equal(0, h.Store.NotificationCount);

            // Back-off 5, 10, 20, 40, 80 s.
            Assert.True(h.ElapsedMs >= 155000);
        }

        [Fact]
        public void Notifications_PendingAtBoot_SentAfterHomeAttach()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Ho.DroppedAcks = 1;
            h.RunUntil(ProvisioningState.NotificationWait);
            Assert.Equal(1, h.Store.NotificationCount);

            h.Reboot();

            // The proven profile attaches first; the notification goes out as soon as the link is up.
            Assert.Equal(ProvisioningState.HomeAttach, h.Machine.State);
            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(0, h.Store.NotificationCount);
            Assert.Equal(2, h.Ho.Notifications.Count);
            Assert.Equal("attach " + TestHomeOperator.OperationalImsi, h.Network.Calls[0]);
        }

        [Fact]
        public void Download_AnswerCutShort_ResumedWithSameNonceAndOffset()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Ho.TruncateNext = 100;

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(1, h.Ho.PackagesBuilt);
            Assert.Equal(1, h.Ho.ResumedAnswers);
            Assert.Equal(new uint[] { 0, 100 }, h.Ho.RequestedResumeOffsets);
        }

        [Fact]
        public void Download_NoPackageYet_WaitsRetryAfter()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Ho.NoPackageAnswers = 2;

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(ErrorCause.NoPackage, h.Machine.Status.LastErrorCause);
            Assert.True(h.ElapsedMs >= 60000, "RetryAfter 30 s twice");
        }

        [Fact]
        public void Download_BTidExpiredAtHomeOperator_BootstrapsAgain()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.RunUntil(ProvisioningState.Downloading);
            h.Rs.ExpireSessions();

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(2, h.Rs.Bootstraps);
            Assert.Equal(ErrorCause.UnknownBTid, h.Machine.Status.LastErrorCause);
        }

        [Fact]
        public void Download_RebootWhileDownloading_ResumesWithPersistedHomeOperatorContext()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.RunUntil(ProvisioningState.Downloading);

            h.Reboot();
            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(1, h.Rs.Bootstraps); // Ks_NAF(HO) came back from the encrypted record: no new bootstrap
            Assert.Equal(new[] { "attach " + ProvisioningHarness.Pimsi, "detach", "attach " + TestHomeOperator.OperationalImsi }, h.Network.Calls);
        }

        [Fact]
        public void Download_LinkLost_ReattachesAndContinues()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.RunUntil(ProvisioningState.Downloading);

            h.Network.LoseLink();

            Assert.Equal(ProvisioningState.PreliminaryAttach, h.Machine.State);
            Assert.Equal(1, h.Transport.Cancels);
            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
        }

        [Fact]
        public void PimsiAttach_FailsThenSucceeds_RetriedWithBackoff()
        {
            ProvisioningHarness h = ProvisioningHarness.Manufacture();
            h.OnBoot = x =>
            {
                x.Network.PreliminaryScript.Enqueue(AttachResult.NoNetwork);
                x.Network.PreliminaryScript.Enqueue(AttachResult.Rejected);
            };
            h.Boot();

            h.Run();

            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            Assert.Equal(AttachResult.Attached, h.Machine.Status.LastAttachResult);
            Assert.Equal(3, h.Network.Calls.Count(c => c == "attach " + ProvisioningHarness.Pimsi));
        }

        [Fact]
        public void PackageInvalid_UnsupportedSqnProfile_ReportedNothingStaged()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.Ho.AdvanceOnFailure = false;
            h.Ho.BodyTweak = b => b.SqnIndLength = 4;

            h.Run();

            Assert.Equal(ProvisioningState.Suspended, h.Machine.State);
            Assert.Equal(h.Config.MaxCycles, h.Ho.Notifications.Count);
            Assert.All(h.Ho.Notifications, n => Assert.Equal("failure 1 PackageInvalid", n));
            Assert.False(h.Store.HasStagedProfile);
            Assert.False(h.Store.HasActiveProfile);
            Assert.Equal(0u, h.Store.LastCommittedProfileSequence);
            Assert.Equal(0, h.Store.NotificationCount);
        }

        [Fact]
        public void HomeOperatorData_LargestTrustAnchor_FitsTheRecordOrSuspendsClearly()
        {
            var record = new ProvisioningRecord
            {
                HasHomeOperator = true,
                BTid = new byte[BTid.MaxLength],
                HomeOperatorAddress = new byte[ProtocolLimits.MaxUrlLength],
                HomeOperatorId = new byte[ProtocolLimits.MaxNafIdLength],
                TrustAnchor = new byte[ProtocolLimits.MaxTrustAnchorLength],
            };
            bool fits = record.EncodedLength <= KeyStoreLimits.MaxProvisioningBlobLength;
            ProvisioningHarness h = ProvisioningHarness.Manufacture();
            h.Ho.TrustAnchor = ProvisioningHarness.Der(0x33, ProtocolLimits.MaxTrustAnchorLength);
            h.Boot();

            h.Run();

            if (fits)
            {
                Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
            }
            else
            {
                Assert.Equal(ProvisioningState.Suspended, h.Machine.State);
                Assert.Equal(ProvisioningError.HomeOperatorDataTooLarge, h.Machine.Status.LastError);
                Assert.Equal(0, h.Ho.PackagesBuilt);
            }
        }

        [Fact]
        public void CorruptRecord_Resume_StartsOverWithCorruptStateReported()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();
            h.RunUntil(ProvisioningState.HomeOperatorQuery);
            Assert.Equal(KeyStoreResult.Ok, h.Store.SaveProvisioningState((uint)ProvisioningState.Downloading, new byte[] { 9, 9, 9 }, 0, 3));

            h.Reboot();

            Assert.Equal(ProvisioningError.CorruptState, h.Machine.Status.LastError);
            Assert.Equal(ProvisioningState.PreliminaryAttach, h.Machine.State);
            h.Run();
            Assert.Equal(ProvisioningState.Provisioned, h.Machine.State);
        }

        [Fact]
        public void Start_Twice_Throws()
        {
            ProvisioningHarness h = ProvisioningHarness.Started();

            Assert.Throws<InvalidOperationException>(() => h.Machine.Start());
        }
    }
}
