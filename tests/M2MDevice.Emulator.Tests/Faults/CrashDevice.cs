using System.Text.Json;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Tests.Rs;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// One manufactured device as the crash test's client side knows it: the batch entry (PIMSI, test K/OPc) with a
    /// soft USIM, the client that drives it, its home operator, and every write the servers acknowledged for it
    /// (association, bootstrap challenge and session, USIM package, install receipt). Only its own client touches it.
    /// </summary>
    internal sealed class CrashDevice
    {
        public CrashDevice(JsonElement batchEntry, PimsiRange range, int client, int homeOperator, int life)
        {
            this.Usim = TestDevice.FromJson(batchEntry, range);
            this.Client = client;
            this.HomeOperator = homeOperator;
            this.RegisteredInLife = life;
        }

        public TestDevice Usim { get; }

        public string DeviceId => this.Usim.DeviceId;

        public string Pimsi => this.Usim.Pimsi;

        /// <summary>The client (worker) that owns this device; nobody else sends requests for it.</summary>
        public int Client { get; }

        /// <summary>Index of the home operator the owner registers it at.</summary>
        public int HomeOperator { get; }

        public int RegisteredInLife { get; }

        /// <summary>Owner registration answered "associated" (201 or 200).</summary>
        public bool Associated { get; set; }

        /// <summary>RAND of the acknowledged bootstrap challenge not yet answered successfully, or null.</summary>
        public byte[] ChallengeRand { get; set; }

        public byte[] ChallengeRes { get; set; }

        /// <summary>Ks = CK || IK of the acknowledged challenge.</summary>
        public byte[] ChallengeKs { get; set; }

        /// <summary>The BootstrapResponse for the held challenge was sent at least once (it consumes the challenge).</summary>
        public bool ChallengeAnswerSent { get; set; }

        /// <summary>B-TID of the acknowledged bootstrap session, or null.</summary>
        public string BTid { get; set; }

        public byte[] SessionRand { get; set; }

        public byte[] Ks { get; set; }

        /// <summary>Ks_NAF(HO) once RS named the associated HO for the session.</summary>
        public byte[] KsNafHo { get; set; }

        public System.Uri HoAddress { get; set; }

        /// <summary>Device nonce of the package request (kept for retries: a stored package is answered again).</summary>
        public byte[] PackageNonce { get; set; }

        /// <summary>The acknowledged package: operational IMSI, profile sequence, K, OPc.</summary>
        public string Imsi { get; set; }

        public uint ProfileSequence { get; set; }

        public byte[] ProfileK { get; set; }

        public byte[] ProfileOpc { get; set; }

        /// <summary>An install receipt was sent at least once (RS may retire the PIMSI from then on).</summary>
        public bool ReceiptSent { get; set; }

        /// <summary>The receipt was acknowledged (NotificationAck).</summary>
        public bool Provisioned { get; set; }
    }
}
