using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// One home operator of a <see cref="NetworkComposition"/>: its name (also the name owners pick it by), NAF host,
    /// operational IMSI range (its PLMN), ICCID issuer prefix, port, the owner the composition registers at it, and
    /// whether its own network is in radio coverage (a cell with its PLMN that serves its subscribers).
    /// </summary>
    public sealed class HomeOperatorSpec
    {
        /// <summary>Operator name, unique in the composition (e.g. "Alpha").</summary>
        public string Name { get; set; }

        /// <summary>NAF host (TS 33.220 B.3), unique; default "&lt;name in lower case&gt;.m2m.test".</summary>
        public string NafHost { get; set; }

        /// <summary>Operational IMSI range; its MCC+MNC is the HO's PLMN.</summary>
        public PimsiRange ImsiRange { get; set; }

        /// <summary>ICCID issuer prefix ("89" + country + issuer); default "89" + MCC + MNC.</summary>
        public string IccidIssuerPrefix { get; set; }

        /// <summary>TCP port; 0 picks a free one (with a data directory, the first port picked is kept).</summary>
        public int Port { get; set; }

        /// <summary>Name of the owner registered at this HO; default "Owner at &lt;name&gt;".</summary>
        public string OwnerName { get; set; }

        /// <summary>True (default) when a cell of the HO's own PLMN is in coverage.</summary>
        public bool InCoverage { get; set; } = true;

        /// <summary>The HO's PLMN (MCC + MNC of its IMSI range).</summary>
        public string Plmn => this.ImsiRange == null ? null : this.ImsiRange.Mcc + this.ImsiRange.Mnc;
    }
}
