using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
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
    /// Issue 7 part 1 (1): a rogue visited operator that accepts PIMSIs and sits first on the device's allowed list,
    /// but whose AUTN does not verify (its MAC is corrupted, as a false base station without the subscriber's K would
    /// send). The real firmware's USIM answers MAC failure (TS 33.102 6.3.3), so the rogue core sees an authentication
    /// failure #20 and never a RES; the device moves on to the honest visited operator and provisions.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class RogueVisitedOperatorTests
    {
        private const string RoguePlmn = "00106";

        private readonly ITestOutputHelper output;

        public RogueVisitedOperatorTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task RogueVisitedOperator_AutnMacCorrupted_MacFailureNoResThenProvisionsOnHonestOperator()
        {
            NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(1);

            // First on the allowed list (list order is the selection priority, TS 23.122 4.4.3.1.2) and the strongest cell.
            options.VisitedOperators.Insert(0, new VisitedOperatorSpec { Name = "Rogue", Plmn = RoguePlmn, ShortName = "ROGUE", Rssi = 30, AcceptsPimsis = true });
            await using NetworkComposition network = await NetworkComposition.StartAsync(options);
            ComposedHomeOperator ho = network.HomeOperators[0];
            Assert.Equal(RoguePlmn, network.PimsiNetworks[0]);
            ManufacturedUnit unit = (await EndToEndKit.ManufactureAsync(network, 1)).Single();
            await EndToEndKit.RegisterAsync(network, ho, unit.DeviceId);

            var rogueTrace = new TraceRecorder();
            var corrupting = new List<CorruptingVectorSource>();
            RadioEnvironment radio = WithRogueCore(network.Radio, rogueTrace, corrupting);

            DeviceFleetOptions fleetOptions = EndToEndKit.FleetOptions(1);
            fleetOptions.DeviceTimeout = TimeSpan.FromSeconds(30);
            var device = new EmulatedDevice(unit.DeviceId, unit.Image, unit.Keys.ToKeyProvider(), radio, true, 0, fleetOptions, null);
            await new DeviceFleet(fleetOptions).RunAsync(new[] { device }, null, EndToEndKit.Deadline());

            DeviceRunResult result = device.ToResult();
            this.output.WriteLine(EndToEndKit.Explain(result, device));
            await EndToEndKit.AssertProvisionedAsync(network, ho, unit, result, device);

            // The rogue core handed out corrupted challenges and got MAC failures back, never a RES, never an attach.
            Assert.True(corrupting.Sum(s => s.VectorsCorrupted) >= 1, "the rogue operator was never asked for vectors");
            IReadOnlyList<TraceEvent> events = rogueTrace.Snapshot();
            Assert.Contains(events, e => e.Message == TraceMessage.AuthenticationRequest);
            Assert.Contains(events, e => e.Message == TraceMessage.AuthenticationFailure && e.Detail == "#" + NasCause.MacFailure);
            Assert.DoesNotContain(events, e => e.Message == TraceMessage.AuthenticationResponse);
            Assert.Equal(0, radio.Operators.Single(c => c.Plmn == RoguePlmn).Core.AcceptedCount);

            // The device counted the MAC failures on its side and ended on the honest PIMSI network.
            Assert.True(device.Runtime.RemoteSim.MacFailures >= 1);
            Assert.True(device.Runtime.Cellular.MacFailureCount >= 1);
            Assert.NotEqual(RoguePlmn, result.ServingPlmn);
        }

        // The composition's radio with the rogue cell's core replaced by one whose vector sources corrupt AUTN.
        private static RadioEnvironment WithRogueCore(RadioEnvironment radio, ITraceRecorder trace, List<CorruptingVectorSource> sources)
        {
            var cells = new List<CellOperator>();
            foreach (CellOperator cell in radio.Operators)
            {
                if (cell.Plmn != RoguePlmn)
                {
                    cells.Add(cell);
                    continue;
                }

                var rules = new List<SubscriberRule>();
                foreach (SubscriberRule rule in cell.Core.Rules)
                {
                    if (rule.RejectCause != 0)
                    {
                        rules.Add(rule);
                        continue;
                    }

                    var source = new CorruptingVectorSource(rule.Source);
                    sources.Add(source);
                    rules.Add(SubscriberRule.Accept(rule.First, rule.Last, source, rule.SourceName, rule.WalledGarden));
                }

                var core = new VisitedOperator(cell.Core.Name, rules, cell.Core.DefaultRejectCause, cell.Core.WalledGarden, trace: trace);
                cells.Add(new CellOperator(cell.Plmn, cell.LongName, cell.ShortName, cell.AccessTechnology, cell.Rssi, cell.BitErrorRate, cell.AreaCode, cell.CellId, core));
            }

            return new RadioEnvironment(cells);
        }

        /// <summary>Real vectors from the honest source with one bit of AUTN's MAC flipped (TS 33.102 6.3.2: MAC = AUTN[8..15]).</summary>
        private sealed class CorruptingVectorSource : IAuthenticationVectorSource
        {
            private readonly IAuthenticationVectorSource inner;
            private int vectorsCorrupted;

            public CorruptingVectorSource(IAuthenticationVectorSource inner)
            {
                this.inner = inner;
            }

            public int VectorsCorrupted => Volatile.Read(ref this.vectorsCorrupted);

            public async Task<AuthenticationInfoResult> SendAuthenticationInfoAsync(string imsi, int count, byte[] rand, byte[] auts, CancellationToken cancellationToken)
            {
                AuthenticationInfoResult result = await this.inner.SendAuthenticationInfoAsync(imsi, count, rand, auts, cancellationToken);
                if (result.Status == AuthenticationInfoStatus.Ok)
                {
                    foreach (RoamingVector vector in result.Vectors)
                    {
                        vector.Autn[15] ^= 0x01;
                        Interlocked.Increment(ref this.vectorsCorrupted);
                    }
                }

                return result;
            }
        }
    }
}
