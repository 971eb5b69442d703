namespace M2MDevice.Protocol
{
    /// <summary>Why the device rolled back a new profile (FailureReport, tag 0x14).</summary>
    public enum FailureCause : byte
    {
        /// <summary>The network rejected the attach with the new IMSI (the reject cause travels in tag 0x15).</summary>
        AttachRejected = 1,

        /// <summary>Authentication with the new credentials failed (MAC failure on the USIM, or RES rejected).</summary>
        AuthenticationFailed = 2,

        /// <summary>No network accepted the new profile before the attach timer ran out.</summary>
        AttachTimeout = 3,

        /// <summary>The profile could not be stored in secure flash.</summary>
        StorageFailed = 4,

        /// <summary>The package verified but its body is unusable (BadValue, unsupported algorithm...).</summary>
        PackageInvalid = 5,
    }
}
