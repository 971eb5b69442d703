using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// Read-only view of the provisioning progress for displays (the emulator's progress view, a board LED): state,
    /// last error and counters. Holds no secret. Updated in place by <see cref="ProvisioningStateMachine"/>.
    /// </summary>
    public sealed class ProvisioningStatus
    {
        /// <summary>The current state.</summary>
        public ProvisioningState State { get; internal set; }

        /// <summary>The current state's name.</summary>
        public string StateName
        {
            get { return ProvisioningNames.Of(State); }
        }

        /// <summary>Why the last failed step failed (None until something failed).</summary>
        public ProvisioningError LastError { get; internal set; }

        /// <summary>The last error's name.</summary>
        public string LastErrorName
        {
            get { return ProvisioningNames.Of(LastError); }
        }

        /// <summary>Result of the last failed HTTPS request.</summary>
        public TransportResult LastTransportResult { get; internal set; }

        /// <summary>HTTP status of the last response (0 before any).</summary>
        public int LastHttpStatus { get; internal set; }

        /// <summary>Cause of the last ErrorAnswer (0 before any).</summary>
        public ErrorCause LastErrorCause { get; internal set; }

        /// <summary>Result of the last attach.</summary>
        public AttachResult LastAttachResult { get; internal set; }

        /// <summary>Last NAS reject cause reported by an attach (0 when none).</summary>
        public int LastRejectCause { get; internal set; }

        /// <summary>Transitions since start.</summary>
        public int Transitions { get; internal set; }

        /// <summary>Starts from a persisted state other than Idle (reboots that resumed).</summary>
        public int Resumes { get; internal set; }

        /// <summary>Bootstrap runs completed (B-TID received).</summary>
        public int Bootstraps { get; internal set; }

        /// <summary>AUTS sent after synchronisation failures.</summary>
        public int Resyncs { get; internal set; }

        /// <summary>Bootstrap challenges refused for a MAC failure (no RES sent).</summary>
        public int RejectedChallenges { get; internal set; }

        /// <summary>Pending answers in the current cycle (persisted).</summary>
        public int PendingAnswers { get; internal set; }

        /// <summary>Failed attempts of the current step (persisted).</summary>
        public int StepAttempts { get; internal set; }

        /// <summary>Provisioning cycles restarted (persisted).</summary>
        public int Cycles { get; internal set; }

        /// <summary>Packages requested (including resumed requests).</summary>
        public int PackageRequests { get; internal set; }

        /// <summary>Packages refused (MAC, nonce, structure or sequence).</summary>
        public int RejectedPackages { get; internal set; }

        /// <summary>Failed attaches with the new profile (persisted).</summary>
        public int OperationalAttachFailures { get; internal set; }

        /// <summary>Rollbacks to the preliminary credentials since start.</summary>
        public int Rollbacks { get; internal set; }

        /// <summary>Notifications sent (attempts, including retries).</summary>
        public int NotificationsSent { get; internal set; }

        /// <summary>Notifications acknowledged and removed from the queue.</summary>
        public int NotificationsAcknowledged { get; internal set; }

        /// <summary>Sequence number of the profile installed or being installed (0 when none).</summary>
        public uint ProfileSequence { get; internal set; }
    }
}
