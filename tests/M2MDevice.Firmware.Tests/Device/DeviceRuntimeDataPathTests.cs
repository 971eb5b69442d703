using System;
using System.Collections.Generic;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Tests.Modem;
using M2MDevice.Firmware.Tests.Provisioning;
using M2MDevice.Firmware.Usim;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Device
{
    /// <summary>
    /// The runtime with a data path plugged in by the host (DeviceHal.SecureTransport / DeviceHal.Network), as the
    /// ESP32 bench path does (NativeIpSecureTransport, BenchNetwork): no modem, no AT channel, completions delivered from
    /// Tick. The runtime's real soft USIM and key store provision against the in-process RS and HO of the provisioning
    /// tests, from the factory image to the acknowledged install receipt.
    /// </summary>
    public sealed class DeviceRuntimeDataPathTests
    {
        [Fact]
        public void Start_HostDataPathWithoutModem_ProvisionsThroughRsAndHo()
        {
            var bench = new BenchRig(seed: 3);

            Assert.Equal(DeviceStartResult.Started, bench.Start());
            bench.RunUntil(() => bench.Runtime.ProvisioningState == ProvisioningState.Provisioned, limitMs: 600_000);

            Assert.Equal(ProvisioningState.Provisioned, bench.Runtime.ProvisioningState);
            Assert.Equal(UsimIdentityKind.Operational, bench.Runtime.ActiveIdentity);
            Assert.Equal(UsimIdentityKind.Operational, bench.Runtime.PresentedIdentity);
            Assert.True(bench.Runtime.TryGetImsi(out string imsi));
            Assert.Equal(TestHomeOperator.OperationalImsi, imsi);

            // The attach with the PIMSI, then (after the switch in the soft USIM and the key store) with the new IMSI.
            Assert.Equal(
                new[] { "attach Preliminary", "detach", "attach Operational" },
                bench.Network.Calls.ToArray());
            Assert.Equal(ProvisioningHarness.AllowedNetworksHex, Convert.ToHexString(bench.Network.FirstAllowedPlmns));

            // RS (bootstrap AKA with the real soft USIM, home-operator query), HO (package, receipt), in order.
            List<string> urls = bench.Inner.Urls;
            Assert.Equal("https://" + bench.Rs.Host + "/ub/v1/bootstrap", urls[0]);
            Assert.Contains("https://" + bench.Rs.Host + "/ub/v1/home-operator", urls);
            Assert.Contains(bench.Ho.BaseUrl + "ua/v1/package", urls);
            Assert.Equal(bench.Ho.BaseUrl + "ua/v1/notification", urls[urls.Count - 1]);
            Assert.Equal(2, Count(urls, "/ub/v1/bootstrap"));
            Assert.Equal(1, bench.Rs.Bootstraps);
            Assert.Equal(1, bench.Ho.Acks);

            // No radio: the receipt carries no PLMN.
            Assert.Equal("receipt 1", Assert.Single(bench.Ho.Notifications));

            // Every completion came from inside Tick, none from inside a request.
            Assert.True(bench.Transport.Completions >= 4);
            Assert.Equal(0, bench.Transport.CompletionsOutsideTick);
            Assert.Equal(0, bench.Network.CompletionsOutsideTick);
        }

        [Fact]
        public void Start_HostDataPathWithoutModem_BuildsNoModemParts()
        {
            var bench = new BenchRig(seed: 4);

            Assert.Equal(DeviceStartResult.Started, bench.Start());

            Assert.Null(bench.Runtime.Channel);
            Assert.Null(bench.Runtime.Cellular);
            Assert.Null(bench.Runtime.Transport);
            Assert.Null(bench.Runtime.RemoteSim);
            Assert.Same(bench.Transport, bench.Runtime.SecureTransport);
            Assert.Same(bench.Network, bench.Runtime.Network);
            Assert.False(bench.Runtime.UsesModemTransport);
            Assert.False(bench.Runtime.UsesModemNetwork);
            Assert.Equal(CellularState.Off, bench.Runtime.CellularState);
            Assert.Null(bench.Runtime.RegisteredPlmn);
            Assert.Equal(ProvisioningState.PreliminaryAttach, bench.Runtime.ProvisioningState);

            // Bytes from a modem that is not there are counted and dropped.
            byte[] noise = { 13, 10, (byte)'O', (byte)'K', 13, 10 };
            bench.Runtime.Receive(noise, 0, noise.Length);
            Assert.Equal(noise.Length, bench.Runtime.BytesDiscarded);
            Assert.Equal(0, bench.Runtime.BytesReceived);
        }

        [Fact]
        public void Start_HostDataPath_FailedPostIsRetriedFromTick()
        {
            var bench = new BenchRig(seed: 5);
            bench.Inner.Fail("/ub/v1/bootstrap", TransportResult.TlsFailed, 1);

            Assert.Equal(DeviceStartResult.Started, bench.Start());
            bench.RunUntil(() => bench.Runtime.ProvisioningState == ProvisioningState.Provisioned, limitMs: 600_000);

            Assert.Equal(ProvisioningState.Provisioned, bench.Runtime.ProvisioningState);
            // The bootstrap's two exchanges (challenge, RES) plus the one that failed TLS.
            Assert.Equal(3, Count(bench.Inner.Urls, "/ub/v1/bootstrap"));
            Assert.Equal(TransportResult.TlsFailed, bench.Runtime.Status.LastTransportResult);
            Assert.Equal(0, bench.Transport.CompletionsOutsideTick);
        }

        [Fact]
        public void Constructor_NoModemSinkWithoutBothHostParts_Throws()
        {
            var transportOnly = new DeviceHal
            {
                Flash = NewFlash(),
                FlashFirstSector = FirstSector,
                Keys = Keys(),
                Random = new ProvisioningHarness.SeededRandom(1),
                SecureTransport = new TickedTransport(new FakeSecureTransport(null, null)),
            };

            Assert.Throws<ArgumentException>(() => new DeviceRuntime(transportOnly, new DeviceConfiguration()));
        }

        [Fact]
        public void Start_HostTransportWithModemNetwork_AttachesOverModem()
        {
            var modem = new ScriptedModem(Chunking.Whole, 11) { AllowUnscripted = true };
            var transport = new TickedTransport(new FakeSecureTransport(null, null));
            var hal = new DeviceHal
            {
                ModemSink = modem,
                Flash = NewFlash(),
                FlashFirstSector = FirstSector,
                Keys = Keys(),
                Random = new ProvisioningHarness.SeededRandom(1),
                SecureTransport = transport,
            };
            var runtime = new DeviceRuntime(hal, new DeviceConfiguration());
            byte[] image = ImageBytes();

            Assert.Equal(DeviceStartResult.Started, runtime.Start(image, 0, image.Length));

            Assert.NotNull(runtime.Cellular);
            Assert.NotNull(runtime.RemoteSim);
            Assert.Null(runtime.Transport);
            Assert.Same(transport, runtime.SecureTransport);
            Assert.Same(runtime.Cellular, runtime.Network);
            Assert.False(runtime.UsesModemTransport);
            Assert.True(runtime.UsesModemNetwork);
            Assert.Equal("AT", Assert.Single(modem.CommandLines).Value);
        }

        private static int Count(List<string> urls, string path) => urls.FindAll(u => u.EndsWith(path, StringComparison.Ordinal)).Count;

        /// <summary>A manufactured device whose runtime has no modem: the host's transport and network, RS and HO in-process.</summary>
        private sealed class BenchRig
        {
            private readonly SimulatedFlash flash;
            private readonly byte[] image;

            public BenchRig(int seed)
            {
                flash = NewFlash(seed);
                Rs = new TestRegistrationService(ProvisioningHarness.PreliminaryProfile(), ProvisioningHarness.Impi, seed);
                Ho = new TestHomeOperator(Rs, seed + 1);
                Rs.HomeOperator = Ho;
                var manufacture = new ManufactureImage
                {
                    DeviceId = "bench-0001",
                    RsAddress = "https://" + Rs.Host,
                    RsTrustAnchor = Rs.TrustAnchor,
                    AllowedNetworks = Convert.FromHexString(ProvisioningHarness.AllowedNetworksHex),
                    Preliminary = ProvisioningHarness.PreliminaryProfile(),
                };
                image = ManufactureImage.Encode(manufacture, Keys(), Fill(8, 0xA0));
                Inner = new FakeSecureTransport(Rs, Ho);
                Transport = new TickedTransport(Inner);
                Network = new TickedNetwork();
                var hal = new DeviceHal
                {
                    Flash = flash,
                    FlashFirstSector = FirstSector,
                    Keys = Keys(),
                    Random = new ProvisioningHarness.SeededRandom(seed + 2),
                    SecureTransport = Transport,
                    Network = Network,
                };
                Runtime = new DeviceRuntime(hal, new DeviceConfiguration());
                Network.Runtime = Runtime;
            }

            public TestRegistrationService Rs { get; }

            public TestHomeOperator Ho { get; }

            public FakeSecureTransport Inner { get; }

            public TickedTransport Transport { get; }

            public TickedNetwork Network { get; }

            public DeviceRuntime Runtime { get; }

            public DeviceStartResult Start() => Runtime.Start(image, 0, image.Length);

            public void RunUntil(Func<bool> done, long limitMs, int tick = 100)
            {
                for (long now = 0; !done() && now < limitMs; now += tick)
                {
                    Transport.InTick = true;
                    Network.InTick = true;
                    Runtime.Tick(tick);
                    Transport.InTick = false;
                    Network.InTick = false;
                }
            }
        }

        /// <summary>
        /// The board's pattern over the provisioning tests' FakeSecureTransport: a request is held (as if on the worker)
        /// and its completion delivered from the next Tick; completions are counted and checked to arrive inside Tick.
        /// </summary>
        private sealed class TickedTransport : IDeviceSecureTransport, ISecureTransportListener
        {
            private readonly FakeSecureTransport inner;
            private ISecureTransportListener listener;

            public TickedTransport(FakeSecureTransport inner)
            {
                this.inner = inner;
                inner.Listener = this;
            }

            public bool InTick { get; set; }

            public int Completions { get; private set; }

            public int CompletionsOutsideTick { get; private set; }

            public void SetListener(ISecureTransportListener listener) => this.listener = listener;

            public bool TryBeginPost(string url, byte[] trustAnchorDer, byte[] body, int offset, int count)
                => inner.TryBeginPost(url, trustAnchorDer, body, offset, count);

            public void Cancel() => inner.Cancel();

            public void Tick(int elapsedMilliseconds)
            {
                if (inner.HasPending)
                {
                    inner.Deliver();
                }
            }

            public void OnPostCompleted(TransportResult result, int httpStatus, byte[] body, int offset, int count)
            {
                Completions++;
                if (!InTick)
                {
                    CompletionsOutsideTick++;
                }

                listener.OnPostCompleted(result, httpStatus, body, offset, count);
            }
        }

        /// <summary>
        /// A link without a radio, as BenchNetwork: an attach (with whichever identity the soft USIM presents) reports
        /// Attached without a PLMN at the next Tick, a detach completes at the next Tick.
        /// </summary>
        private sealed class TickedNetwork : IDeviceCellularNetwork
        {
            private ICellularNetworkListener listener;
            private bool attachPending;
            private bool detachPending;

            public DeviceRuntime Runtime { get; set; }

            public bool InTick { get; set; }

            public List<string> Calls { get; } = new List<string>();

            public byte[] FirstAllowedPlmns { get; private set; }

            public int CompletionsOutsideTick { get; private set; }

            public void SetListener(ICellularNetworkListener listener) => this.listener = listener;

            public void BeginAttach(byte[] allowedPlmns, string apn)
            {
                Assert.False(attachPending || detachPending);
                Calls.Add("attach " + Runtime.PresentedIdentity);
                FirstAllowedPlmns ??= allowedPlmns;
                attachPending = true;
            }

            public void BeginDetach()
            {
                Assert.False(attachPending || detachPending);
                Calls.Add("detach");
                detachPending = true;
            }

            public void Tick(int elapsedMilliseconds)
            {
                if (!InTick)
                {
                    CompletionsOutsideTick++;
                }

                if (detachPending)
                {
                    detachPending = false;
                    listener.OnDetachCompleted();
                }
                else if (attachPending)
                {
                    attachPending = false;
                    listener.OnAttachCompleted(AttachResult.Attached, 0, null);
                }
            }
        }
    }
}
