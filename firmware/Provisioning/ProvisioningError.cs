namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>Why the last step failed (status and log; docs/provisioning.md section 5). Never reuse a number.</summary>
    public enum ProvisioningError : byte
    {
        /// <summary>No error so far.</summary>
        None = 0,

        /// <summary>An attach ended without registration (see the status' last attach result and reject cause).</summary>
        AttachFailed = 1,

        /// <summary>The link dropped during a step.</summary>
        LinkLost = 2,

        /// <summary>The HTTPS request failed below HTTP (see the status' last transport result).</summary>
        TransportFailed = 3,

        /// <summary>A request, attach or detach did not complete in time.</summary>
        Timeout = 4,

        /// <summary>The server answered with an HTTP status and a body that is not a protocol message.</summary>
        HttpStatus = 5,

        /// <summary>The answer did not decode, or was not the message this step expects.</summary>
        MalformedAnswer = 6,

        /// <summary>The server answered ErrorAnswer (see the status' last error cause).</summary>
        ServerError = 7,

        /// <summary>RS does not know this device (ErrorAnswer UnknownIdentity or HomeOperatorStatus Unknown).</summary>
        UnknownDevice = 8,

        /// <summary>The bootstrap challenge failed MAC-A on the USIM: not RS (rogue); no RES was sent.</summary>
        RsAuthenticationFailed = 9,

        /// <summary>The USIM reported a synchronisation failure; AUTS was sent (counted, not fatal).</summary>
        SyncFailure = 10,

        /// <summary>A MAC'd answer failed its MAC or nonce check (replay or tampering).</summary>
        AnswerRejected = 11,

        /// <summary>RS kept answering Pending beyond the configured limit.</summary>
        PendingLimit = 12,

        /// <summary>The package failed its MAC, nonce or structure check: nothing was staged.</summary>
        PackageRejected = 13,

        /// <summary>The package's profile sequence is not above the last installed one: refused.</summary>
        PackageNotNewer = 14,

        /// <summary>The package verified but its content is unusable here (FailureReport PackageInvalid).</summary>
        PackageInvalid = 15,

        /// <summary>The key store refused to store something (FailureReport StorageFailed).</summary>
        StorageFailed = 16,

        /// <summary>The new profile did not attach within the attempt limit: rolled back.</summary>
        OperationalAttachFailed = 17,

        /// <summary>The home operator data does not fit the provisioning record.</summary>
        HomeOperatorDataTooLarge = 18,

        /// <summary>The persisted provisioning record did not decode; provisioning restarted.</summary>
        CorruptState = 19,

        /// <summary>Retries and cycles are used up: suspended.</summary>
        AttemptsExhausted = 20,

        /// <summary>The bootstrap AKA gave CK/IK other than 128 bits each (Ks must be 256 bits, TS 33.220 4.5.2).</summary>
        UnsupportedAlgorithm = 21,

        /// <summary>A notification is pending but no home operator context is held to send it.</summary>
        NoHomeOperatorContext = 22,
    }
}
