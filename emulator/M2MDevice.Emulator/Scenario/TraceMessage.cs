namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// Standard message names of the trace, numbered like the interactions of figure 2 of the seed
    /// (1 attach and UMTS AKA at a VO, 2 VO fetches vectors for the PIMSI from RS, 3 the device reaches RS over
    /// TLS and learns its HO, 4 the HO downloads the USIM application), plus the manufacture (M) and subscription
    /// registration (S) phases and the Zn/outcome exchanges of ARCHITECTURE 3.4. Emitters use these constants so
    /// that every diagram names a step the same way.
    /// </summary>
    public static class TraceMessage
    {
        /// <summary>M: manufacturer asks RS for a batch of PIMSIs and preliminary credentials.</summary>
        public const string RegisterBatch = "M RegisterBatch";

        /// <summary>M: RS answers the batch (PIMSIs, RS address, RS trust anchor).</summary>
        public const string BatchRegistered = "M Batch (PIMSI, RS address, trust anchor)";

        /// <summary>M: the manufacturer writes the key-store image into the device.</summary>
        public const string WriteImage = "M Write key-store image";

        /// <summary>S: the owner registers the device at its selected HO.</summary>
        public const string RegisterDevice = "S Register device";

        /// <summary>S: the HO associates the device at RS (Zn).</summary>
        public const string Associate = "S Associate (Zn)";

        /// <summary>S: RS confirms the association.</summary>
        public const string Associated = "S Associated";

        /// <summary>S: the HO confirms the owner's registration.</summary>
        public const string DeviceRegistered = "S Device registered";

        /// <summary>1: the device selects a network on its allowed list and attaches (AT+COPS / +CEREG).</summary>
        public const string AttachCommand = "1 Attach (AT+COPS, AT+CGATT)";

        /// <summary>1: the modem presents the PIMSI to the VO (attach request).</summary>
        public const string AttachRequestPimsi = "1 Attach request (PIMSI)";

        /// <summary>1: the UE abandons an attach in progress (a new network search supersedes it).</summary>
        public const string AttachAbandoned = "1 Attach abandoned (new search)";

        /// <summary>1: the modem's USIM could not verify AUTN (detail: the NAS cause, e.g. MAC failure #20).</summary>
        public const string AuthenticationFailure = "1 Authentication failure";

        /// <summary>1: the USIM found the SQN out of range and answered AUTS (TS 33.102 6.3.5); the VO resynchronises.</summary>
        public const string AuthenticationSyncFailure = "1 Authentication failure (synch, AUTS)";

        /// <summary>2: the VO recognizes a PIMSI and asks RS for vectors (SendAuthenticationInfo).</summary>
        public const string SendAuthenticationInfo = "2 SendAuthenticationInfo (PIMSI)";

        /// <summary>2: RS answers authentication vectors.</summary>
        public const string AuthenticationVectors = "2 Authentication vectors";

        /// <summary>2: the VO asks again with RAND and AUTS to resynchronise (TS 33.102 6.3.5).</summary>
        public const string SendAuthenticationInfoResync = "2 SendAuthenticationInfo (PIMSI, RAND, AUTS)";

        /// <summary>2 or 4: the vector source refused (detail: the status, e.g. RetiredSubscriber).</summary>
        public const string AuthenticationInfoError = "2 SendAuthenticationInfo error";

        /// <summary>4: the VO asks the device's home operator (its AuC) for vectors of the operational IMSI.</summary>
        public const string SendAuthenticationInfoImsi = "4 SendAuthenticationInfo (IMSI)";

        /// <summary>4: the home operator's AuC answers vectors for the operational IMSI.</summary>
        public const string AuthenticationVectorsImsi = "4 Authentication vectors (HO AuC)";

        /// <summary>1: the VO challenges the USIM (UMTS AKA, TS 33.102 6.3).</summary>
        public const string AuthenticationRequest = "1 Authentication request (RAND, AUTN)";

        /// <summary>1: the modem asks the soft USIM (remote SIM APDU AUTHENTICATE).</summary>
        public const string UsimAuthenticate = "1 AUTHENTICATE (remote SIM APDU)";

        /// <summary>1: the USIM's answer relayed to the modem.</summary>
        public const string UsimAuthenticateResult = "1 AUTHENTICATE result";

        /// <summary>1: the modem answers the VO.</summary>
        public const string AuthenticationResponse = "1 Authentication response (RES)";

        /// <summary>1: the VO accepts the attach.</summary>
        public const string AttachAccept = "1 Attach accept";

        /// <summary>1: the VO rejects the attach (detail: the NAS cause).</summary>
        public const string AttachReject = "1 Attach reject";

        /// <summary>1: the modem reports the registration to the device (+CEREG).</summary>
        public const string Registered = "1 +CEREG registered";

        /// <summary>3: the device asks the modem for an HTTPS request to RS (TLS pinned to the RS trust anchor).</summary>
        public const string HttpsToRs = "3 HTTPS to RS (AT+HTTPACTION)";

        /// <summary>3: Ub bootstrap request (IMPI).</summary>
        public const string BootstrapRequest = "3 Bootstrap request (IMPI)";

        /// <summary>3: Ub bootstrap challenge (RAND, AUTN).</summary>
        public const string BootstrapChallenge = "3 Bootstrap challenge (RAND, AUTN)";

        /// <summary>3: Ub bootstrap response (RES).</summary>
        public const string BootstrapResponse = "3 Bootstrap response (RES)";

        /// <summary>3: Ub bootstrap result (B-TID, lifetime).</summary>
        public const string BootstrapResult = "3 Bootstrap result (B-TID)";

        /// <summary>3: Ub bootstrap response with AUTS (resynchronisation; RS challenges again).</summary>
        public const string BootstrapResynchronization = "3 Bootstrap response (AUTS)";

        /// <summary>3: RS refuses a bootstrap step (detail: the error cause).</summary>
        public const string BootstrapError = "3 Bootstrap error";

        /// <summary>3: the device asks RS for its home operator (MAC'd under Ks_NAF(RS)).</summary>
        public const string HomeOperatorRequest = "3 Home operator request";

        /// <summary>3: RS answers the HO address and trust anchor (or Pending).</summary>
        public const string HomeOperatorAnswer = "3 Home operator answer (HO address)";

        /// <summary>4: the device asks the modem for an HTTPS request to the HO.</summary>
        public const string HttpsToHo = "4 HTTPS to HO (AT+HTTPACTION)";

        /// <summary>4: Ua package request (B-TID, nonce).</summary>
        public const string PackageRequest = "4 Package request (B-TID)";

        /// <summary>Zn: the HO fetches Ks_NAF(HO) for the B-TID.</summary>
        public const string NafKeyRequest = "Zn Ks_NAF request (B-TID)";

        /// <summary>Zn: RS answers Ks_NAF(HO).</summary>
        public const string NafKeyAnswer = "Zn Ks_NAF answer";

        /// <summary>Zn: RS refuses Ks_NAF (detail: the error code, e.g. not-associated).</summary>
        public const string NafKeyError = "Zn Ks_NAF error";

        /// <summary>4: the HO packs the device's operational profile (detail: IMSI and sequence; public, never K or OPc).</summary>
        public const string ProfileGenerated = "4 Profile (IMSI)";

        /// <summary>4: the HO downloads the USIM package.</summary>
        public const string UsimPackage = "4 USIM package";

        /// <summary>HO refuses a package request under a second bootstrap session of one device (suspected clone).</summary>
        public const string PackageRefusedClone = "4 Package refused (suspected clone)";

        /// <summary>4: the device installs the profile and attaches again with the operational IMSI.</summary>
        public const string AttachRequestImsi = "4 Attach request (IMSI)";

        /// <summary>4: the device confirms the installation.</summary>
        public const string InstallReceipt = "4 Install receipt";

        /// <summary>4: the device reports a failed installation after rolling back.</summary>
        public const string FailureReport = "4 Failure report";

        /// <summary>Zn: the HO reports the outcome; RS retires the PIMSI when provisioned.</summary>
        public const string Outcome = "Zn Outcome (provisioned)";

        /// <summary>Zn: the HO reports a failed installation (RS counts it; the PIMSI stays).</summary>
        public const string OutcomeFailed = "Zn Outcome (failed)";

        /// <summary>Zn: RS retires the device's PIMSI and wipes its preliminary credentials (detail: the PIMSI).</summary>
        public const string PimsiRetired = "Zn PIMSI retired (quarantined)";

        /// <summary>4: the HO acknowledges the notification.</summary>
        public const string NotificationAck = "4 Notification ack";
    }
}
