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
        /// <summary>Owner registrations in flight at once.</summary>
        public const int RegistrationConcurrency = 8;

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

            options.PhaseStarting?.Invoke(DemoOptions.ManufacturePhase);
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
            options.PhaseStarting?.Invoke(DemoOptions.RegistrationPhase);
            clock.Restart();
            int count = batch.Units.Count;

            // The seed alone picks each device's HO (drawn in device order, before any request), so the spread does not
            // depend on how the concurrent registrations below interleave.
            var homeOperators = new ComposedHomeOperator[count];
            for (int i = 0; i < count; i++)
            {
                homeOperators[i] = network.HomeOperators[random.Next(network.HomeOperators.Count)];
            }

            var owners = new Dictionary<string, HomeOperatorClient>(StringComparer.Ordinal);
            var httpClients = new List<System.Net.Http.HttpClient>();
            foreach (ComposedHomeOperator ho in network.HomeOperators)
            {
                System.Net.Http.HttpClient http = network.CreateHttpClient(ho.BaseAddress);
                httpClients.Add(http);
                owners[ho.Name] = new HomeOperatorClient(http, ho.OwnerToken);
            }

            var rows = new DemoDevice[count];
            var specs = new DeviceRunSpec[count];
            int associated = 0;
            int registeredCount = 0;
            try
            {
                // A few owner requests in flight at once: each HO still persists and associates at RS before it answers.
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = RegistrationConcurrency, CancellationToken = cancellationToken };
                await Parallel.ForAsync(0, count, parallel, async (i, token) =>
                {
                    ManufacturedUnit unit = batch.Units[i];
                    ComposedHomeOperator ho = homeOperators[i];
                    trace.Record(new TraceEvent(unit.DeviceId, TraceParticipant.Owner, TraceParticipant.HomeOperator, TraceMessage.RegisterDevice, DateTimeOffset.UtcNow, ho.Name));
                    RsResult<HoDeviceRegistration> registered = await owners[ho.Name].RegisterDeviceAsync(unit.DeviceId, token).ConfigureAwait(false);
                    string registration = registered.IsSuccess ? registered.Value.Device.Association : registered.Error.Code;
                    bool isAssociated = registered.IsSuccess && registration == "associated";
                    if (isAssociated)
                    {
                        // docs/ho-api.md: a 200/201 "associated" answer means the HO's Zn association at RS succeeded first.
                        trace.Record(new TraceEvent(unit.DeviceId, TraceParticipant.HomeOperator, TraceParticipant.RegistrationService, TraceMessage.Associate, DateTimeOffset.UtcNow));
                        trace.Record(new TraceEvent(unit.DeviceId, TraceParticipant.RegistrationService, TraceParticipant.HomeOperator, TraceMessage.Associated, DateTimeOffset.UtcNow, ho.RsHomeOperatorId));
                        Interlocked.Increment(ref associated);
                    }

                    trace.Record(new TraceEvent(unit.DeviceId, TraceParticipant.HomeOperator, TraceParticipant.Owner, TraceMessage.DeviceRegistered, DateTimeOffset.UtcNow, registration));
                    rows[i] = new DemoDevice(unit.DeviceId, unit.Pimsi, ho.Name, registration, null);
                    specs[i] = new DeviceRunSpec(unit, ho.Name, isAssociated);
                    int done = Interlocked.Increment(ref registeredCount);
                    if (done % 10 == 0 || done == count)
                    {
                        progress?.Report($"registered {done}/{count} with their home operators ({Volatile.Read(ref associated)} associated at RS)");
                    }
                }).ConfigureAwait(false);
            }
            finally
            {
                foreach (System.Net.Http.HttpClient http in httpClients)
                {
                    http.Dispose();
                }
            }

            TimeSpan registrationTime = clock.Elapsed;
            if (runner == null)
            {
                return new DemoReport(rows, false, null, manufactureTime, registrationTime, TimeSpan.Zero);
            }

            options.PhaseStarting?.Invoke(DemoOptions.DeviceRunsPhase);
            clock.Restart();
            progress?.Report($"running {specs.Length} devices with {runner.Name}");
            var runProgress = new ImmediateProgress<DeviceRunProgress>(p => progress?.Report($"devices {p.Finished}/{p.Total} finished ({p.Provisioned} provisioned, {p.Failed} failed)"));
            IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, specs, runProgress, trace, cancellationToken).ConfigureAwait(false);
            if (results == null || results.Count != specs.Length)
            {
                throw new InvalidOperationException($"the device runner returned {results?.Count ?? 0} results for {specs.Length} devices");
            }

            for (int i = 0; i < rows.Length; i++)
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
