using System;
using System.Collections.Generic;
using System.Text;
using M2MDevice.Aka;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>
    /// The selected home operator in-process (ARCHITECTURE 3.5): Ks_NAF(HO) from RS over Zn by B-TID, PackageRequest
    /// checked under it, a real UsimPackage (AES-CTR body, AES-CMAC) kept per device nonce so a resumed request gets
    /// the tail of the same message (docs/protocol.md 6.5), InstallReceipt/FailureReport answered with NotificationAck,
    /// and the AuC of the operational subscription for the attach with the new IMSI.
    /// </summary>
    internal sealed class TestHomeOperator
    {
        public const string OperationalImsi = "001020000000777";
        public static readonly byte[] OperationalK = Convert.FromHexString("0396eb317b6d1c36f19c1c84cd6ffd16");
        public static readonly byte[] OperationalOpc = Convert.FromHexString("53c15671c60a4b731c55b4a441c0bde2");

        private readonly TestRegistrationService rs;
        private readonly Random random;
        private readonly Dictionary<string, byte[]> stored = new Dictionary<string, byte[]>();
        private readonly AuthenticationVectorGenerator auc;
        private byte[] firstPackage;

        public TestHomeOperator(TestRegistrationService rs, int seed)
        {
            this.rs = rs;
            random = new Random(seed);
            auc = new AuthenticationVectorGenerator(AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, OperationalK, 0, 16, OperationalOpc, 0, null));
        }

        public string Host { get; } = "ho.m2m.test";

        public string BaseUrl => "https://" + Host + "/m2m/";

        public byte[] NafId => TestRegistrationService.NafIdOf(Host);

        public byte[] TrustAnchor { get; set; } = ProvisioningHarness.Der(0x22, 80);

        public AucSqnState Auc { get; } = new AucSqnState();

        /// <summary>Sequence of the next package built (a new cycle after a rollback gets a higher one).</summary>
        public uint Sequence { get; set; } = 1;

        public int CorruptPackages { get; set; }

        public int NoPackageAnswers { get; set; }

        /// <summary>The next package answer is cut to this many bytes (0 = whole).</summary>
        public int TruncateNext { get; set; }

        public int DroppedAcks { get; set; }

        /// <summary>After a FailureReport, build the next package with a higher sequence.</summary>
        public bool AdvanceOnFailure { get; set; } = true;

        /// <summary>Answer the next requests with the first package ever built (a replay under an old nonce).</summary>
        public int ReplayFirstPackage { get; set; }

        /// <summary>Tweak of the body built (IND length, delta...).</summary>
        public Action<UsimPackageBody> BodyTweak { get; set; }

        public int PackagesBuilt { get; private set; }

        public int ResumedAnswers { get; private set; }

        public List<uint> RequestedResumeOffsets { get; } = new List<uint>();

        public List<uint> LastInstalledReported { get; } = new List<uint>();

        public List<string> Notifications { get; } = new List<string>();

        public List<string> NotificationNonces { get; } = new List<string>();

        public int Acks { get; private set; }

        public static UsimPackageBody Body()
        {
            return new UsimPackageBody
            {
                Imsi = Encoding.ASCII.GetBytes(OperationalImsi),
                Algorithm = AkaAlgorithmKind.Milenage,
                K = (byte[])OperationalK.Clone(),
                Opc = (byte[])OperationalOpc.Clone(),
                Amf = new byte[] { 0x80, 0x00 },
                SqnIndLength = 5,
                SqnDelta = 1L << 28,
                Iccid = Encoding.ASCII.GetBytes("8949020000000000777"),
                Msisdn = Encoding.ASCII.GetBytes("4915100000777"),
                MncLength = 2,
                HomePlmns = Convert.FromHexString("00f120"),
                HomePlmnsWithAct = Convert.FromHexString("00f1204000"),
                OperatorPlmnsWithAct = Convert.FromHexString("00f1108000"),
                ForbiddenPlmns = Convert.FromHexString("ffffff"),
                ServiceProviderName = Encoding.ASCII.GetBytes("HomeOne"),
            };
        }

        public bool AuthenticateOperational(FakeBootstrapUsim usim)
        {
            Assert.Equal(OperationalImsi, usim.CurrentImsi);
            return TestRegistrationService.RunAccessAka(usim, auc, Auc, TestRegistrationService.VisitedInd, random);
        }

        public (int, byte[]) HandlePackage(byte[] message)
        {
            Assert.Equal(ProtocolResult.Success, PackageRequest.TryDecode(message, 0, message.Length, out PackageRequest request));
            byte[] ksNaf = rs.KsNafFor(Encoding.ASCII.GetString(request.BTid), NafId);
            if (ksNaf == null)
            {
                return TestRegistrationService.Error(404, ErrorCause.UnknownBTid, 0);
            }

            var protection = new MessageProtection();
            if (request.VerifyMac(protection, ksNaf, 0, message, 0, message.Length) != ProtocolResult.Success)
            {
                return TestRegistrationService.Error(403, ErrorCause.AuthenticationFailed, 0);
            }

            RequestedResumeOffsets.Add(request.ResumeOffset);
            LastInstalledReported.Add(request.LastInstalledSequence);
            if (NoPackageAnswers > 0)
            {
                NoPackageAnswers--;
                return TestRegistrationService.Error(404, ErrorCause.NoPackage, 30);
            }

            string nonce = Convert.ToHexString(request.DeviceNonce);
            if (request.ResumeOffset > 0 && stored.TryGetValue(nonce, out byte[] whole))
            {
                ResumedAnswers++;
                return (200, whole.AsSpan((int)request.ResumeOffset).ToArray());
            }

            if (ReplayFirstPackage > 0 && firstPackage != null)
            {
                ReplayFirstPackage--;
                return (200, firstPackage);
            }

            UsimPackageBody body = Body();
            BodyTweak?.Invoke(body);
            var serverNonce = new byte[16];
            random.NextBytes(serverNonce);
            var package = new UsimPackage { DeviceNonce = request.DeviceNonce, ServerNonce = serverNonce, ProfileSequence = Sequence, Body = body };
            var buffer = new byte[MessageEnvelope.MaxMessageLength];
            Assert.Equal(ProtocolResult.Success, package.Encode(protection, ksNaf, 0, buffer, 0, buffer.Length, out int length));
            byte[] encoded = buffer.AsSpan(0, length).ToArray();
            if (CorruptPackages > 0)
            {
                CorruptPackages--;
                encoded[length / 2] ^= 0x40;
            }

            stored[nonce] = encoded;
            firstPackage ??= encoded;
            PackagesBuilt++;
            if (TruncateNext > 0)
            {
                int cut = TruncateNext;
                TruncateNext = 0;
                return (200, encoded.AsSpan(0, cut).ToArray());
            }

            return (200, encoded);
        }

        public (int, byte[]) HandleNotification(byte[] message)
        {
            Assert.Equal(ProtocolResult.Success, MessageEnvelope.TryReadHeader(message, 0, message.Length, out MessageType type, out _, out _));
            byte[] btid;
            byte[] nonce;
            uint sequence;
            string text;
            if (type == MessageType.InstallReceipt)
            {
                Assert.Equal(ProtocolResult.Success, InstallReceipt.TryDecode(message, 0, message.Length, out InstallReceipt receipt));
                btid = receipt.BTid;
                nonce = receipt.DeviceNonce;
                sequence = receipt.ProfileSequence;
                text = "receipt " + sequence + (receipt.Plmn == null ? string.Empty : " " + Convert.ToHexString(receipt.Plmn));
            }
            else
            {
                Assert.Equal(MessageType.FailureReport, type);
                Assert.Equal(ProtocolResult.Success, FailureReport.TryDecode(message, 0, message.Length, out FailureReport report));
                btid = report.BTid;
                nonce = report.DeviceNonce;
                sequence = report.ProfileSequence;
                text = "failure " + sequence + " " + report.Cause + (report.HasNetworkRejectCause ? " #" + report.NetworkRejectCause : string.Empty);
            }

            byte[] ksNaf = rs.KsNafFor(Encoding.ASCII.GetString(btid), NafId);
            Assert.NotNull(ksNaf);
            var protection = new MessageProtection();
            protection.SetKeys(ksNaf, 0, nonce, 0, null, 0, 0);
            Assert.Equal(ProtocolResult.Success, protection.VerifyMac(message, 0, message.Length));
            Notifications.Add(text);
            if (type == MessageType.FailureReport && AdvanceOnFailure && sequence >= Sequence)
            {
                // The failed profile is burnt: the next package carries a new sequence (and would carry new data).
                Sequence = sequence + 1;
            }

            NotificationNonces.Add(Convert.ToHexString(nonce));
            if (DroppedAcks > 0)
            {
                DroppedAcks--;
                return TestRegistrationService.Error(503, ErrorCause.ServerFailure, 0);
            }

            Acks++;
            var ack = new NotificationAck { DeviceNonce = nonce, ProfileSequence = sequence, AcknowledgedType = type };
            var buffer = new byte[MessageEnvelope.MaxMessageLength];
            Assert.Equal(ProtocolResult.Success, ack.Encode(protection, ksNaf, 0, buffer, 0, buffer.Length, out int length));
            return (200, buffer.AsSpan(0, length).ToArray());
        }
    }
}
