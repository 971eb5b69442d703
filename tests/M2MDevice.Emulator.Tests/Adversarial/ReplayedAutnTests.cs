using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Storage;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Emulator.Visited;
using M2MDevice.Firmware.Provisioning;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// Issue 7 part 1 (1): a replayed AUTN end to end. The real firmware attaches with its PIMSI through the visited
    /// operator (a genuine vector from RS) and is halted at its first HTTPS request, with the USIM's SQN state in flash.
    /// The same board boots again and the visited operator now serves that already used (RAND, AUTN) once more
    /// (<see cref="ReplayingVectorSource"/>). The soft USIM finds the MAC right but the SQN not fresh and answers
    /// synchronisation failure with AUTS instead of RES (TS 33.102 6.3.3, C.2.2); the visited operator sends RAND and
    /// AUTS to RS (6.3.5), RS resynchronises and issues a fresh vector (C.3), the attach succeeds and the device provisions.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ReplayedAutnTests
    {
        private readonly ITestOutputHelper output;

        public ReplayedAutnTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task PimsiAttach_VisitedOperatorReplaysUsedAutn_SyncFailureResyncThenProvisions()
        {
            var trace = new TraceRecorder();
            await using NetworkComposition network = await NetworkComposition.StartAsync(AdversaryKit.TracedOptions(trace));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = await AdversaryKit.RegisteredUnitAsync(network, ho);

            string pimsiNetwork = Assert.Single(network.PimsiNetworks);
            ReplayingVectorSource replaying = null;
            RadioEnvironment radio = AdversaryKit.WithSources(
                network.Radio,
                (cell, rule) => cell.Plmn == pimsiNetwork && rule.SourceName == "rs" ? replaying = new ReplayingVectorSource(rule.Source) : rule.Source,
                trace);
            CellOperator visited = radio.Operators.Single(c => c.Plmn == pimsiNetwork);
            Assert.NotNull(replaying);

            // Phase 1: a genuine PIMSI attach; the device is halted at its first HTTPS request (the bootstrap at RS).
            using var halt = new PathAttacker((self, exchange, forward) => Task.FromResult(self.StopRun(exchange)));
            DeviceFleetOptions fleet = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            EmulatedDevice first = AdversaryKit.NewDevice(unit, radio, fleet);
            first.Modem.HttpInterceptor = halt;
            byte[] flash = await AdversaryKit.RunAsync(first, fleet, halt.Stop);
            this.output.WriteLine(EndToEndKit.Explain(first.ToResult(), first));
            Assert.True(halt.Stop.IsCancellationRequested, "the device never reached its bootstrap");
            Assert.Equal(pimsiNetwork, first.Runtime.RegisteredPlmn);
            Assert.True(replaying.HasRecorded);
            Assert.True(first.Runtime.RemoteSim.AuthenticationRequests >= 1);
            Assert.Equal(0, first.Runtime.RemoteSim.SynchronisationFailures);
            Assert.Equal(0, visited.Core.ResynchronizationCount);
            int traceMark = trace.Snapshot().Count;
            int issuedInPhase1 = VisitedSqns(network, unit.Pimsi).Length;
            Assert.True(issuedInPhase1 >= 1);

            // Phase 2: the board powers up again on its flash; the visited operator replays the used challenge.
            replaying.ArmReplay();
            EmulatedDevice rebooted = AdversaryKit.NewDevice(unit, radio, fleet, flash);
            await AdversaryKit.RunAsync(rebooted, fleet);
            DeviceRunResult result = rebooted.ToResult();
            this.output.WriteLine(EndToEndKit.Explain(result, rebooted));

            // The replay was refused by the USIM's SQN check (AUTS, never RES), RS resynchronised, a fresh vector passed.
            Assert.Equal(1, replaying.Replays);
            Assert.Equal(1, replaying.Resynchronizations);
            Assert.Equal(1, visited.Core.ResynchronizationCount);
            Assert.Equal(1, rebooted.Runtime.RemoteSim.SynchronisationFailures);
            Assert.Equal(0, rebooted.Runtime.RemoteSim.MacFailures);
            IReadOnlyList<TraceEvent> events = trace.Snapshot().Skip(traceMark).ToList();
            this.output.WriteLine(string.Join("\n", events.Select(e => e.Message + " " + e.Detail)));
            int request = IndexOf(events, TraceMessage.AuthenticationRequest, 0);
            int syncFailure = IndexOf(events, TraceMessage.AuthenticationSyncFailure, request);
            int resync = IndexOf(events, TraceMessage.SendAuthenticationInfoResync, syncFailure);
            int response = IndexOf(events, TraceMessage.AuthenticationResponse, resync);
            Assert.True(request >= 0 && syncFailure > request && resync > syncFailure && response > resync, "no request, sync failure, resync, response sequence");
            Assert.DoesNotContain(events.Take(resync), e => e.Message == TraceMessage.AuthenticationResponse);
            Assert.DoesNotContain(events, e => e.Message == TraceMessage.AuthenticationFailure);

            // What RS stored: every SQN it issued to the visited operator for this PIMSI is new and higher than the last
            // (TS 33.102 C.3), the phase-2 ones (from the resynchronised vector on) above all of phase 1; the replayed
            // vector was never issued a second time, it came from the visited core's copy.
            long[] issued = VisitedSqns(network, unit.Pimsi);
            this.output.WriteLine("SQNs issued to the visited operator: " + string.Join(", ", issued) + " (phase 1: " + issuedInPhase1 + ")");
            Assert.True(issued.Length > issuedInPhase1, "no vector issued after the resynchronisation");
            for (int i = 1; i < issued.Length; i++)
            {
                Assert.True(issued[i] > issued[i - 1], "SQN not increasing: " + string.Join(", ", issued));
            }

            await EndToEndKit.AssertProvisionedAsync(network, ho, unit, result, rebooted);
        }

        private static int IndexOf(IReadOnlyList<TraceEvent> events, string message, int from)
        {
            for (int i = Math.Max(0, from); i < events.Count; i++)
            {
                if (events[i].Message == message)
                {
                    return i;
                }
            }

            return -1;
        }

        // SQNs RS issued for the PIMSI to visited operators (not to its own bootstrap), in issue order.
        private static long[] VisitedSqns(NetworkComposition network, string pimsi)
        {
            return network.Rs.Database.Read(c =>
            {
                var sqns = new List<long>();
                using var command = SqliteDatabase.Command(c, null, "SELECT sqn FROM sqn_audit WHERE imsi = $imsi AND requester <> 'bootstrap' ORDER BY id", ("$imsi", pimsi));
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    sqns.Add(reader.GetInt64(0));
                }

                return sqns.ToArray();
            });
        }
    }
}
