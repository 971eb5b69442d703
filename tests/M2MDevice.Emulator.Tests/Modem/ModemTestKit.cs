using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Tests.Radio;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Tests.Modem
{
    /// <summary>
    /// An emulated modem with an inserted card (the firmware's SoftUsim over a DeviceKeyStore loaded from a
    /// manufacture image), a radio environment of visited operators backed by a local AuC, and a raw DTE on an
    /// in-process pipe. The modem starts at AT+CFUN=0 so each test drives the whole sequence.
    /// </summary>
    internal sealed class ModemTestKit : IAsyncDisposable
    {
        /// <summary>TS 35.208 test set 1 K and OPc.</summary>
        public static readonly byte[] K = Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc");

        public static readonly byte[] Opc = Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf");

        public const string Imsi = "001010000000042";

        public const string HomePlmn = "00101";

        public const string RoamingPlmn = "00102";

        public const string RejectingPlmn = "00103";

        private readonly DuplexPipe pipe = new DuplexPipe();
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private Task running;

        private ModemTestKit()
        {
        }

        public LocalAuc Auc { get; } = new LocalAuc();

        public InsertedSimCard Card { get; private set; }

        public RadioEnvironment Radio { get; private set; }

        public EmulatedModem Modem { get; private set; }

        public RawAtClient Dte { get; private set; }

        public DuplexPipe Pipe => pipe;

        public static FixedKeyProvider StorageKeys() => new FixedKeyProvider(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"), Convert.FromHexString("f0e1d2c3b4a5968778695a4b3c2d1e0f"));

        public static UsimProfile Profile(string imsi = Imsi, byte[] k = null, byte[] opc = null)
        {
            var efImsi = new byte[UsimEncoding.ImsiFileLength];
            UsimEncoding.EncodeImsi(imsi, efImsi, 0);
            var iccid = new byte[UsimEncoding.IccidFileLength];
            UsimEncoding.EncodeIccid("8900100000000000042", iccid, 0);
            return new UsimProfile
            {
                EfImsi = efImsi,
                EfIccid = iccid,
                MncLength = 2,
                Algorithm = AkaAlgorithmKind.Milenage,
                K = (byte[])(k ?? K).Clone(),
                Opc = (byte[])(opc ?? Opc).Clone(),
                Fplmn = Convert.FromHexString("ffffffffffffffffffffffff"),
            };
        }

        public static ManufactureImage Image(UsimProfile profile) => new ManufactureImage
        {
            DeviceId = "dev-emulator-test",
            RsAddress = "https://127.0.0.1:8443/",
            RsTrustAnchor = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 },
            AllowedNetworks = Convert.FromHexString("00f110"),
            Preliminary = profile,
        };

        /// <summary>
        /// Operators: 00101 "Home One" (PIMSIs of 0010100 accepted through the AuC, walled garden), 00102
        /// "Roam Two" (same subscribers, no garden), 00103 "Reject Three" (rejects everyone with #11).
        /// </summary>
        public static async Task<ModemTestKit> StartAsync(
            Func<ModemTestKit, IEnumerable<CellOperator>> operators = null,
            Action<ModemOptions> configure = null,
            bool withCard = true,
            bool rawDte = true,
            UsimProfile profile = null)
        {
            var kit = new ModemTestKit();
            kit.Auc.Add(Imsi, K, Opc);
            kit.Radio = new RadioEnvironment(operators != null ? operators(kit) : kit.DefaultOperators());
            if (withCard)
            {
                kit.Card = InsertedSimCard.FromManufactureImage(Image(profile ?? Profile()), StorageKeys());
            }

            var options = new ModemOptions { InitialFunctionality = 0, RemoteSimTimeout = TimeSpan.FromSeconds(10) };
            configure?.Invoke(options);
            kit.Modem = new EmulatedModem(options, kit.Radio, kit.Card);
            kit.running = kit.Modem.RunAsync(kit.pipe.ModemEnd, kit.stop.Token);
            if (rawDte)
            {
                kit.Dte = new RawAtClient(kit.pipe.DeviceEnd);
                Assert.Equal(new[] { "ATE0", "OK" }, await kit.Dte.CommandAsync("ATE0"));
            }

            return kit;
        }

        public IEnumerable<CellOperator> DefaultOperators()
        {
            return new[]
            {
                Operator(HomePlmn, "Home One", "HOME1", 24, SubscriberRule.Accept("0010100", "0010100", Auc, "auc", true), garden: Garden()),
                Operator(RoamingPlmn, "Roam Two", "ROAM2", 18, SubscriberRule.Accept("0010100", "0010100", Auc, "auc", false)),
                Operator(RejectingPlmn, "Reject Three", "REJ3", 12, SubscriberRule.Reject("0", "9", NasCause.PlmnNotAllowed)),
            };
        }

        public static DataSessionPolicy Garden(params string[] hosts) => new DataSessionPolicy(hosts, 64 * 1024, TimeSpan.FromMinutes(15));

        public static CellOperator Operator(string plmn, string name, string shortName, int rssi, SubscriberRule rule, int areaCode = 0x1A2B, int cellId = 0x01234567, DataSessionPolicy garden = null)
        {
            var core = new VisitedOperator(name, rule == null ? Array.Empty<SubscriberRule>() : new[] { rule }, NasCause.PlmnNotAllowed, garden);
            return new CellOperator(plmn, name, shortName, 7, rssi, 0, areaCode, cellId, core);
        }

        /// <summary>ATE0 done; sets CMEE and CEREG mode, powers on, waits for +CPIN: READY.</summary>
        public async Task PowerOnAsync(int errorMode = 2, int eregMode = 3)
        {
            Assert.Equal("OK", (await Dte.CommandAsync("AT+CMEE=" + errorMode))[^1]);
            Assert.Equal("OK", (await Dte.CommandAsync("AT+CEREG=" + eregMode))[^1]);
            Assert.Equal("OK", (await Dte.CommandAsync("AT+CFUN=1"))[^1]);
            await Dte.WaitForAsync("+CPIN: READY");
        }

        public async ValueTask DisposeAsync()
        {
            stop.Cancel();

            // The DTE's reader stops first: a pipe hung up under a pump about to read again would throw from the read.
            if (Dte != null)
            {
                await Dte.DisposeAsync();
            }

            pipe.Dispose();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }

            await Modem.DisposeAsync();
        }
    }
}
