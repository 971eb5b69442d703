namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>Record types of the key store (docs/keystore-format.md). Numbers are never reused.</summary>
    public enum RecordType : byte
    {
        /// <summary>Device identity and RS bootstrap data from the manufacture image.</summary>
        DeviceInfo = 1,

        /// <summary>Preliminary credentials (a UsimProfile) or their retirement tombstone.</summary>
        Preliminary = 2,

        /// <summary>Operational profiles: identity selector, active profile, staged profile (one record, so commit is atomic).</summary>
        Profiles = 3,

        /// <summary>All 32 SQN_MS slots of both identities (written when the SQN log is compacted).</summary>
        SqnCheckpoint = 4,

        /// <summary>One SQN_MS slot of one identity (appended per AKA).</summary>
        SqnEntry = 5,

        /// <summary>All terminal-updated USIM files (written when the file log is compacted).</summary>
        FilesCheckpoint = 6,

        /// <summary>One terminal-updated USIM file.</summary>
        FileEntry = 7,

        /// <summary>Provisioning state machine number and its opaque blob.</summary>
        ProvisioningState = 8,

        /// <summary>The queue of pending notifications.</summary>
        Notifications = 9,
    }
}
