namespace M2MDevice.Protocol
{
    /// <summary>Why a server refused a request (ErrorAnswer, tag 0x17). Advisory: ErrorAnswer is not MAC'd.</summary>
    public enum ErrorCause : byte
    {
        /// <summary>The request did not decode (any ProtocolResult failure).</summary>
        MalformedRequest = 1,

        /// <summary>The request's version is not spoken by this server.</summary>
        UnsupportedVersion = 2,

        /// <summary>The IMPI is not registered, or is retired.</summary>
        UnknownIdentity = 3,

        /// <summary>The B-TID is unknown or its key expired: bootstrap again.</summary>
        UnknownBTid = 4,

        /// <summary>RES, or the request's MAC, did not verify.</summary>
        AuthenticationFailed = 5,

        /// <summary>RS associates this device with another home operator than the one asked.</summary>
        NotAssociated = 6,

        /// <summary>The home operator has no package for this device.</summary>
        NoPackage = 7,

        /// <summary>The server is busy: retry after the given seconds.</summary>
        Busy = 8,

        /// <summary>The server failed; the request may be retried later.</summary>
        ServerFailure = 9,
    }
}
