using System;
using M2MDevice.Aka;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// Settings of an <see cref="RsServer"/>; every value has a working default for tests and the demo. The data
    /// directory holds rs.db and pki/; <see cref="OperatorServerOptions.PublicAddress"/> is written into device key
    /// stores; <see cref="OperatorServerOptions.Ca"/> issues the RS certificate and is the devices' RS trust anchor.
    /// </summary>
    public sealed class RsServerOptions : OperatorServerOptions
    {
        /// <summary>Creates the defaults (a unique in-memory database name "rs-...").</summary>
        public RsServerOptions()
            : base("rs")
        {
        }

        /// <summary>The PIMSI range (default MCC 001, MNC 01, MSIN 0..999999).</summary>
        public PimsiRange PimsiRange { get; set; } = new PimsiRange("001", "01", 0, 999_999);

        /// <summary>How long a retired PIMSI stays out of the allocation pool.</summary>
        public TimeSpan Quarantine { get; set; } = TimeSpan.FromDays(30);

        /// <summary>RS host name: B-TID domain (TS 33.220 4.5.2), NAF FQDN of Ks_NAF(RS), and a SAN of its certificate.</summary>
        public string HostName { get; set; } = "rs.m2m.test";

        /// <summary>Algorithm of new preliminary credentials unless a batch asks otherwise.</summary>
        public AkaAlgorithmKind DefaultAlgorithm { get; set; } = AkaAlgorithmKind.Milenage;

        /// <summary>Per-RS MILENAGE OP (16 bytes): OPc = OPc(K, OP) (TS 35.206 4.1); null draws a random OPc per device.</summary>
        public byte[] Op { get; set; }

        /// <summary>Per-RS TUAK TOP (32 bytes): TOPc from K and TOP (TS 35.231 6.2); null draws a random TOPc per device.</summary>
        public byte[] Top { get; set; }

        /// <summary>Lifetime of a bootstrap key Ks / B-TID (TS 33.220 4.5.2 step 6).</summary>
        public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How long a bootstrap challenge waits for its response.</summary>
        public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>"Retry after" of a pending home-operator answer.</summary>
        public TimeSpan PendingRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>Lifetime of an associated home-operator answer (how long the device may rely on it).</summary>
        public TimeSpan AssociationLifetime { get; set; } = TimeSpan.FromDays(1);

        /// <summary>
        /// Message trace of the demo's sequence diagram (the bootstrap challenge and response, Zn Ks_NAF requests,
        /// outcome reports and PIMSI retirement, filed under the device id; PIMSIs of new batches are declared as aliases
        /// of their devices). Names and public identifiers only, never keys.
        /// Default <see cref="TraceRecorder.None"/>.
        /// </summary>
        public ITraceRecorder Trace { get; set; } = TraceRecorder.None;
    }
}
