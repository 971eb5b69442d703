using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// Issue 7 part 1 (5): a man in the middle that can alter application bytes despite TLS. It sits on the modem's
    /// HTTP data path after TLS (<see cref="IModemHttpInterceptor"/>): a compromised modem, or equally for the firmware
    /// a TLS-terminating middlebox with a certificate mis-issued by the trusted CA, since the firmware only sees what
    /// AT+HTTPREAD returns. It alters RS's home-operator answer (redirects the HO address, or cuts the answer short) or
    /// the HO's USIM package (flips a byte of the encrypted body, cuts it short at every try, or substitutes the valid
    /// package of another device). The real firmware refuses each (docs/protocol.md 6: nothing is used before MAC and
    /// nonce verify), installs nothing (the key store's profile records are byte for byte as manufactured) and, booted
    /// again from the same flash on a clean path, provisions: the attack costs a retry, not the device.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ManInTheMiddleTests
    {
        private readonly ITestOutputHelper output;

        public ManInTheMiddleTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        /// <summary>How the attacker alters an answer.</summary>
        public enum Alteration
        {
            /// <summary>Change bytes inside the MAC-protected content, keeping the structure valid.</summary>
            Rewrite,

            /// <summary>Deliver only the first part of the answer (every time it is asked for).</summary>
            Truncate,

            /// <summary>Deliver a genuine, correctly MAC'd package issued to another device.</summary>
            OtherDevicesPackage,
        }

        [Theory]
        [InlineData(Alteration.Rewrite, ProvisioningError.AnswerRejected)]
        [InlineData(Alteration.Truncate, ProvisioningError.MalformedAnswer)]
        public async Task HomeOperatorAnswer_AlteredOnPath_RefusedNothingInstalledCleanRunProvisions(Alteration alteration, ProvisioningError expected)
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = await AdversaryKit.RegisteredUnitAsync(network, ho);
            byte[] hoAddress = Encoding.ASCII.GetBytes(ho.BaseAddress.Authority);

            int altered = 0;
            using var attacker = new PathAttacker(async (self, exchange, forward) =>
            {
                if (!AdversaryKit.Is(exchange, AdversaryKit.HomeOperatorPath))
                {
                    return await forward();
                }

                if (altered > 0)
                {
                    // The device asks again: it did not take the altered answer. Halt it here.
                    return self.StopRun(exchange);
                }

                ModemHttpAnswer genuine = await forward();
                Assert.Equal(200, genuine.Status);
                byte[] body = (byte[])genuine.Body.Clone();
                if (alteration == Alteration.Rewrite)
                {
                    // Redirect the device to another port of the HO host (the attacker's server): the last port digit changes.
                    int at = body.AsSpan().IndexOf(hoAddress);
                    Assert.True(at >= 0, "the HO address is not in the answer");
                    body[at + hoAddress.Length - 1] = (byte)(body[at + hoAddress.Length - 1] == '9' ? '8' : body[at + hoAddress.Length - 1] + 1);
                    Assert.Equal(ProtocolResult.Success, HomeOperatorAnswer.TryDecode(body, 0, body.Length, out _));
                }
                else
                {
                    body = body.AsSpan(0, body.Length / 2).ToArray();
                }

                altered++;
                self.Note(exchange, "altered " + alteration);
                return new ModemHttpAnswer(genuine.Status, body);
            });

            DeviceFleetOptions fleet = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            EmulatedDevice device = AdversaryKit.NewDevice(unit, network.Radio, fleet);
            byte[] flash = await AdversaryKit.RunOnPathAsync(device, fleet, attacker, this.output);

            Assert.Equal(1, altered);
            Assert.True(attacker.Stop.IsCancellationRequested, "the device never asked again");
            Assert.True(device.Runtime.Status.Bootstraps >= 1);
            Assert.Equal(expected, device.Runtime.Status.LastError);
            Assert.NotEmpty(AdversaryKit.LogLines(device, "error " + ProvisioningNames.Of(expected)));
            Assert.Equal(0, device.Runtime.Status.PackageRequests);
            Assert.DoesNotContain(device.Transitions, t => t.To == ProvisioningState.Downloading || t.To == ProvisioningState.Installing);
            AdversaryKit.AssertProfilesAsManufactured(unit, flash);
            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.Equal(DeviceStage.Associated, status.Stage);
            Assert.Null(status.Ho.Imsi);

            await this.RebootAndProvisionAsync(network, ho, unit, flash);
        }

        [Theory]
        [InlineData(Alteration.Rewrite)]
        [InlineData(Alteration.Truncate)]
        [InlineData(Alteration.OtherDevicesPackage)]
        public async Task UsimPackage_AlteredOnPath_RejectedNothingInstalledCleanRunProvisions(Alteration alteration)
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ComposedHomeOperator ho = network.HomeOperators[0];
            var units = await EndToEndKit.ManufactureAsync(network, 2);
            ManufacturedUnit unit = units[0];
            await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);

            byte[] otherPackage = null;
            if (alteration == Alteration.OtherDevicesPackage)
            {
                otherPackage = await this.CapturePackageOfAsync(network, ho, units[1]);
            }

            int altered = 0;
            bool rejected = false;
            using var attacker = new PathAttacker(async (self, exchange, forward) =>
            {
                if (!AdversaryKit.Is(exchange, AdversaryKit.PackagePath))
                {
                    return await forward();
                }

                Assert.Equal(ProtocolResult.Success, PackageRequest.TryDecode(exchange.RequestBody, 0, exchange.RequestBody.Length, out PackageRequest request));
                if (altered > 0 && request.ResumeOffset == 0)
                {
                    // A fresh request (new nonce, nothing kept): the device threw the altered package away. Halt it here.
                    rejected = true;
                    return self.StopRun(exchange);
                }

                ModemHttpAnswer genuine = await forward();
                Assert.Equal(200, genuine.Status);
                byte[] body;
                switch (alteration)
                {
                    case Alteration.Rewrite:
                        // One bit of the encrypted profile (mid-message, inside the body field): the structure still decodes.
                        body = (byte[])genuine.Body.Clone();
                        body[body.Length / 2] ^= 0x01;
                        Assert.Equal(ProtocolResult.Success, UsimPackage.TryDecode(body, 0, body.Length, out _));
                        break;
                    case Alteration.Truncate:
                        // Every answer, resumes included, is cut to half: the device resumes a bounded number of times.
                        body = genuine.Body.AsSpan(0, genuine.Body.Length / 2).ToArray();
                        break;
                    default:
                        body = otherPackage;
                        break;
                }

                altered++;
                self.Note(exchange, $"altered {alteration} (resume offset {request.ResumeOffset})");
                return new ModemHttpAnswer(genuine.Status, body);
            });

            DeviceFleetOptions fleet = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            EmulatedDevice device = AdversaryKit.NewDevice(unit, network.Radio, fleet);
            byte[] flash = await AdversaryKit.RunOnPathAsync(device, fleet, attacker, this.output);

            Assert.True(rejected, "the device never asked for a fresh package");
            // A package cut short at every try is abandoned as a step failure; the others fail their MAC check.
            Assert.Equal(alteration == Alteration.Truncate ? 0 : 1, device.Runtime.Status.RejectedPackages);
            Assert.Equal(ProvisioningError.PackageRejected, device.Runtime.Status.LastError);
            Assert.NotEmpty(AdversaryKit.LogLines(device, "error PackageRejected in Downloading"));
            if (alteration == Alteration.Truncate)
            {
                // The first half, then bounded resumes (docs/protocol.md 6.5), each also cut short, before giving up.
                Assert.Equal(1 + new DeviceConfiguration().MaxPackageResumes, altered);
                Assert.NotEmpty(AdversaryKit.LogLines(device, "package cut short, resuming"));
            }
            else
            {
                Assert.Equal(1, altered);
            }

            Assert.DoesNotContain(device.Transitions, t => t.To == ProvisioningState.Installing);
            Assert.Equal(UsimIdentityKind.Preliminary, device.Runtime.ActiveIdentity);
            AdversaryKit.AssertProfilesAsManufactured(unit, flash);
            DeviceStatus status = await EndToEndKit.StatusAsync(network, ho, unit.DeviceId);
            Assert.NotEqual(DeviceStage.Provisioned, status.Stage);
            Assert.NotEqual("retired", status.Rs.State);

            await this.RebootAndProvisionAsync(network, ho, unit, flash);
        }

        // Runs another device to completion while recording the package the HO sent it (a valid message under its key).
        private async Task<byte[]> CapturePackageOfAsync(NetworkComposition network, ComposedHomeOperator ho, ManufacturedUnit other)
        {
            await EndToEndKit.RegisterAsync(network, ho, other.DeviceId);
            byte[] captured = null;
            using var recorder = new PathAttacker(async (self, exchange, forward) =>
            {
                ModemHttpAnswer answer = await forward();
                if (AdversaryKit.Is(exchange, AdversaryKit.PackagePath) && answer.Status == 200)
                {
                    captured = answer.Body;
                    self.Note(exchange, "recorded");
                }

                return answer;
            });
            DeviceFleetOptions fleet = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            EmulatedDevice device = AdversaryKit.NewDevice(other, network.Radio, fleet);
            device.Modem.HttpInterceptor = recorder;
            await AdversaryKit.RunAsync(device, fleet);
            await EndToEndKit.AssertProvisionedAsync(network, ho, other, device.ToResult(), device);
            Assert.NotNull(captured);
            Assert.Equal(ProtocolResult.Success, UsimPackage.TryDecode(captured, 0, captured.Length, out _));
            return captured;
        }

        // The same board powered up again on its flash, now on a clean path: it provisions, installing the HO's profile 1.
        private async Task RebootAndProvisionAsync(NetworkComposition network, ComposedHomeOperator ho, ManufacturedUnit unit, byte[] flash)
        {
            DeviceFleetOptions fleet = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            byte[] after = await AdversaryKit.RebootAndAssertProvisionedAsync(network, ho, unit, fleet, flash, this.output);
            DeviceKeyStore store = AdversaryKit.OpenStore(unit, after);
            Assert.Equal(1u, store.LastCommittedProfileSequence);
            Assert.Equal(UsimIdentityKind.Operational, store.ActiveIdentity);
        }
    }
}
