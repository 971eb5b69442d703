using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// The demo of issue 6: starts a <see cref="NetworkComposition"/> in memory, manufactures the devices (real RS
    /// batch, real manufacture images), registers each with an owner at one of the home operators (spread by the
    /// seed; each HO associates it at RS), then hands the devices to an <see cref="IDeviceRunner"/> that runs the real
    /// firmware. Without a runner it stops after registration and says so (<see cref="DemoReport.DevicesRun"/> false):
    /// nothing is pretended. Progress lines go to progress; messages go to trace.
    /// </summary>
    public static class DemoScenario
    {
        /// <summary>Runs the demo; the network is stopped before returning. Throws for a network that cannot start or a refused step.</summary>
        public static async Task<DemoReport> RunAsync(DemoOptions options, IDeviceRunner runner, IProgress<string> progress, TraceRecorder trace, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            trace ??= TraceRecorder.None;
            NetworkCompositionOptions networkOptions = options.Network ?? NetworkCompositionOptions.CreateDefault(options.HomeOperatorCount);
            if (networkOptions.Trace == null || networkOptions.Trace == TraceRecorder.None)
            {
                // RS, the HOs and the VO cores record into the same trace as the manufacturer, owner and devices.
                networkOptions.Trace = trace;
            }

            progress?.Report($"starting RS, {networkOptions.HomeOperators.Count} home operators and {networkOptions.VisitedOperators.Count} visited operators");
            await using NetworkComposition network = await NetworkComposition.StartAsync(networkOptions, cancellationToken).ConfigureAwait(false);
            var random = new Random(options.Seed);

            Stopwatch clock = Stopwatch.StartNew();
            ManufacturedBatch batch;
            using (RsClient manufacturer = network.CreateRsClient(network.ManufacturerToken))
            {
                var tool = new DeviceManufacturer(manufacturer)
                {
                    AllowedNetworks = network.PimsiNetworks,
                    MncLength = networkOptions.PimsiRange.Mnc.Length,
                    KeySource = () => DeviceStorageKeys.FromRandom(random),
                    Trace = trace,
                };
                RsResult<ManufacturedBatch> made = await tool.ManufactureAsync(options.DeviceCount, AkaAlgorithmKind.Milenage, new ImmediateProgress<int>(count => progress?.Report($"manufactured {count}/{options.DeviceCount}")), cancellationToken).ConfigureAwait(false);
                if (!made.IsSuccess)
                {
                    throw new InvalidOperationException("RS refused the batch: " + made.Error);
                }

                batch = made.Value;
            }

            TimeSpan manufactureTime = clock.Elapsed;
            clock.Restart();
            var rows = new List<DemoDevice>();
            var specs = new List<DeviceRunSpec>();
            var owners = new Dictionary<string, HomeOperatorClient>(StringComparer.Ordinal);
            var httpClients = new List<System.Net.Http.HttpClient>();
            int associated = 0;
            foreach (ManufacturedUnit unit in batch.Units)
            {
                ComposedHomeOperator ho = network.HomeOperators[random.Next(network.HomeOperators.Count)];
                if (!owners.TryGetValue(ho.Name, out HomeOperatorClient owner))
                {
                    System.Net.Http.HttpClient http = network.CreateHttpClient(ho.BaseAddress);
                    httpClients.Add(http);
                    owner = new HomeOperatorClient(http, ho.OwnerToken);
                    owners[ho.Name] = owner;
                }

                trace.Record(new TraceEvent(unit.DeviceId, TraceParticipant.Owner, TraceParticipant.HomeOperator, TraceMessage.RegisterDevice, DateTimeOffset.UtcNow, ho.Name));
                RsResult<HoDeviceRegistration> registered = await owner.RegisterDeviceAsync(unit.DeviceId, cancellationToken).ConfigureAwait(false);
                string registration = registered.IsSuccess ? registered.Value.Device.Association : registered.Error.Code;
                if (registered.IsSuccess && registration == "associated")
                {
                    // docs/ho-api.md: a 200/201 "associated" answer means the HO's Zn association at RS succeeded first.
                    trace.Record(new TraceEvent(unit.DeviceId, TraceParticipant.HomeOperator, TraceParticipant.RegistrationService, TraceMessage.Associate, DateTimeOffset.UtcNow));
                    trace.Record(new TraceEvent(unit.DeviceId, TraceParticipant.RegistrationService, TraceParticipant.HomeOperator, TraceMessage.Associated, DateTimeOffset.UtcNow, ho.RsHomeOperatorId));
                    associated++;
                }

                trace.Record(new TraceEvent(unit.DeviceId, TraceParticipant.HomeOperator, TraceParticipant.Owner, TraceMessage.DeviceRegistered, DateTimeOffset.UtcNow, registration));
                rows.Add(new DemoDevice(unit.DeviceId, unit.Pimsi, ho.Name, registration, null));
                specs.Add(new DeviceRunSpec(unit, ho.Name, registration == "associated"));
                if (rows.Count % 10 == 0 || rows.Count == batch.Units.Count)
                {
                    progress?.Report($"registered {rows.Count}/{batch.Units.Count} with their home operators ({associated} associated at RS)");
                }
            }

            foreach (System.Net.Http.HttpClient http in httpClients)
            {
                http.Dispose();
            }

            TimeSpan registrationTime = clock.Elapsed;
            if (runner == null)
            {
                return new DemoReport(rows, false, null, manufactureTime, registrationTime, TimeSpan.Zero);
            }

            clock.Restart();
            progress?.Report($"running {specs.Count} devices with {runner.Name}");
            var runProgress = new ImmediateProgress<DeviceRunProgress>(p => progress?.Report($"devices {p.Finished}/{p.Total} finished ({p.Provisioned} provisioned, {p.Failed} failed)"));
            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, runProgress, trace, cancellationToken).ConfigureAwait(false);
            if (results == null || results.Count != specs.Count)
            {
                throw new InvalidOperationException($"the device runner returned {results?.Count ?? 0} results for {specs.Count} devices");
            }

            for (int i = 0; i < rows.Count; i++)
            {
                if (!string.Equals(results[i].DeviceId, rows[i].DeviceId, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("the device runner returned results out of order");
                }

                rows[i] = rows[i] with { Run = results[i] };
            }

            return new DemoReport(rows, true, runner.Name, manufactureTime, registrationTime, clock.Elapsed);
        }
    }
}
