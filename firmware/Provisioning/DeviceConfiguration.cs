namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// Options of the provisioning state machine: APNs, server paths, timeouts, attempt limits and back-offs
    /// (docs/provisioning.md section 4). Times in milliseconds. Defaults suit a real network; tests shorten them.
    /// </summary>
    public sealed class DeviceConfiguration
    {
        /// <summary>APN of the PDP context with the preliminary identity (the visited operator's walled garden).</summary>
        public string Apn = "m2m.provisioning";

        /// <summary>APN with the operational identity; null = the same as <see cref="Apn"/>.</summary>
        public string OperationalApn;

        /// <summary>Path of the bootstrap endpoint below the RS address (docs/rs-api.md, Ub).</summary>
        public string RsBootstrapPath = "ub/v1/bootstrap";

        /// <summary>Path of the home-operator endpoint below the RS address (docs/rs-api.md, Ub).</summary>
        public string RsHomeOperatorPath = "ub/v1/home-operator";

        /// <summary>Path of the package endpoint below the HO address (PackageRequest, ARCHITECTURE 3.5).</summary>
        public string HoPackagePath = "ua/v1/package";

        /// <summary>Path of the notification endpoint below the HO address (InstallReceipt, FailureReport).</summary>
        public string HoNotificationPath = "ua/v1/notification";

        /// <summary>Longest wait for an attach to complete; a timeout counts as a failed attach.</summary>
        public int AttachTimeoutMs = 180000;

        /// <summary>Longest wait for a detach; after it the next attach is started anyway.</summary>
        public int DetachTimeoutMs = 30000;

        /// <summary>Longest wait for an HTTPS request (the transport has its own; this is the guard).</summary>
        public int RequestTimeoutMs = 120000;

        /// <summary>Attempts of one step (attach, bootstrap, query, download) before the whole cycle restarts.</summary>
        public int MaxStepAttempts = 4;

        /// <summary>First back-off between attempts of a step; doubles per attempt.</summary>
        public int RetryBaseMs = 5000;

        /// <summary>Cap of the step back-off.</summary>
        public int RetryMaxMs = 300000;

        /// <summary>Provisioning cycles (bootstrap to install) before suspending.</summary>
        public int MaxCycles = 3;

        /// <summary>Back-off before a new cycle.</summary>
        public int CycleDelayMs = 600000;

        /// <summary>How long to stay suspended before starting over (a reboot resumes the wait); 0 = until the next reboot, which starts over.</summary>
        public int SuspendMs = 86400000;

        /// <summary>Pending answers accepted before suspending (each waits RetryAfter).</summary>
        public int MaxPendingAnswers = 48;

        /// <summary>Lower bound of a Pending wait (RetryAfter is raised to it).</summary>
        public int MinPendingWaitMs = 1000;

        /// <summary>Upper bound of a Pending wait (RetryAfter is capped to it).</summary>
        public int MaxPendingWaitMs = 3600000;

        /// <summary>Synchronisation failures (AUTS) accepted in one bootstrap before it counts as failed.</summary>
        public int MaxResyncs = 2;

        /// <summary>Attaches with the new profile before rolling back.</summary>
        public int MaxOperationalAttachAttempts = 3;

        /// <summary>Wait between attaches with the new profile.</summary>
        public int OperationalRetryDelayMs = 10000;

        /// <summary>Resumed requests for one package (a body cut short) before starting it over.</summary>
        public int MaxPackageResumes = 3;

        /// <summary>First back-off between notification attempts; doubles per attempt (retried until acknowledged).</summary>
        public int NotificationRetryBaseMs = 5000;

        /// <summary>Cap of the notification back-off.</summary>
        public int NotificationRetryMaxMs = 900000;
    }
}
