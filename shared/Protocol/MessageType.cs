namespace M2MDevice.Protocol
{
    /// <summary>
    /// The message type byte of the envelope (docs/protocol.md, "Message types"). Names give the direction.
    /// Numbers are never reused: a retired type stays reserved.
    /// </summary>
    public enum MessageType : byte
    {
        /// <summary>Device to RS: start bootstrapping (IMPI). Not MAC'd.</summary>
        BootstrapRequest = 0x01,

        /// <summary>RS to device: RAND and AUTN of the Ub AKA. Not MAC'd (AUTN authenticates RS).</summary>
        BootstrapChallenge = 0x02,

        /// <summary>Device to RS: RES, or AUTS after a synchronisation failure. Not MAC'd.</summary>
        BootstrapResponse = 0x03,

        /// <summary>RS to device: B-TID and key lifetime. Not MAC'd.</summary>
        BootstrapResult = 0x04,

        /// <summary>Device to RS: "who is my home operator", MAC'd under Ks_NAF(RS).</summary>
        HomeOperatorRequest = 0x05,

        /// <summary>RS to device: associated (HO address, identity, trust anchor), pending or unknown, MAC'd under Ks_NAF(RS).</summary>
        HomeOperatorAnswer = 0x06,

        /// <summary>Device to HO: ask for the USIM package, MAC'd under Ks_NAF(HO).</summary>
        PackageRequest = 0x10,

        /// <summary>HO to device: the encrypted USIM package, MAC'd under Ks_NAF(HO) and both nonces.</summary>
        UsimPackage = 0x11,

        /// <summary>Device to HO: the new profile attached, MAC'd under Ks_NAF(HO).</summary>
        InstallReceipt = 0x12,

        /// <summary>Device to HO: the new profile failed and the device rolled back, MAC'd under Ks_NAF(HO).</summary>
        FailureReport = 0x13,

        /// <summary>HO to device: acknowledges an InstallReceipt or a FailureReport, MAC'd under Ks_NAF(HO).</summary>
        NotificationAck = 0x14,

        /// <summary>The plaintext USIM package body; travels only encrypted inside a UsimPackage.</summary>
        UsimPackageBody = 0x20,

        /// <summary>Any server to device: the request failed, with a cause. Not MAC'd: advisory only.</summary>
        ErrorAnswer = 0x7F,
    }
}
