using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// Steps shared by the adversarial end-to-end tests beyond <see cref="EndToEndKit"/>: one real-firmware device run
    /// directly on a <see cref="DeviceFleet"/> (so a test can reach its modem before it starts), a reboot that keeps the
    /// device's flash, the key store read back from a flash image, and a radio whose vector sources a test wraps.
    /// </summary>
    internal static class AdversaryKit
    {
        /// <summary>Paths of the device's requests (firmware DeviceConfiguration defaults).</summary>
        public const string BootstrapPath = "ub/v1/bootstrap";

        /// <summary>RS path of the home-operator query.</summary>
        public const string HomeOperatorPath = "ub/v1/home-operator";

        /// <summary>HO path of the package request.</summary>
        public const string PackagePath = "ua/v1/package";

        /// <summary>HO path of install receipts and failure reports.</summary>
        public const string NotificationPath = "ua/v1/notification";

        /// <summary>Fleet options for one device with a longer firmware log kept (assertions read it).</summary>
        public static DeviceFleetOptions FleetOptions(TimeSpan timeout)
        {
            DeviceFleetOptions options = EndToEndKit.FleetOptions(1);
            options.DeviceTimeout = timeout;
            options.LogLinesKept = 400;
            return options;
        }

        /// <summary>
        /// Fleet options for one device that rolls back fast: one operational attach before rolling back, short
        /// back-offs and cycle delay, and a 2 s registration deadline (a cell rejecting the IMSI with #11 answers at
        /// once; the emulator's default waits 30 s).
        /// </summary>
        public static DeviceFleetOptions QuickRollbackOptions(TimeSpan timeout)
        {
            DeviceFleetOptions options = FleetOptions(timeout);
            options.CreateConfiguration = () =>
            {
                DeviceConfiguration configuration = DeviceFleetOptions.FastConfiguration();
                configuration.MaxOperationalAttachAttempts = 1;
                configuration.OperationalRetryDelayMs = 200;
                configuration.RetryBaseMs = 200;
                configuration.CycleDelayMs = 200;
                return configuration;
            };
            options.ConfigureCellular = cellular =>
            {
                DeviceFleetOptions.FastCellular(cellular);
                cellular.RegistrationTimeoutMilliseconds = 2000;
            };
            return options;
        }

        /// <summary>Network options for one home operator whose servers and cores record to <paramref name="trace"/>.</summary>
        public static NetworkCompositionOptions TracedOptions(ITraceRecorder trace)
        {
            NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(1);
            options.Trace = trace;
            return options;
        }

        /// <summary>One device manufactured for the network and registered with <paramref name="ho"/>.</summary>
        public static async Task<ManufacturedUnit> RegisteredUnitAsync(NetworkComposition network, ComposedHomeOperator ho)
        {
            ManufacturedUnit unit = (await EndToEndKit.ManufactureAsync(network, 1)).Single();
            await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);
            return unit;
        }

        /// <summary>
        /// The unit's board powered up again on <paramref name="flash"/> in the network's own radio and on a clean path:
        /// runs it, writes its explanation to <paramref name="output"/>, asserts it provisioned and returns its flash.
        /// </summary>
        public static async Task<byte[]> RebootAndAssertProvisionedAsync(NetworkComposition network, ComposedHomeOperator ho, ManufacturedUnit unit, DeviceFleetOptions options, byte[] flash, ITestOutputHelper output)
        {
            EmulatedDevice rebooted = NewDevice(unit, network.Radio, options, flash);
            byte[] after = await RunAsync(rebooted, options);
            DeviceRunResult result = rebooted.ToResult();
            output.WriteLine(EndToEndKit.Explain(result, rebooted));
            await EndToEndKit.AssertProvisionedAsync(network, ho, unit, result, rebooted);
            return after;
        }

        /// <summary>
        /// A device of unit in radio; with flash (a <c>CopyTo</c> image of an earlier run of the
        /// same device) it boots from that flash as after a power cycle instead of from its blank flash and image.
        /// </summary>
        public static EmulatedDevice NewDevice(ManufacturedUnit unit, RadioEnvironment radio, DeviceFleetOptions options, byte[] flash = null)
        {
            var device = new EmulatedDevice(unit.DeviceId, unit.Image, unit.Keys.ToKeyProvider(), radio, true, 0, options, null);
            if (flash != null)
            {
                device.Flash.LoadFrom(flash);
            }

            return device;
        }

        /// <summary>Runs one device until it has an outcome or <paramref name="stop"/> is cancelled; returns its flash.</summary>
        public static async Task<byte[]> RunAsync(EmulatedDevice device, DeviceFleetOptions options, CancellationToken stop = default)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop, EndToEndKit.Deadline());
            await new DeviceFleet(options).RunAsync(new[] { device }, null, limit.Token);
            byte[] flash = new byte[device.Flash.Size];
            device.Flash.CopyTo(flash);
            return flash;
        }

        /// <summary>
        /// Runs device with <paramref name="path"/> on its modem's HTTP data path until it has an outcome or the path
        /// stops the run; writes the path's log and the device's explanation to <paramref name="output"/>, asserts the
        /// path's handler never failed, and returns the device's flash.
        /// </summary>
        public static async Task<byte[]> RunOnPathAsync(EmulatedDevice device, DeviceFleetOptions options, PathAttacker path, ITestOutputHelper output)
        {
            device.Modem.HttpInterceptor = path;
            byte[] flash = await RunAsync(device, options, path.Stop);
            output.WriteLine(string.Join("\n", path.Log));
            path.AssertHandlerSucceeded();
            output.WriteLine(EndToEndKit.Explain(device.ToResult(), device));
            return flash;
        }

        /// <summary>The key store read back from a flash image of the device (as the firmware mounts it at boot).</summary>
        public static DeviceKeyStore OpenStore(ManufacturedUnit unit, byte[] flash)
        {
            var copy = new SimulatedFlash(4096, DeviceKeyStore.SectorCount, 256, 1);
            copy.LoadFrom(flash);
            var store = new DeviceKeyStore(copy, 0, unit.Keys.ToKeyProvider());
            Assert.Equal(KeyStoreResult.Ok, store.Mount());
            return store;
        }

        /// <summary>The key store as the manufacturer leaves it: the unit's image loaded into a blank flash.</summary>
        public static DeviceKeyStore ManufacturedStore(ManufacturedUnit unit, out byte[] flash)
        {
            var blank = new SimulatedFlash(4096, DeviceKeyStore.SectorCount, 256, 1);
            var store = new DeviceKeyStore(blank, 0, unit.Keys.ToKeyProvider());
            store.Mount();
            Assert.Equal(KeyStoreResult.Ok, store.LoadManufactureImage(unit.Image, 0, unit.Image.Length, out _));
            flash = new byte[blank.Size];
            blank.CopyTo(flash);
            return store;
        }

        /// <summary>SHA-256 of the two flash sectors of the key store's profile records (selector, active, staged, last sequence).</summary>
        public static string ProfileAreaHash(DeviceKeyStore store, byte[] flash)
        {
            int first = store.GetLog(RecordType.Profiles).FirstSector;
            return Convert.ToHexString(SHA256.HashData(flash.AsSpan(first * 4096, 2 * 4096)));
        }

        /// <summary>
        /// Asserts the USIM side of the key store is exactly as manufactured: no staged or active operational profile,
        /// nothing ever committed, the preliminary identity active and identical, the profile records not rewritten.
        /// </summary>
        public static void AssertProfilesAsManufactured(ManufacturedUnit unit, byte[] flash)
        {
            DeviceKeyStore manufactured = ManufacturedStore(unit, out byte[] manufacturedFlash);
            DeviceKeyStore store = OpenStore(unit, flash);
            Assert.False(store.HasStagedProfile, "a profile is staged");
            Assert.False(store.HasActiveProfile, "an operational profile is active");
            Assert.Equal(0u, store.LastCommittedProfileSequence);
            Assert.Equal(UsimIdentityKind.Preliminary, store.ActiveIdentity);
            Assert.True(store.HasPreliminary);
            Assert.False(store.IsPreliminaryRetired);
            Assert.Equal(manufactured.GetLog(RecordType.Profiles).LastSequence, store.GetLog(RecordType.Profiles).LastSequence);
            Assert.Equal(ProfileAreaHash(manufactured, manufacturedFlash), ProfileAreaHash(store, flash));
            Assert.True(store.TryGetProfile(UsimIdentityKind.Preliminary, out UsimProfile preliminary));
            Assert.True(manufactured.TryGetProfile(UsimIdentityKind.Preliminary, out UsimProfile original));
            Assert.Equal(original.EfImsi, preliminary.EfImsi);
            Assert.Equal(original.K, preliminary.K);
            Assert.Equal(original.Opc, preliminary.Opc);
        }

        /// <summary>
        /// The radio of <paramref name="radio"/> with every accepting rule's vector source passed through
        /// <paramref name="wrap"/> (return the source itself to keep it); the cores record to <paramref name="trace"/>.
        /// </summary>
        public static RadioEnvironment WithSources(RadioEnvironment radio, Func<CellOperator, SubscriberRule, IAuthenticationVectorSource> wrap, ITraceRecorder trace)
        {
            return WithRules(radio, (cell, rule) => SubscriberRule.Accept(rule.First, rule.Last, wrap(cell, rule), rule.SourceName, rule.WalledGarden), trace);
        }

        /// <summary>
        /// The radio of <paramref name="radio"/> where no cell accepts the subscribers of <paramref name="sourceName"/> (a
        /// home operator's name): their attaches are rejected with #11 PLMN not allowed, as outside that HO's coverage.
        /// </summary>
        public static RadioEnvironment WithoutCoverageFor(RadioEnvironment radio, string sourceName, ITraceRecorder trace)
        {
            return WithRules(radio, (cell, rule) => rule.SourceName == sourceName ? SubscriberRule.Reject(rule.First, rule.Last, NasCause.PlmnNotAllowed) : rule, trace);
        }

        /// <summary>The radio with every accepting rule replaced by <paramref name="map"/>'s result (rejecting rules kept).</summary>
        public static RadioEnvironment WithRules(RadioEnvironment radio, Func<CellOperator, SubscriberRule, SubscriberRule> map, ITraceRecorder trace)
        {
            var cells = new List<CellOperator>();
            foreach (CellOperator cell in radio.Operators)
            {
                var rules = new List<SubscriberRule>();
                foreach (SubscriberRule rule in cell.Core.Rules)
                {
                    rules.Add(rule.RejectCause != 0 ? rule : map(cell, rule));
                }

                var core = new VisitedOperator(cell.Core.Name, rules, cell.Core.DefaultRejectCause, cell.Core.WalledGarden, trace: trace);
                cells.Add(new CellOperator(cell.Plmn, cell.LongName, cell.ShortName, cell.AccessTechnology, cell.Rssi, cell.BitErrorRate, cell.AreaCode, cell.CellId, core));
            }

            return new RadioEnvironment(cells);
        }

        /// <summary>True when the exchange is a POST to the path (below RS or the HO).</summary>
        public static bool Is(ModemHttpExchange exchange, string path) => exchange.Url.EndsWith("/" + path, StringComparison.Ordinal);

        /// <summary>The firmware's recent log lines that mention text.</summary>
        public static string[] LogLines(EmulatedDevice device, string text) => device.RecentLog.Where(l => l.Contains(text, StringComparison.Ordinal)).ToArray();
    }
}
