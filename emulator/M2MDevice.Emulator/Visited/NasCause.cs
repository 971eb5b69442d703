namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// Reject causes a visited operator sends and the modem reports in +CREG/+CGREG/+CEREG mode 3 and +CEER:
    /// TS 24.008 10.5.3.6 / 10.5.5.14 (mobility management and GMM causes; TS 24.301 9.9.3.9 reuses the
    /// numbers). 20 and 21 are the causes the MS itself reports in AUTHENTICATION FAILURE (TS 24.008 4.3.2.6).
    /// </summary>
    public static class NasCause
    {
        /// <summary>#2 IMSI unknown in HLR: no subscriber with this IMSI at its home (RS: unknown or retired PIMSI).</summary>
        public const int ImsiUnknownInHlr = 2;

        /// <summary>#3 Illegal MS: the network rejected the authentication (RES did not match XRES).</summary>
        public const int IllegalMs = 3;

        /// <summary>#6 Illegal ME.</summary>
        public const int IllegalMe = 6;

        /// <summary>#7 GPRS services not allowed.</summary>
        public const int GprsServicesNotAllowed = 7;

        /// <summary>#11 PLMN not allowed: the MS stores the PLMN in EF_FPLMN (TS 24.008 4.4.4.7).</summary>
        public const int PlmnNotAllowed = 11;

        /// <summary>#12 Location area not allowed.</summary>
        public const int LocationAreaNotAllowed = 12;

        /// <summary>#13 Roaming not allowed in this location area.</summary>
        public const int RoamingNotAllowed = 13;

        /// <summary>#15 No suitable cells in location area.</summary>
        public const int NoSuitableCells = 15;

        /// <summary>#17 Network failure: the visited operator could not get vectors.</summary>
        public const int NetworkFailure = 17;

        /// <summary>#20 MAC failure: the USIM rejected AUTN (the network is not authentic).</summary>
        public const int MacFailure = 20;

        /// <summary>#21 Synch failure: SQN out of range and the resynchronisation did not succeed.</summary>
        public const int SynchFailure = 21;

        /// <summary>#111 Protocol error, unspecified.</summary>
        public const int ProtocolError = 111;

        /// <summary>The TS 24.008 name of a cause, for +CEER.</summary>
        public static string Describe(int cause)
        {
            switch (cause)
            {
                case ImsiUnknownInHlr:
                    return "IMSI unknown in HLR";
                case IllegalMs:
                    return "Illegal MS";
                case IllegalMe:
                    return "Illegal ME";
                case GprsServicesNotAllowed:
                    return "GPRS services not allowed";
                case PlmnNotAllowed:
                    return "PLMN not allowed";
                case LocationAreaNotAllowed:
                    return "Location area not allowed";
                case RoamingNotAllowed:
                    return "Roaming not allowed in this location area";
                case NoSuitableCells:
                    return "No suitable cells in location area";
                case NetworkFailure:
                    return "Network failure";
                case MacFailure:
                    return "MAC failure";
                case SynchFailure:
                    return "Synch failure";
                case ProtocolError:
                    return "Protocol error, unspecified";
                default:
                    return "Cause #" + cause.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
