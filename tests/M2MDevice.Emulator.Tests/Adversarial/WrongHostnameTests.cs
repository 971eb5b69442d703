using System;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// Issue 7 part 1 (2): RS, and separately the HO, presents a certificate that chains to the trusted emulator root
    /// and is within its validity but names another host (the attacker holds a genuine certificate for its own name).
    /// The device addresses the server by the address it was given (https://127.0.0.1:port/), so the modem's TLS
    /// refuses the name (RFC 6125 against the URL host; TLS result NameMismatch, +HTTPACTION 715); the real firmware
    /// surfaces TlsFailed and installs nothing. The same certificate is accepted where that name is the expected one
    /// (the visited operator's roaming link to RS is pinned to it), so only the host name makes the difference.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class WrongHostnameTests
    {
        private const string OtherHoHost = "other-ho.m2m.test";

        private readonly ITestOutputHelper output;

        public WrongHostnameTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task Bootstrap_RsCertificateForAnotherHost_TlsFailedNothingInstalled()
        {
            var trace = new TraceRecorder();
            await using NetworkComposition network = await NetworkComposition.StartAsync(AdversaryKit.TracedOptions(trace));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = await AdversaryKit.RegisteredUnitAsync(network, ho);

            using X509Certificate2 wrong = network.Ca.IssueWrongHostCertificate();
            Assert.True(network.Ca.ChainsToRoot(wrong));
            Assert.Equal(SslPolicyErrors.RemoteCertificateNameMismatch, network.Ca.Validate(wrong, network.RsAddress.Host));
            network.Rs.ServeCertificate(wrong);

            // The visited operators reach RS under the name its certificate now carries, so PIMSI attaches still work.
            using var roamingHttp = new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
                    certificate != null && network.Ca.Validate(certificate, EmulatorCa.WrongHostName) == SslPolicyErrors.None,
            });
            RadioEnvironment radio = AdversaryKit.WithSources(
                network.Radio,
                (cell, rule) => rule.SourceName == "rs" ? new RsRoamingClient(roamingHttp, network.RsAddress, network.VisitedOperators.Single(v => v.Plmn == cell.Plmn).RsToken) : rule.Source,
                trace);

            DeviceFleetOptions fleet = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            EmulatedDevice device = AdversaryKit.NewDevice(unit, radio, fleet);
            using PathAttacker observer = StopAtRetryAfterRefusal(AdversaryKit.BootstrapPath);
            device.Modem.HttpInterceptor = observer;
            byte[] flash = await AdversaryKit.RunAsync(device, fleet, observer.Stop);
            network.Rs.ServeCertificate(null);
            this.output.WriteLine(string.Join("\n", observer.Log));
            observer.AssertHandlerSucceeded();
            Assert.Equal(new[] { AdversaryKit.BootstrapPath + " 715", AdversaryKit.BootstrapPath + " stop" }, observer.Log);

            DeviceRunResult result = device.ToResult();
            string explain = EndToEndKit.Explain(result, device);
            this.output.WriteLine(explain);

            // Attached with the PIMSI (vectors from RS over the pinned roaming link), then refused at the device's TLS step.
            Assert.Contains(device.Transitions, t => t.To == ProvisioningState.Bootstrapping);
            Assert.Equal(DeviceRunOutcome.Cancelled, result.Outcome);
            Assert.Equal(TransportResult.TlsFailed, device.Runtime.Status.LastTransportResult);
            Assert.Equal(ProvisioningError.TransportFailed, device.Runtime.Status.LastError);
            Assert.Equal(0, device.Runtime.Status.Bootstraps);
            Assert.Equal(0, device.Runtime.Status.PackageRequests);
            Assert.Contains(trace.Snapshot(), e => e.Message == TraceMessage.AuthenticationVectors);
            Assert.NotEmpty(AdversaryKit.LogLines(device, "modem error " + SimcomHttpStatus.HandshakeFailed));
            Assert.DoesNotContain(trace.Snapshot(), e => e.Message == TraceMessage.BootstrapChallenge || e.Message == TraceMessage.BootstrapResponse);

            // Nothing installed: the key store's profiles are as manufactured.
            Assert.Null(result.Imsi);
            Assert.Equal(UsimIdentityKind.Preliminary, device.Runtime.ActiveIdentity);
            Assert.Equal(unit.Pimsi, device.Modem.SimInfo.Imsi);
            AdversaryKit.AssertProfilesAsManufactured(unit, flash);

            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.Equal(DeviceStage.Associated, status.Stage);
            Assert.NotEqual("retired", status.Rs.State);
            Assert.Null(status.Ho.Imsi);
        }

        [Fact]
        public async Task Download_HoCertificateForAnotherHost_TlsFailedNothingIssuedNothingInstalled()
        {
            var trace = new TraceRecorder();
            await using NetworkComposition network = await NetworkComposition.StartAsync(AdversaryKit.TracedOptions(trace));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = await AdversaryKit.RegisteredUnitAsync(network, ho);

            // The HO's trust anchor (given to the device by RS) is the emulator root, and this certificate chains to it.
            using X509Certificate2 wrong = network.Ca.IssueServerCertificate(new[] { OtherHoHost });
            Assert.Equal(SslPolicyErrors.None, network.Ca.Validate(wrong, OtherHoHost));
            Assert.Equal(SslPolicyErrors.RemoteCertificateNameMismatch, network.Ca.Validate(wrong, ho.BaseAddress.Host));
            ho.Server.ServeCertificate(wrong);

            // Control: a client that expects that other name completes the handshake with the HO (and gets an HTTP answer).
            using (var pinned = new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
                    certificate != null && network.Ca.Validate(certificate, OtherHoHost) == SslPolicyErrors.None,
            }))
            {
                using HttpResponseMessage answer = await pinned.GetAsync(ho.BaseAddress);
                Assert.Equal(System.Net.HttpStatusCode.NotFound, answer.StatusCode);
            }

            DeviceFleetOptions fleet = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            EmulatedDevice device = AdversaryKit.NewDevice(unit, network.Radio, fleet);
            using PathAttacker observer = StopAtRetryAfterRefusal(AdversaryKit.PackagePath);
            device.Modem.HttpInterceptor = observer;
            byte[] flash = await AdversaryKit.RunAsync(device, fleet, observer.Stop);
            ho.Server.ServeCertificate(null);
            this.output.WriteLine(string.Join("\n", observer.Log));
            observer.AssertHandlerSucceeded();
            Assert.Equal(
                new[] { AdversaryKit.BootstrapPath + " 200", AdversaryKit.BootstrapPath + " 200", AdversaryKit.HomeOperatorPath + " 200", AdversaryKit.PackagePath + " 715", AdversaryKit.PackagePath + " stop" },
                observer.Log);

            DeviceRunResult result = device.ToResult();
            string explain = EndToEndKit.Explain(result, device);
            this.output.WriteLine(explain);

            // Bootstrapped at RS (challenge, then response) and got the HO address; the package request was refused at TLS.
            Assert.Equal(DeviceRunOutcome.Cancelled, result.Outcome);
            Assert.True(device.Runtime.Status.Bootstraps >= 1, explain);
            Assert.Contains(device.Transitions, t => t.To == ProvisioningState.Downloading);
            Assert.True(device.Runtime.Status.PackageRequests >= 1, explain);
            Assert.Equal(TransportResult.TlsFailed, device.Runtime.Status.LastTransportResult);
            Assert.Equal(ProvisioningError.TransportFailed, device.Runtime.Status.LastError);
            Assert.Contains(trace.Snapshot(), e => e.Message == TraceMessage.BootstrapChallenge);
            Assert.NotEmpty(AdversaryKit.LogLines(device, "modem error " + SimcomHttpStatus.HandshakeFailed));

            // The HO never saw the request: no Ks_NAF fetched, no profile generated, no package stored.
            Assert.DoesNotContain(trace.Snapshot(), e => e.Message == TraceMessage.NafKeyRequest || e.Message == TraceMessage.ProfileGenerated);
            Assert.Equal(0L, ho.Server.Database.Read(c => (long)M2MDevice.Emulator.Storage.SqliteDatabase.Scalar(c, null, "SELECT COUNT(*) FROM package WHERE device_id = $id", ("$id", unit.DeviceId))));

            Assert.Null(result.Imsi);
            Assert.Equal(UsimIdentityKind.Preliminary, device.Runtime.ActiveIdentity);
            AdversaryKit.AssertProfilesAsManufactured(unit, flash);
            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.NotEqual(DeviceStage.Provisioned, status.Stage);
            Assert.NotEqual("retired", status.Rs.State);
            Assert.Null(status.Ho.Imsi);
        }

        // Not an attacker: passes every exchange on and notes its status; once a request to path was refused by the
        // modem (715, TLS handshake failed), halts the device when it tries that path again.
        private static PathAttacker StopAtRetryAfterRefusal(string path)
        {
            int refused = 0;
            return new PathAttacker(async (self, exchange, forward) =>
            {
                bool target = AdversaryKit.Is(exchange, path);
                if (target && refused > 0)
                {
                    return self.StopRun(exchange);
                }

                ModemHttpAnswer answer = await forward();
                self.Note(exchange, answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (target && answer.Status == SimcomHttpStatus.HandshakeFailed)
                {
                    refused++;
                }

                return answer;
            });
        }
    }
}
