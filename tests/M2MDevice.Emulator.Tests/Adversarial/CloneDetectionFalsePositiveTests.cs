using System;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.Provisioning;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// Issue 7 part 1 (6), the other side of <see cref="ClonedPimsiTests"/>: the HO's clone check (a package request under
    /// a second live bootstrap session is refused) must not catch a genuine device. Found end to end: a device whose
    /// first profile failed to attach rolls back, reports it and bootstraps again (new B-TID); when the first package
    /// answer of that new session is lost and the device asks again, the HO counted the earlier session's package of the
    /// failed profile as "another device holding the profile" and answered 409 Busy to every retry until that B-TID
    /// expired. The HO now ignores packages of profiles reported failed; the device provisions with profile 2.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class CloneDetectionFalsePositiveTests
    {
        private readonly ITestOutputHelper output;

        public CloneDetectionFalsePositiveTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task PackageRetry_NewSessionAfterRolledBackProfile_NotTakenForCloneProvisions()
        {
            var trace = new TraceRecorder();
            await using NetworkComposition network = await NetworkComposition.StartAsync(AdversaryKit.TracedOptions(trace));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = await AdversaryKit.RegisteredUnitAsync(network, ho);

            // Out of the HO's coverage profile 1 fails and is rolled back; the first answer of the next session is lost
            // (dropped after the HO issued it), and the board is halted (and later powered up again) at its retry.
            RadioEnvironment noCoverage = AdversaryKit.WithoutCoverageFor(network.Radio, ho.Name, trace);
            int packages = 0;
            using var path = new PathAttacker(async (self, exchange, forward) =>
            {
                if (!AdversaryKit.Is(exchange, AdversaryKit.PackagePath))
                {
                    return await forward();
                }

                packages++;
                if (packages == 3)
                {
                    return self.StopRun(exchange);
                }

                ModemHttpAnswer answer = await forward();
                Assert.Equal(200, answer.Status);
                if (packages == 1)
                {
                    self.Note(exchange, "passed");
                    return answer;
                }

                self.Note(exchange, "lost");
                return ModemHttpAnswer.Failure(SimcomHttpStatus.NetworkError);
            });
            DeviceFleetOptions fleet = AdversaryKit.QuickRollbackOptions(TimeSpan.FromSeconds(30));
            EmulatedDevice first = AdversaryKit.NewDevice(unit, noCoverage, fleet);
            byte[] flash = await AdversaryKit.RunOnPathAsync(first, fleet, path, this.output);
            Assert.True(path.Stop.IsCancellationRequested, "the device never retried the lost package");
            Assert.Equal(1, first.Runtime.Status.Rollbacks);
            Assert.True(first.Runtime.Status.Bootstraps >= 2, "no second bootstrap session after the rollback");

            // Powered up again in coverage: the retry under the new session gets its package and the device provisions.
            DeviceFleetOptions clean = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            byte[] after = await AdversaryKit.RebootAndAssertProvisionedAsync(network, ho, unit, clean, flash, this.output);
            Assert.DoesNotContain(trace.Snapshot(), e => e.Message == TraceMessage.PackageRefusedClone);
            Assert.Equal(2u, AdversaryKit.OpenStore(unit, after).LastCommittedProfileSequence);
        }
    }
}
