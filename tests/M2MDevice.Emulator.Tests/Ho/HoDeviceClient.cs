using System;
using System.Net;
using System.Security.Cryptography;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Tests.Rs;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Tests.Ho
{
    /// <summary>
    /// The device side of ARCHITECTURE 3.3 and 3.5 built from shared/Aka and shared/Protocol: bootstrap at RS, ask for the
    /// home operator, then download the USIM package from it and send notifications, all MAC'd under Ks_NAF(HO).
    /// </summary>
    public sealed class HoDeviceClient
    {
        private readonly HoTestKit.Operator ho;

        public HoDeviceClient(HoTestKit kit, HoTestKit.Operator ho, TestDevice device)
        {
            this.ho = ho;
            this.Device = device;
            this.Bootstrap = new DeviceBootstrapClient(kit.Rs, device);
        }

        public TestDevice Device { get; }

        public DeviceBootstrapClient Bootstrap { get; }

        public HomeOperatorAnswer Answer { get; private set; }

        /// <summary>Ks_NAF(HO) from Ks, the RAND, the IMPI and the HomeOperatorId of the answer (TS 33.220 B.3).</summary>
        public byte[] KsNaf => this.Bootstrap.KsNaf(this.Answer.HomeOperatorId);

        /// <summary>Bootstraps at RS and reads the (associated) home-operator answer.</summary>
        public async Task ConnectAsync()
        {
            await this.Bootstrap.BootstrapAsync();
            (HttpStatusCode status, HomeOperatorAnswer answer, _) = await this.Bootstrap.AskHomeOperatorAsync();
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(HomeOperatorStatus.Associated, answer.Status);
            this.Answer = answer;
        }

        public byte[] EncodePackageRequest(byte[] nonce, uint lastInstalled = 0, uint resumeOffset = 0, byte[] ksNaf = null)
        {
            var request = new PackageRequest { BTid = this.Bootstrap.BTid, DeviceNonce = nonce, LastInstalledSequence = lastInstalled, ResumeOffset = resumeOffset };
            var protection = new MessageProtection();
            return DeviceBootstrapClient.Encode(b => (request.Encode(protection, ksNaf ?? this.KsNaf, 0, b, 0, b.Length, out int n), n));
        }

        public Task<(HttpStatusCode Status, byte[] Body)> RequestPackageAsync(byte[] nonce, uint lastInstalled = 0, uint resumeOffset = 0)
        {
            return this.ho.PostBinaryAsync(HoApi.PackagePath, this.EncodePackageRequest(nonce, lastInstalled, resumeOffset));
        }

        /// <summary>Downloads and opens a package (docs/protocol.md 6.2); returns it and its raw bytes.</summary>
        public async Task<(UsimPackage Package, byte[] Raw)> DownloadAsync(uint lastInstalled = 0)
        {
            byte[] nonce = RandomNumberGenerator.GetBytes(16);
            (HttpStatusCode status, byte[] body) = await this.RequestPackageAsync(nonce, lastInstalled);
            Assert.Equal(HttpStatusCode.OK, status);
            return (this.Open(nonce, body), body);
        }

        public UsimPackage Open(byte[] nonce, byte[] body)
        {
            Assert.Equal(ProtocolResult.Success, UsimPackage.TryOpen(new MessageProtection(), this.KsNaf, 0, nonce, 0, body, 0, body.Length, out UsimPackage package));
            return package;
        }

        public byte[] EncodeReceipt(byte[] nonce, uint sequence)
        {
            var receipt = new InstallReceipt { BTid = this.Bootstrap.BTid, DeviceNonce = nonce, ProfileSequence = sequence, Plmn = new byte[] { 0x99, 0xF9, 0x10 } };
            return DeviceBootstrapClient.Encode(b => (receipt.Encode(new MessageProtection(), this.KsNaf, 0, b, 0, b.Length, out int n), n));
        }

        public byte[] EncodeFailure(byte[] nonce, uint sequence, FailureCause cause, int rejectCause = -1)
        {
            var report = new FailureReport { BTid = this.Bootstrap.BTid, DeviceNonce = nonce, ProfileSequence = sequence, Cause = cause };
            if (rejectCause >= 0)
            {
                report.HasNetworkRejectCause = true;
                report.NetworkRejectCause = (byte)rejectCause;
            }

            return DeviceBootstrapClient.Encode(b => (report.Encode(new MessageProtection(), this.KsNaf, 0, b, 0, b.Length, out int n), n));
        }

        /// <summary>Sends a notification with a fresh nonce and opens the NotificationAck (docs/protocol.md 6.1).</summary>
        public async Task<NotificationAck> NotifyAsync(Func<byte[], byte[]> encode)
        {
            byte[] nonce = RandomNumberGenerator.GetBytes(16);
            (HttpStatusCode status, byte[] body) = await this.ho.PostBinaryAsync(HoApi.NotificationPath, encode(nonce));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(ProtocolResult.Success, NotificationAck.TryOpen(new MessageProtection(), this.KsNaf, 0, nonce, 0, body, 0, body.Length, out NotificationAck ack));
            return ack;
        }

        /// <summary>A USIM built from the package body (shared UsimAuthenticator), as the firmware would install it.</summary>
        public static UsimAuthenticator UsimOf(UsimPackageBody body)
        {
            TuakParameters tuak = body.Algorithm == AkaAlgorithmKind.Tuak
                ? new TuakParameters(body.TuakMacLength, body.TuakResLength, body.TuakCkLength, body.TuakIkLength, body.TuakKeccakIterations)
                : null;
            IAkaAlgorithm algorithm = AkaAlgorithmFactory.Create(body.Algorithm, body.K, 0, body.K.Length, body.Opc, 0, tuak);
            return new UsimAuthenticator(algorithm, new UsimSqnState());
        }
    }
}
