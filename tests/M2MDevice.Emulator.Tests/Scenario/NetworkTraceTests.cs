using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Scenario
{
    /// <summary>
    /// The trace of one device's whole flow through the real composition (RS, HO, VO cores) and the real firmware
    /// runner: the network side now reports its messages (VO AKA and SendAuthenticationInfo, RS bootstrap, Zn, HO
    /// package and outcome), filed under the device through the PIMSI and IMSI aliases, in flow order, without secrets.
    /// </summary>
    public sealed class NetworkTraceTests
    {
        private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);
        private readonly ITestOutputHelper output;

        public NetworkTraceTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task OneDevice_RealNetworkAndFirmware_TraceHasEveryNetworkStepInOrderWithoutSecrets()
        {
            var recorder = new TraceRecorder();
            NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(1);
            options.Trace = recorder;
            using var cancel = new CancellationTokenSource(RunLimit + TimeSpan.FromSeconds(30));
            await using NetworkComposition network = await NetworkComposition.StartAsync(options, cancel.Token);

            // Manufacture by hand to keep the hex of the preliminary K and OPc RS issued (the image encoder wipes them).
            string kHex;
            string opcHex;
            ManufacturedUnit unit;
            using (RsClient manufacturer = network.CreateRsClient(network.ManufacturerToken))
            {
                RsResult<DeviceBatch> batch = await manufacturer.RegisterBatchAsync(1, AkaAlgorithmKind.Milenage, cancel.Token);
                Assert.True(batch.IsSuccess, batch.Error?.ToString());
                ManufacturedDevice device = Assert.Single(batch.Value.Devices);
                kHex = Convert.ToHexString(device.K);
                opcHex = Convert.ToHexString(device.Opc);
                var tool = new DeviceManufacturer(manufacturer) { AllowedNetworks = network.PimsiNetworks, MncLength = options.PimsiRange.Mnc.Length };
                DeviceStorageKeys keys = DeviceStorageKeys.Generate();
                byte[] image = tool.EncodeImage(device, batch.Value.RsAddress, batch.Value.TrustAnchorDer, DeviceManufacturer.EncodeAllowedNetworks(network.PimsiNetworks), keys);
                unit = new ManufacturedUnit(device.DeviceId, device.Pimsi, device.Algorithm, image, keys, null);
            }

            ComposedHomeOperator ho = network.HomeOperators[0];
            using (HttpClient http = network.CreateHttpClient(ho.BaseAddress))
            {
                RsResult<HoDeviceRegistration> registered = await new HomeOperatorClient(http, ho.OwnerToken).RegisterDeviceAsync(unit.DeviceId, cancel.Token);
                Assert.True(registered.IsSuccess, registered.Error?.ToString());
            }

            var runner = new FirmwareDeviceRunner(new DeviceFleetOptions { WorkerCount = 1, DeviceTimeout = RunLimit });
            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, new[] { new DeviceRunSpec(unit, ho.Name, true) }, null, recorder, cancel.Token);

            DeviceRunResult result = Assert.Single(results);
            Assert.True(result.Outcome == DeviceRunOutcome.Provisioned, result.FailureReason);
            IReadOnlyList<TraceEvent> events = recorder.EventsFor(unit.DeviceId);
            foreach (TraceEvent item in events)
            {
                this.output.WriteLine($"{item.From} -> {item.To}: {item.Message} [{item.Detail}]");
            }

            string vo = TraceParticipant.VisitedOperator;
            string rs = TraceParticipant.RegistrationService;
            string hoName = TraceParticipant.HomeOperator;
            string modem = TraceParticipant.Modem;
            string dev = TraceParticipant.Device;
            AssertInOrder(
                events,
                (modem, vo, TraceMessage.AttachRequestPimsi),
                (vo, rs, TraceMessage.SendAuthenticationInfo),
                (rs, vo, TraceMessage.AuthenticationVectors),
                (vo, modem, TraceMessage.AuthenticationRequest),
                (modem, vo, TraceMessage.AuthenticationResponse),
                (vo, modem, TraceMessage.AttachAccept),
                (dev, rs, TraceMessage.BootstrapRequest),
                (rs, dev, TraceMessage.BootstrapChallenge),
                (dev, rs, TraceMessage.BootstrapResponse),
                (rs, dev, TraceMessage.BootstrapResult),
                (dev, hoName, TraceMessage.PackageRequest),
                (hoName, rs, TraceMessage.NafKeyRequest),
                (rs, hoName, TraceMessage.NafKeyAnswer),
                (hoName, hoName, TraceMessage.ProfileGenerated),
                (hoName, dev, TraceMessage.UsimPackage),
                (modem, vo, TraceMessage.AttachRequestImsi),
                (vo, hoName, TraceMessage.SendAuthenticationInfoImsi),
                (hoName, vo, TraceMessage.AuthenticationVectorsImsi),
                (vo, modem, TraceMessage.AttachAccept),
                (dev, hoName, TraceMessage.InstallReceipt),
                (hoName, rs, TraceMessage.Outcome),
                (rs, rs, TraceMessage.PimsiRetired),
                (hoName, dev, TraceMessage.NotificationAck));

            // Every VO event reached the device through an alias: none stays filed under the PIMSI or the IMSI.
            IReadOnlyList<TraceEvent> all = recorder.Snapshot();
            Assert.DoesNotContain(all, e => e.DeviceId == unit.Pimsi || e.DeviceId == result.Imsi);
            Assert.Equal(unit.DeviceId, recorder.DeviceOf(unit.Pimsi));
            Assert.Equal(unit.DeviceId, recorder.DeviceOf(result.Imsi));

            // No secret in any event or in the rendered page: neither the preliminary K/OPc nor anything hex-key-like.
            string page = SequenceDiagramPage.Render("trace", events);
            foreach (TraceEvent item in all)
            {
                string text = string.Join("|", item.DeviceId, item.From, item.To, item.Message, item.Detail);
                Assert.DoesNotContain(kHex, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(opcHex, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotMatch(new Regex("[0-9A-Fa-f]{32}"), text);
            }

            Assert.DoesNotContain(kHex, page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(opcHex, page, StringComparison.OrdinalIgnoreCase);
            Assert.InRange(events.Count, 30, 60);
        }

        [Fact]
        public void RenderSvg_LongLabelBetweenNeighbours_WidensTheGap()
        {
            DateTimeOffset now = DateTimeOffset.UnixEpoch;
            var shortFlow = new[] { new TraceEvent("d", TraceParticipant.Device, TraceParticipant.Modem, "1 x", now) };
            var longFlow = new[] { new TraceEvent("d", TraceParticipant.Device, TraceParticipant.Modem, new string('m', 80), now) };

            string narrow = SequenceDiagramPage.RenderSvg(shortFlow);
            string wide = SequenceDiagramPage.RenderSvg(longFlow);

            // About 6.6 px per 12 px glyph: the two lifelines stand at least the label's width apart.
            Assert.True(LifelineGap(wide) >= 80 * 6, wide);
            Assert.True(LifelineGap(narrow) < LifelineGap(wide));
            Assert.True(SvgWidth(wide) - SvgWidth(narrow) == LifelineGap(wide) - LifelineGap(narrow));
        }

        private static int LifelineGap(string svg)
        {
            MatchCollection lines = Regex.Matches(svg, "<line x1=\"(\\d+)\" y1=\"44\"");
            Assert.Equal(2, lines.Count);
            return int.Parse(lines[1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - int.Parse(lines[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        private static int SvgWidth(string svg) => int.Parse(Regex.Match(svg, "width=\"(\\d+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        private static void AssertInOrder(IReadOnlyList<TraceEvent> events, params (string From, string To, string Message)[] expected)
        {
            int next = 0;
            foreach (TraceEvent item in events)
            {
                if (next < expected.Length && item.From == expected[next].From && item.To == expected[next].To && item.Message == expected[next].Message)
                {
                    next++;
                }
            }

            Assert.True(
                next == expected.Length,
                next == expected.Length ? null : $"missing or out of order: {expected[next].From} -> {expected[next].To}: {expected[next].Message}\n"
                    + string.Join("\n", events.Select(e => $"{e.From} -> {e.To}: {e.Message}")));
        }
    }
}
