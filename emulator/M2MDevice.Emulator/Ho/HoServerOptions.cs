using System;
using System.Collections.Generic;
using M2MDevice.Aka;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Rs;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// Settings of a <see cref="HoServer"/>. Several home operators run in one process with distinct names, NAF
    /// hosts, IMSI ranges, ports and databases. Every value but <see cref="RsBaseAddress"/> has a working default.
    /// The data directory holds ho.db and pki/; <see cref="OperatorServerOptions.PublicAddress"/> is the base URL
    /// registered at RS; <see cref="OperatorServerOptions.Ca"/> issues the HO's TLS certificate and its root is the
    /// HO trust anchor given to RS (use RS's CA); <see cref="OperatorServerOptions.AdminToken"/> registers owners
    /// and visited operators.
    /// </summary>
    public sealed class HoServerOptions : OperatorServerOptions
    {
        /// <summary>Creates the defaults (a unique in-memory database name "ho-...").</summary>
        public HoServerOptions()
            : base("ho")
        {
        }

        /// <summary>Operator name (registered at RS; logs).</summary>
        public string Name { get; set; } = "Home Operator";

        /// <summary>
        /// NAF host: FQDN of the HO's NAF_Id (TS 33.220 B.3, <see cref="M2MDevice.Protocol.NafId"/>), the name it
        /// registers at RS, and a SAN of its TLS certificate. Unique per HO.
        /// </summary>
        public string NafHost { get; set; } = "ho.m2m.test";

        /// <summary>The operational IMSI range (MCC, MNC, MSIN first..last) profiles are drawn from (TS 23.003 2.2).</summary>
        public PimsiRange ImsiRange { get; set; } = new PimsiRange("001", "02", 0, 999_999);

        /// <summary>ICCID issuer prefix: "89", country code, issuer identifier (ITU-T E.118).</summary>
        public string IccidIssuerPrefix { get; set; } = "8900102";

        /// <summary>ICCID length in digits including the Luhn check digit (18..20).</summary>
        public int IccidLength { get; set; } = 19;

        /// <summary>EF_HPLMNwAcT entries (TS 31.102 4.2.54); null: the IMSI range's PLMN on UTRAN, E-UTRAN and GSM.</summary>
        public IReadOnlyList<HoPlmn> HomePlmns { get; set; }

        /// <summary>EF_OPLMNwACT entries (TS 31.102 4.2.53), operator-preferred partners; null or empty: none sent.</summary>
        public IReadOnlyList<HoPlmn> OperatorPlmns { get; set; }

        /// <summary>EF_EHPLMN entries (TS 31.102 4.2.84); null: the IMSI range's PLMN.</summary>
        public IReadOnlyList<HoPlmn> EquivalentHomePlmns { get; set; }

        /// <summary>EF_SPN name (1..16 printable ASCII characters) or null.</summary>
        public string ServiceProviderName { get; set; }

        /// <summary>Algorithm of the profiles this HO issues.</summary>
        public AkaAlgorithmKind Algorithm { get; set; } = AkaAlgorithmKind.Milenage;

        /// <summary>The HO's MILENAGE OP (16 bytes): OPc = OPc(K, OP) (TS 35.206 4.1); null draws a random OPc per profile.</summary>
        public byte[] Op { get; set; }

        /// <summary>The HO's TUAK TOP (32 bytes): TOPc from K and TOP (TS 35.231 6.2); null draws a random TOPc per profile.</summary>
        public byte[] Top { get; set; }

        /// <summary>RS base URL (Zn and operator registration).</summary>
        public Uri RsBaseAddress { get; set; }

        /// <summary>The CA whose root RS's certificate must chain to; null: <see cref="OperatorServerOptions.Ca"/>.</summary>
        public EmulatorCa RsTrust { get; set; }

        /// <summary>RS admin token, used once: to register this HO at RS when its database holds no RS registration yet.</summary>
        public string RsAdminToken { get; set; }

        /// <summary>"Retry after" of an ErrorAnswer Busy when RS cannot be reached.</summary>
        public TimeSpan BusyRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Message trace of the demo's sequence diagram (each operational profile generated, with its IMSI declared as an
        /// alias of the device). Names and public identifiers only, never keys.
        /// Default <see cref="TraceRecorder.None"/>.
        /// </summary>
        public ITraceRecorder Trace { get; set; } = TraceRecorder.None;
    }
}
