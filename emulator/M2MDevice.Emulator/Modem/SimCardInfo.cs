using System.Collections.Generic;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// What the modem read from the SIM at power-on (TS 31.102 5.1.1 USIM initialisation): identity, MNC
    /// length, PLMN lists and the last location. Immutable snapshot; the forbidden list is replaced when the
    /// modem adds a PLMN after reject #11.
    /// </summary>
    public sealed class SimCardInfo
    {
        internal SimCardInfo(byte[] atr, string iccid, string imsi, int mncLength, byte[] usimAid, IReadOnlyList<string> forbidden, int forbiddenCapacity,
            IReadOnlyList<string> equivalentHome, IReadOnlyList<string> userPlmns, IReadOnlyList<string> operatorPlmns, string lastRegisteredPlmn)
        {
            Atr = atr;
            Iccid = iccid;
            Imsi = imsi;
            MncLength = mncLength;
            UsimAid = usimAid;
            ForbiddenPlmns = forbidden;
            ForbiddenCapacity = forbiddenCapacity;
            EquivalentHomePlmns = equivalentHome;
            UserPlmns = userPlmns;
            OperatorPlmns = operatorPlmns;
            LastRegisteredPlmn = lastRegisteredPlmn;
        }

        /// <summary>Answer to reset.</summary>
        public byte[] Atr { get; }

        /// <summary>EF_ICCID (TS 102 221 13.2), digits.</summary>
        public string Iccid { get; }

        /// <summary>EF_IMSI (TS 31.102 4.2.2).</summary>
        public string Imsi { get; }

        /// <summary>MNC length from EF_AD (TS 31.102 4.2.18), 2 or 3.</summary>
        public int MncLength { get; }

        /// <summary>AID of the USIM application from EF_DIR.</summary>
        public byte[] UsimAid { get; }

        /// <summary>HPLMN derived from the IMSI (TS 23.122 1.2): MCC + MNC.</summary>
        public string HomePlmn => Imsi.Substring(0, 3 + MncLength);

        /// <summary>EF_FPLMN entries in file order (TS 31.102 4.2.16).</summary>
        public IReadOnlyList<string> ForbiddenPlmns { get; }

        /// <summary>Entries EF_FPLMN can hold.</summary>
        public int ForbiddenCapacity { get; }

        /// <summary>EF_EHPLMN entries (TS 31.102 4.2.84).</summary>
        public IReadOnlyList<string> EquivalentHomePlmns { get; }

        /// <summary>EF_PLMNwAcT entries in priority order (TS 31.102 4.2.5).</summary>
        public IReadOnlyList<string> UserPlmns { get; }

        /// <summary>EF_OPLMNwACT entries in priority order (TS 31.102 4.2.53).</summary>
        public IReadOnlyList<string> OperatorPlmns { get; }

        /// <summary>PLMN of EF_LOCI's LAI when its update status is "updated", else null.</summary>
        public string LastRegisteredPlmn { get; }

        internal SimCardInfo WithForbidden(IReadOnlyList<string> forbidden)
        {
            return new SimCardInfo(Atr, Iccid, Imsi, MncLength, UsimAid, forbidden, ForbiddenCapacity, EquivalentHomePlmns, UserPlmns, OperatorPlmns, LastRegisteredPlmn);
        }
    }
}
