using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Storage;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// Issue 7 part 1 (5): replayed and older USIM packages end to end with the real firmware (ARCHITECTURE 3.5: a
    /// package is accepted once, and only with a profile sequence above the last installed).
    /// A replay on the path (the genuine package of an earlier exchange of the same device, withheld then delivered
    /// for the next request) fails the MAC, which is keyed with the device's fresh nonce. A party that holds the
    /// device's Ks_NAF(HO) (a compromised HO, or one restored from an old backup) can seal an old profile under the
    /// current nonce: after two installed and rolled-back profiles (sequence 2 committed), it serves profile 1 (older)
    /// and profile 2 (the one already installed); both pass the MAC and are refused as not newer. Each time nothing is
    /// staged or committed (the profile records in flash do not change), and the device later provisions normally.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ReplayedPackageTests
    {
        private readonly ITestOutputHelper output;

        public ReplayedPackageTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task UsimPackage_ReplayedFromEarlierExchange_MacFailsNothingInstalledCleanRunProvisions()
        {
            await using NetworkComposition network = await NetworkComposition.StartAsync(NetworkCompositionOptions.CreateDefault(1));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = await AdversaryKit.RegisteredUnitAsync(network, ho);

            byte[] withheld = null;
            int replayed = 0;
            using var attacker = new PathAttacker(async (self, exchange, forward) =>
            {
                if (!AdversaryKit.Is(exchange, AdversaryKit.PackagePath))
                {
                    return await forward();
                }

                if (replayed > 0)
                {
                    return self.StopRun(exchange);
                }

                ModemHttpAnswer genuine = await forward();
                Assert.Equal(200, genuine.Status);
                if (withheld == null)
                {
                    // Keep the first package and cut the bearer: the device never sees it and asks again.
                    withheld = genuine.Body;
                    self.Note(exchange, "withheld");
                    return ModemHttpAnswer.Failure(SimcomHttpStatus.NetworkError);
                }

                replayed++;
                self.Note(exchange, "replayed the withheld package");
                return new ModemHttpAnswer(200, withheld);
            });

            DeviceFleetOptions fleet = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            EmulatedDevice device = AdversaryKit.NewDevice(unit, network.Radio, fleet);
            byte[] flash = await AdversaryKit.RunOnPathAsync(device, fleet, attacker, this.output);

            Assert.Equal(1, replayed);
            Assert.True(attacker.Stop.IsCancellationRequested, "the device never asked for a fresh package");
            Assert.Equal(1, device.Runtime.Status.RejectedPackages);
            Assert.Equal(ProvisioningError.PackageRejected, device.Runtime.Status.LastError);
            Assert.NotEmpty(AdversaryKit.LogLines(device, "error PackageRejected in Downloading"));
            Assert.DoesNotContain(device.Transitions, t => t.To == ProvisioningState.Installing);
            AdversaryKit.AssertProfilesAsManufactured(unit, flash);

            // The HO issued one message per request nonce; the device never reported anything for the replay.
            Assert.Equal(2L, PackageCount(ho, unit.DeviceId));
            Assert.Equal(0L, NotificationCount(ho, unit.DeviceId));

            DeviceFleetOptions clean = AdversaryKit.FleetOptions(TimeSpan.FromSeconds(30));
            byte[] after = await AdversaryKit.RebootAndAssertProvisionedAsync(network, ho, unit, clean, flash, this.output);
            Assert.Equal(1u, AdversaryKit.OpenStore(unit, after).LastCommittedProfileSequence);
        }

        [Fact]
        public async Task UsimPackage_OlderAndAlreadyInstalledSequenceUnderValidMac_RefusedNotNewerThenNewerProvisions()
        {
            var trace = new TraceRecorder();
            await using NetworkComposition network = await NetworkComposition.StartAsync(AdversaryKit.TracedOptions(trace));
            ComposedHomeOperator ho = network.HomeOperators[0];
            ManufacturedUnit unit = await AdversaryKit.RegisteredUnitAsync(network, ho);

            // Phase 1: out of the HO's coverage, profiles 1 and 2 are installed, fail to attach and are rolled back.
            // Genuine packages are recorded with the request they answered; the device is halted at its next request.
            RadioEnvironment noCoverage = AdversaryKit.WithoutCoverageFor(network.Radio, ho.Name, trace);
            var genuine = new Dictionary<uint, (string BTid, byte[] Nonce, byte[] Message)>();
            using var recorder = new PathAttacker(async (self, exchange, forward) =>
            {
                if (!AdversaryKit.Is(exchange, AdversaryKit.PackagePath))
                {
                    return await forward();
                }

                PackageRequest request = Decode(exchange);
                if (request.LastInstalledSequence == 2)
                {
                    return self.StopRun(exchange);
                }

                ModemHttpAnswer answer = await forward();
                Assert.Equal(ProtocolResult.Success, UsimPackage.TryDecode(answer.Body, 0, answer.Body.Length, out UsimPackage package));
                genuine[package.ProfileSequence] = (Encoding.ASCII.GetString(request.BTid), request.DeviceNonce, answer.Body);
                self.Note(exchange, "recorded profile " + package.ProfileSequence);
                return answer;
            });
            DeviceFleetOptions fleet = AdversaryKit.QuickRollbackOptions(TimeSpan.FromSeconds(40));
            EmulatedDevice first = AdversaryKit.NewDevice(unit, noCoverage, fleet);
            byte[] beforeForgery = await AdversaryKit.RunOnPathAsync(first, fleet, recorder, this.output);
            Assert.True(recorder.Stop.IsCancellationRequested, "the device never asked for a third package");
            Assert.Equal(new uint[] { 1, 2 }, genuine.Keys.OrderBy(k => k));
            Assert.Equal(2, first.Runtime.Status.Rollbacks);
            DeviceKeyStore storeBefore = AdversaryKit.OpenStore(unit, beforeForgery);
            Assert.Equal(2u, storeBefore.LastCommittedProfileSequence);
            Assert.Equal(UsimIdentityKind.Preliminary, storeBefore.ActiveIdentity);
            Assert.False(storeBefore.HasStagedProfile);
            Assert.Equal(new[] { "failure 1", "failure 2" }, Notifications(ho, unit.DeviceId));

            // Phase 2: the board boots again; the key holder answers its next two requests with profile 1 (older) and
            // profile 2 (already installed), each freshly sealed under the request's nonce and B-TID key: the MAC verifies.
            var forgedSequences = new List<uint>();
            using var forger = new PathAttacker(async (self, exchange, forward) =>
            {
                if (!AdversaryKit.Is(exchange, AdversaryKit.PackagePath))
                {
                    return await forward();
                }

                PackageRequest request = Decode(exchange);
                Assert.Equal(2u, request.LastInstalledSequence);
                if (forgedSequences.Count == 2)
                {
                    return self.StopRun(exchange);
                }

                ModemHttpAnswer answer = await forward();
                Assert.Equal(200, answer.Status);
                uint sequence = forgedSequences.Count == 0 ? 1u : 2u;
                byte[] forged = Reseal(ho, genuine[sequence], request, sequence);
                forgedSequences.Add(sequence);
                self.Note(exchange, "resealed profile " + sequence);
                return new ModemHttpAnswer(200, forged);
            });
            EmulatedDevice second = AdversaryKit.NewDevice(unit, noCoverage, fleet, beforeForgery);
            byte[] afterForgery = await AdversaryKit.RunOnPathAsync(second, fleet, forger, this.output);

            Assert.Equal(new uint[] { 1, 2 }, forgedSequences);
            Assert.True(forger.Stop.IsCancellationRequested, "the device never asked again after the second forgery");
            Assert.Equal(2, second.Runtime.Status.RejectedPackages);
            Assert.Equal(ProvisioningError.PackageNotNewer, second.Runtime.Status.LastError);
            Assert.Equal(2, AdversaryKit.LogLines(second, "error PackageNotNewer in Downloading").Length);
            Assert.DoesNotContain(second.Transitions, t => t.To == ProvisioningState.Installing);

            // Nothing changed in the key store: same committed sequence, nothing staged, profile records byte for byte.
            DeviceKeyStore storeAfter = AdversaryKit.OpenStore(unit, afterForgery);
            Assert.Equal(2u, storeAfter.LastCommittedProfileSequence);
            Assert.False(storeAfter.HasStagedProfile);
            Assert.False(storeAfter.HasActiveProfile);
            Assert.Equal(UsimIdentityKind.Preliminary, storeAfter.ActiveIdentity);
            Assert.Equal(AdversaryKit.ProfileAreaHash(storeBefore, beforeForgery), AdversaryKit.ProfileAreaHash(storeAfter, afterForgery));
            Assert.Equal(new[] { "failure 1", "failure 2" }, Notifications(ho, unit.DeviceId));

            // Phase 3: in coverage and on a clean path, the HO's newer profile 3 installs and the device provisions.
            DeviceFleetOptions clean = AdversaryKit.QuickRollbackOptions(TimeSpan.FromSeconds(30));
            byte[] provisioned = await AdversaryKit.RebootAndAssertProvisionedAsync(network, ho, unit, clean, afterForgery, this.output);
            Assert.Equal(3u, AdversaryKit.OpenStore(unit, provisioned).LastCommittedProfileSequence);
            Assert.Equal(new[] { "failure 1", "failure 2", "receipt 3" }, Notifications(ho, unit.DeviceId));
        }

        private static PackageRequest Decode(ModemHttpExchange exchange)
        {
            Assert.Equal(ProtocolResult.Success, PackageRequest.TryDecode(exchange.RequestBody, 0, exchange.RequestBody.Length, out PackageRequest request));
            return request;
        }

        // Opens the recorded genuine package with the key of the session it was issued in, and seals its profile again
        // under the current request's nonce and B-TID key with the given sequence (what only a Ks_NAF(HO) holder can do).
        private static byte[] Reseal(ComposedHomeOperator ho, (string BTid, byte[] Nonce, byte[] Message) recorded, PackageRequest request, uint sequence)
        {
            var protection = new MessageProtection();
            Assert.Equal(ProtocolResult.Success, UsimPackage.TryOpen(protection, KsNaf(ho, recorded.BTid), 0, recorded.Nonce, 0, recorded.Message, 0, recorded.Message.Length, out UsimPackage old));
            Assert.Equal(sequence, old.ProfileSequence);
            var package = new UsimPackage
            {
                DeviceNonce = request.DeviceNonce,
                ServerNonce = RandomNumberGenerator.GetBytes(ProtocolLimits.NonceSize),
                ProfileSequence = sequence,
                Body = old.Body,
            };
            byte[] buffer = new byte[MessageEnvelope.MaxMessageLength];
            Assert.Equal(ProtocolResult.Success, package.Encode(protection, KsNaf(ho, Encoding.ASCII.GetString(request.BTid)), 0, buffer, 0, buffer.Length, out int length));
            return buffer.AsSpan(0, length).ToArray();
        }

        private static byte[] KsNaf(ComposedHomeOperator ho, string btid)
        {
            return ho.Server.Database.Read(c => Assert.IsType<byte[]>(SqliteDatabase.Scalar(c, null, "SELECT ks_naf FROM naf_key WHERE btid = $btid", ("$btid", btid))));
        }

        private static long PackageCount(ComposedHomeOperator ho, string deviceId)
        {
            return ho.Server.Database.Read(c => (long)SqliteDatabase.Scalar(c, null, "SELECT COUNT(*) FROM package WHERE device_id = $id", ("$id", deviceId)));
        }

        private static long NotificationCount(ComposedHomeOperator ho, string deviceId)
        {
            return ho.Server.Database.Read(c => (long)SqliteDatabase.Scalar(c, null, "SELECT COUNT(*) FROM notification WHERE device_id = $id", ("$id", deviceId)));
        }

        // "failure N" / "receipt N" per notification the HO stored, in arrival order.
        private static string[] Notifications(ComposedHomeOperator ho, string deviceId)
        {
            return ho.Server.Database.Read(c =>
            {
                var rows = new List<string>();
                using var command = SqliteDatabase.Command(c, null, "SELECT kind, sequence FROM notification WHERE device_id = $id ORDER BY id", ("$id", deviceId));
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add(reader.GetString(0) + " " + reader.GetInt64(1));
                }

                return rows.ToArray();
            });
        }
    }
}
