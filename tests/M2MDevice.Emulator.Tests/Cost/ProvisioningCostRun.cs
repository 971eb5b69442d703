using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Emulator.Tests.Cost
{
    /// <summary>
    /// Issue 8 part 3: one whole provisioning of one device with the real firmware on its own thread
    /// (<see cref="DedicatedFirmwareDevice"/>) in a started <see cref="NetworkComposition"/>: manufacture at RS, register at
    /// the first HO, then boot, SIM bring-up, attach with the PIMSI, bootstrap and HO address from RS over the modem's
    /// TLS, package download, install, re-attach with the new IMSI, install receipt. No xUnit dependency (the benchmarks
    /// link it); failures throw <see cref="InvalidOperationException"/>.
    /// </summary>
    public static class ProvisioningCostRun
    {
        /// <summary>Time allowed for the device to provision.</summary>
        public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

        /// <summary>Manufactures one MILENAGE device at the network's RS and registers it at its first HO.</summary>
        public static async Task<ManufacturedUnit> ManufactureAndRegisterAsync(NetworkComposition network)
        {
            ArgumentNullException.ThrowIfNull(network);
            ManufacturedUnit unit;
            using (RsClient manufacturer = network.CreateRsClient(network.ManufacturerToken))
            {
                var tool = new DeviceManufacturer(manufacturer)
                {
                    AllowedNetworks = network.PimsiNetworks,
                    MncLength = network.Options.PimsiRange.Mnc.Length,
                };
                RsResult<ManufacturedBatch> made = await tool.ManufactureAsync(1, AkaAlgorithmKind.Milenage).ConfigureAwait(false);
                if (!made.IsSuccess)
                {
                    throw new InvalidOperationException("manufacture failed: " + made.Error);
                }

                unit = made.Value.Units[0];
            }

            ComposedHomeOperator ho = network.HomeOperators[0];
            using HttpClient http = network.CreateHttpClient(ho.BaseAddress);
            RsResult<HoDeviceRegistration> registered = await new HomeOperatorClient(http, ho.OwnerToken).RegisterDeviceAsync(unit.DeviceId).ConfigureAwait(false);
            if (!registered.IsSuccess)
            {
                throw new InvalidOperationException("registration at the HO failed: " + registered.Error);
            }

            return unit;
        }

        /// <summary>
        /// Cross-check of <see cref="RetainedGraph"/> in a quiet process: boots a second firmware instance of unit on a blank
        /// flash with a modem sink that discards everything, and compares GC.GetTotalMemory(true) before and after (the
        /// flash and Hal are allocated before the first reading) with the graph walk of the same instance. Only meaningful
        /// when no other thread allocates meanwhile (the benchmarks' process, not a parallel test run).
        /// </summary>
        public static long MeasureBootByGc(ManufacturedUnit unit, out RetainedGraph walked)
        {
            ArgumentNullException.ThrowIfNull(unit);

            // Median of three: a late finalizer or a pool thread of the stopped network can still move the heap once.
            long[] deltas = new long[3];
            walked = null;
            for (int i = 0; i < deltas.Length; i++)
            {
                deltas[i] = MeasureBootByGcOnce(unit, out walked);
            }

            Array.Sort(deltas);
            return deltas[1];
        }

        private static long MeasureBootByGcOnce(ManufacturedUnit unit, out RetainedGraph walked)
        {
            var hal = new M2MDevice.Firmware.Device.DeviceHal
            {
                ModemSink = new DiscardingSink(),
                Flash = new M2MDevice.Firmware.Hal.SimulatedFlash(4096, M2MDevice.Firmware.KeyStore.DeviceKeyStore.SectorCount, 256, 11),
                Keys = unit.Keys.ToKeyProvider(),
                Random = new M2MDevice.Emulator.Devices.HostRandomSource(),
            };
            M2MDevice.Firmware.Provisioning.DeviceConfiguration configuration = M2MDevice.Emulator.Devices.DeviceFleetOptions.FastConfiguration();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long before = GC.GetTotalMemory(true);
            var runtime = new M2MDevice.Firmware.Device.DeviceRuntime(hal, configuration);
            runtime.Start(unit.Image, 0, unit.Image.Length);
            long after = GC.GetTotalMemory(true);
            walked = RetainedGraph.Measure(runtime, hal.ModemSink, hal.Flash, hal.Keys, hal.Random);
            GC.KeepAlive(runtime);
            return after - before;
        }

        /// <summary>Starts the default network (one HO), provisions one device on a dedicated thread, stops the network.</summary>
        public static async Task<DedicatedFirmwareDevice> RunOnceAsync(bool walkGraph, CancellationToken cancellationToken)
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1), cancellationToken).ConfigureAwait(false);
            ManufacturedUnit unit = await ManufactureAndRegisterAsync(network).ConfigureAwait(false);
            var device = new DedicatedFirmwareDevice(unit, network.Radio, null, walkGraph);
            await device.RunAsync(Limit, cancellationToken).ConfigureAwait(false);
            return device;
        }

        private sealed class DiscardingSink : M2MDevice.Firmware.Hal.IByteSink
        {
            public void Write(byte[] buffer, int offset, int count)
            {
            }
        }
    }
}
