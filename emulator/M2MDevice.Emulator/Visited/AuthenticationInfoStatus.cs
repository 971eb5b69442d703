namespace M2MDevice.Emulator.Visited
{
    /// <summary>Outcome of SendAuthenticationInfo (ARCHITECTURE 3.2; docs/rs-api.md roaming interface).</summary>
    public enum AuthenticationInfoStatus
    {
        /// <summary>Vectors delivered.</summary>
        Ok = 0,

        /// <summary>No subscriber with this IMSI (RS: 404 unknown-subscriber).</summary>
        UnknownSubscriber = 1,

        /// <summary>The PIMSI was retired after its device was provisioned (RS: 404 retired-subscriber).</summary>
        RetiredSubscriber = 2,

        /// <summary>The AUTS of a resynchronisation request did not verify (RS: 400 invalid-auts).</summary>
        InvalidAuts = 3,

        /// <summary>The subscriber's sequence numbers are used up (RS: 409 sqn-exhausted).</summary>
        SqnExhausted = 4,

        /// <summary>The source could not be reached or answered something unusable (network failure).</summary>
        Unavailable = 5,
    }
}
