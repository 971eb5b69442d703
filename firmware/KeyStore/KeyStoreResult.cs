namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>Outcome of a key-store operation that can be refused for a reason the caller handles.</summary>
    public enum KeyStoreResult : byte
    {
        /// <summary>Done and durable.</summary>
        Ok = 0,

        /// <summary>The store holds no device data yet: load the manufacture image first.</summary>
        NotInitialized = 1,

        /// <summary>The manufacture image was already loaded; it is never loaded twice.</summary>
        AlreadyInitialized = 2,

        /// <summary>The manufacture image failed to decode (see the status out parameter).</summary>
        BadImage = 3,

        /// <summary>Commit without a staged profile.</summary>
        NothingStaged = 4,

        /// <summary>The profile's sequence number is not above the active profile's (TR 33.812 replay rule).</summary>
        NotNewer = 5,

        /// <summary>Rollback without preliminary credentials (they were retired or never loaded).</summary>
        NoPreliminary = 6,

        /// <summary>Retirement before an operational profile is committed and selected.</summary>
        NotOperational = 7,

        /// <summary>The preliminary credentials are already retired.</summary>
        AlreadyRetired = 8,

        /// <summary>The notification queue is full.</summary>
        QueueFull = 9,

        /// <summary>The data exceeds a limit of <see cref="KeyStoreLimits"/>.</summary>
        TooLarge = 10,
    }
}
