using System;
using System.Collections.Generic;
using M2MDevice.Aka;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using static M2MDevice.Firmware.Tests.KeyStore.KeyStoreTestKit;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>
    /// One emulated device and its world: a real DeviceKeyStore on a SimulatedFlash initialized from a ManufactureImage,
    /// the AKA of the soft USIM over that store, a fake modem link, HTTPS to an in-process RS and HO, and the
    /// provisioning state machine. Time is virtual: when nothing is in flight the harness jumps to the next timer
    /// (deterministic, no sleeps). <see cref="Reboot"/> keeps the flash and the servers and rebuilds everything else.
    /// </summary>
    internal sealed class ProvisioningHarness
    {
        public const string Pimsi = "001010000000100";
        public const string Impi = "001010000000100@ims.mnc001.mcc001.3gppnetwork.org";
        public const string AllowedNetworksHex = "00F11062F210";

        // TS 35.208 test set 1 K and OPc as the preliminary credentials.
        public static readonly byte[] PreliminaryK = Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc");
        public static readonly byte[] PreliminaryOpc = Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf");

        private ProvisioningHarness(int seed)
        {
            Seed = seed;
            Flash = NewFlash(seed);
            Rs = new TestRegistrationService(PreliminaryProfile(), Impi, seed);
            Ho = new TestHomeOperator(Rs, seed + 1);
            Rs.HomeOperator = Ho;
            Random = new SeededRandom(seed + 2);
        }

        public int Seed { get; }

        public SimulatedFlash Flash { get; }

        public TestRegistrationService Rs { get; }

        public TestHomeOperator Ho { get; }

        public SeededRandom Random { get; }

        public DeviceConfiguration Config { get; } = new DeviceConfiguration();

        public DeviceKeyStore Store { get; private set; }

        public FakeBootstrapUsim Usim { get; private set; }

        public FakeCellularNetwork Network { get; private set; }

        public FakeSecureTransport Transport { get; private set; }

        public ProvisioningStateMachine Machine { get; private set; }

        public ListLog Log { get; } = new ListLog();

        public Queue<AttachResult?> PreliminaryScript { get; } = new Queue<AttachResult?>();

        public Queue<AttachResult?> OperationalScript { get; } = new Queue<AttachResult?>();

        /// <summary>Called on every new network and transport (after a reboot too), to script faults.</summary>
        public Action<ProvisioningHarness> OnBoot { get; set; }

        public long ElapsedMs { get; private set; }

        /// <summary>A scenario switch: the next boot makes the first package request fail TLS once.</summary>
        public bool FailPackageOnce { get; set; }

        public int Boots { get; private set; }

        /// <summary>The persisted state each boot found.</summary>
        public List<ProvisioningState> PersistedAtBoot { get; } = new List<ProvisioningState>();

        /// <summary>A manufactured device (store initialized from its image), not yet started.</summary>
        public static ProvisioningHarness Manufacture(int seed = 1)
        {
            var harness = new ProvisioningHarness(seed);
            var store = new DeviceKeyStore(harness.Flash, FirstSector, Keys());
            Assert.Equal(KeyStoreResult.NotInitialized, store.Mount());
            var image = new ManufactureImage
            {
                DeviceId = "dev-0001",
                RsAddress = "https://" + harness.Rs.Host,
                RsTrustAnchor = harness.Rs.TrustAnchor,
                AllowedNetworks = Convert.FromHexString(AllowedNetworksHex),
                Preliminary = PreliminaryProfile(),
            };
            byte[] bytes = ManufactureImage.Encode(image, Keys(), Fill(8, 0xA0));
            Assert.Equal(KeyStoreResult.Ok, store.LoadManufactureImage(bytes, 0, bytes.Length, out RecordStatus status));
            Assert.Equal(RecordStatus.Valid, status);
            return harness;
        }

        /// <summary>Manufactured and booted.</summary>
        public static ProvisioningHarness Started(int seed = 1, Action<ProvisioningHarness> prepare = null)
        {
            ProvisioningHarness harness = Manufacture(seed);
            prepare?.Invoke(harness);
            harness.Boot();
            return harness;
        }

        public static UsimProfile PreliminaryProfile()
        {
            var efImsi = new byte[UsimEncoding.ImsiFileLength];
            UsimEncoding.EncodeImsi(Pimsi, efImsi, 0);
            var efIccid = new byte[UsimEncoding.IccidFileLength];
            UsimEncoding.EncodeIccid("8949010000000000100", efIccid, 0);
            return new UsimProfile
            {
                EfImsi = efImsi,
                EfIccid = efIccid,
                MncLength = 2,
                Algorithm = AkaAlgorithmKind.Milenage,
                K = (byte[])PreliminaryK.Clone(),
                Opc = (byte[])PreliminaryOpc.Clone(),
            };
        }

        /// <summary>A stand-in DER certificate: SEQUENCE header then filler (the fakes compare anchors byte for byte).</summary>
        public static byte[] Der(byte seed, int length)
        {
            byte[] der = Fill(length, seed);
            der[0] = 0x30;
            der[1] = 0x82;
            der[2] = (byte)((length - 4) >> 8);
            der[3] = (byte)(length - 4);
            return der;
        }

        /// <summary>Power-up: mount, USIM with the selected identity, fresh link and transport, Start.</summary>
        public void Boot()
        {
            Boots++;
            Store = new DeviceKeyStore(Flash, FirstSector, Keys());
            Assert.Equal(KeyStoreResult.Ok, Store.Mount());
            Assert.Equal(0, Store.BodyErrors);
            Usim = new FakeBootstrapUsim(Store);
            Network = new FakeCellularNetwork(Usim, Rs, Ho, PreliminaryScript, OperationalScript);
            Transport = new FakeSecureTransport(Rs, Ho);
            OnBoot?.Invoke(this);
            PersistedAtBoot.Add((ProvisioningState)Store.ProvisioningStateNumber);
            Machine = new ProvisioningStateMachine(Store, Usim, Network, Transport, Random, Config, Log);
            Network.Listener = Machine;
            Transport.Listener = Machine;
            Machine.Start();
        }

        /// <summary>Power returns after a loss: same flash (torn write included) and servers, everything else new.</summary>
        public void Reboot()
        {
            Flash.Reboot();
            Boot();
        }

        /// <summary>
        /// Delivers whatever is in flight, else jumps to the next timer, until the predicate holds (checked before every
        /// step), the device rests (Provisioned or Suspended with nothing in flight) or maxSteps pass.
        /// </summary>
        public void Run(Func<ProvisioningHarness, bool> until = null, int maxSteps = 20000)
        {
            for (int step = 0; step < maxSteps; step++)
            {
                if (until != null && until(this))
                {
                    return;
                }

                if (Transport.HasPending)
                {
                    Transport.Deliver();
                    continue;
                }

                if (Network.HasPending)
                {
                    Network.Deliver();
                    continue;
                }

                ProvisioningState state = Machine.State;
                if (until == null && (state == ProvisioningState.Provisioned || state == ProvisioningState.Suspended))
                {
                    return;
                }

                if (!Machine.IsTimerArmed)
                {
                    return;
                }

                int wait = Machine.TimerRemainingMs;
                ElapsedMs += wait;
                Machine.Tick(wait);
            }

            Assert.Fail("provisioning did not settle in " + maxSteps + " steps; state " + Machine.Status.StateName);
        }

        /// <summary>Runs until the given state is entered (or the device rests).</summary>
        public void RunUntil(ProvisioningState state) => Run(h => h.Machine.State == state);

        internal sealed class SeededRandom : IRandomSource
        {
            private readonly Random random;

            public SeededRandom(int seed) => random = new Random(seed);

            public void GetBytes(byte[] buffer, int offset, int count) => random.NextBytes(buffer.AsSpan(offset, count));
        }

        internal sealed class ListLog : IProvisioningLog
        {
            public List<string> Lines { get; } = new List<string>();

            public void Write(string line) => Lines.Add(line);

            /// <summary>The states entered, in order ("A -> B on E" lines).</summary>
            public List<string> Transitions()
            {
                var states = new List<string>();
                foreach (string line in Lines)
                {
                    int arrow = line.IndexOf(" -> ", StringComparison.Ordinal);
                    if (arrow > 0)
                    {
                        int on = line.IndexOf(" on ", arrow, StringComparison.Ordinal);
                        states.Add(line.Substring(arrow + 4, on - arrow - 4));
                    }
                }

                return states;
            }
        }
    }
}
