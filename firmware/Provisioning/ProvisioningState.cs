namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// States of <see cref="ProvisioningStateMachine"/> (docs/provisioning.md section 2). The number is what the key
    /// store's provisioning record holds: never reuse or renumber a value.
    /// </summary>
    public enum ProvisioningState : byte
    {
        /// <summary>Not started (never persisted by a running machine).</summary>
        Idle = 0,

        /// <summary>Attaching with the preliminary identity (PIMSI) to a network on the allowed list.</summary>
        PreliminaryAttach = 1,

        /// <summary>GBA-style bootstrap with RS (BootstrapRequest/Challenge/Response/Result).</summary>
        Bootstrapping = 2,

        /// <summary>HomeOperatorRequest sent to RS, MAC'd under Ks_NAF(RS).</summary>
        HomeOperatorQuery = 3,

        /// <summary>RS answered Pending: waiting RetryAfter before asking again.</summary>
        PendingWait = 4,

        /// <summary>PackageRequest sent to the home operator, MAC'd under Ks_NAF(HO).</summary>
        Downloading = 5,

        /// <summary>A verified package is being staged and committed in the key store.</summary>
        Installing = 6,

        /// <summary>Detaching so the modem reads the new identity.</summary>
        OperationalDetach = 7,

        /// <summary>Attaching with the new operational IMSI.</summary>
        OperationalAttach = 8,

        /// <summary>The new profile failed: going back to the preliminary credentials.</summary>
        RollingBack = 9,

        /// <summary>Detaching after the rollback so the modem reads the preliminary identity again.</summary>
        PreliminaryDetach = 10,

        /// <summary>Sending the oldest pending notification (InstallReceipt or FailureReport).</summary>
        Notifying = 11,

        /// <summary>Backing off before the next notification attempt.</summary>
        NotificationWait = 12,

        /// <summary>Backing off before retrying a failed step.</summary>
        RetryWait = 13,

        /// <summary>Gave up for now (unknown device, limits reached); tries again after a long delay.</summary>
        Suspended = 14,

        /// <summary>Already provisioned: attaching with the operational identity.</summary>
        HomeAttach = 15,

        /// <summary>Provisioned: the operational profile is active and proven, nothing pending.</summary>
        Provisioned = 16,
    }
}
