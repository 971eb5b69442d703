using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Emulator.Devices;
using M2MDevice.Emulator.Scenario;
using M2MDevice.Emulator.Tests.Cost;
using M2MDevice.Emulator.Tests.EndToEnd;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Secrets
{
    /// <summary>
    /// Issue 7 part 4 (ARCHITECTURE 6: never log K, OPc, CK, IK, RES, Ks or SQN): full provisionings with the real firmware
    /// through the emulated modem, VO, RS and HO, with every ILogger at Trace (ASP.NET Core and Kestrel included), the
    /// firmware's modem and provisioning logs (every level), the AT transcript between firmware and modem, and the message
    /// trace (the demo's --trace sequence diagram) all captured. The secrets of this run are recomputed with MILENAGE from
    /// the RAND/AUTN the device saw and its keys (manufacture image, key store after the install), and none may appear in
    /// any capture in any encoding (<see cref="SecretSet"/>). The AT line is the one place where the access AKA's RES, CK
    /// and IK and the Ub RES legitimately travel (TS 31.102 7.1.2: the USIM hands them to the modem, the ME; RFC 3310 /
    /// TS 33.220: RES goes to the BSF); K, OPc, Ks, Ks_NAF and plain SQNs never do. Device A runs on the cost harness
    /// (transcript); device B runs in the fleet runner (the device side of the trace).
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ProvisioningSecretsTests
    {
        private static readonly Regex RemoteSimApdu = new Regex("\\+M2MSIM: (\\d+),\"APDU\",\"([0-9A-Fa-f]+)\"", RegexOptions.CultureInvariant);
        private static readonly Regex RemoteSimAnswer = new Regex("AT\\+M2MSIM=(\\d+),0,\"([0-9A-Fa-f]+)\"", RegexOptions.CultureInvariant);

        private readonly ITestOutputHelper output;

        public ProvisioningSecretsTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task FullProvisioning_EverythingCapturedAtTrace_NoSecretInAnyLogTraceOrTranscript()
        {
            var log = new CapturedLog();
            using ILoggerFactory loggers = log.CreateFactory();
            var trace = new TraceRecorder();
            NetworkCompositionOptions options = NetworkCompositionOptions.CreateDefault(1);
            options.LoggerFactory = loggers;
            options.Trace = trace;
            var secrets = new SecretSet();
            var sources = new List<(string Source, string Text)>();
            byte[] transcriptToModem;
            byte[] transcriptFromModem;
            string transcriptText;

            await using (NetworkComposition network = await NetworkComposition.StartAsync(options))
            {
                ComposedHomeOperator ho = network.HomeOperators[0];

                // Device A: the firmware on its own thread, the AT line recorded, the key store read at Notifying.
                ManufacturedUnit unitA = await ProvisioningCostRun.ManufactureAndRegisterAsync(network);
                var deviceA = new DedicatedFirmwareDevice(unitA, network.Radio, loggers, false);
                ProvisioningRecord recordAtNotifying = null;
                deviceA.TransitionHook = state =>
                {
                    if (state == ProvisioningState.Notifying && recordAtNotifying == null)
                    {
                        recordAtNotifying = ReadRecord(deviceA.Flash, unitA);
                    }
                };
                await deviceA.RunAsync(ProvisioningCostRun.Limit, EndToEndKit.Deadline());
                Assert.True(deviceA.Failure == null && deviceA.FinalState == ProvisioningState.Provisioned, deviceA.Failure + "\n" + string.Join("\n", deviceA.LogLines.TakeLast(30)));

                // Device B: the demo's fleet runner with the same trace recorder and loggers.
                ManufacturedUnit unitB = await ProvisioningCostRun.ManufactureAndRegisterAsync(network);
                DeviceFleetOptions fleet = EndToEndKit.FleetOptions(1);
                fleet.LoggerFactory = loggers;
                fleet.LogLinesKept = 100_000;
                var runner = new FirmwareDeviceRunner(fleet);
                IReadOnlyList<DeviceRunResult> results = await runner.RunAsync(network, new[] { new DeviceRunSpec(unitB, ho.Name, true) }, null, trace, EndToEndKit.Deadline());
                EmulatedDevice deviceB = runner.LastDevices[0];
                Assert.True(results[0].Outcome == DeviceRunOutcome.Provisioned, EndToEndKit.Explain(results[0], deviceB));

                // The secrets of this run.
                transcriptToModem = deviceA.BytesToModem();
                transcriptFromModem = deviceA.BytesFromModem();
                transcriptText = Encoding.Latin1.GetString(transcriptToModem) + "\n" + Encoding.Latin1.GetString(transcriptFromModem);
                UsimProfile preliminaryA = Preliminary(unitA);
                UsimProfile homeA = StoredProfile(deviceA.Flash, unitA, UsimIdentityKind.Operational);
                AddKeys(secrets, "A", preliminaryA, homeA);
                AddSqnSlots(secrets, "A", deviceA.Flash, unitA);
                int accessRuns = HarvestAccessAka(secrets, transcriptToModem, transcriptFromModem, preliminaryA, homeA);
                byte[] ubRes = HarvestUb(secrets, transcriptFromModem, preliminaryA, unitA.Pimsi, network.Options.RsHostName, ho.Spec.NafHost, recordAtNotifying);
                AddKeys(secrets, "B", Preliminary(unitB), StoredProfile(deviceB.Flash, unitB, UsimIdentityKind.Operational));
                AddSqnSlots(secrets, "B", deviceB.Flash, unitB);
                this.output.WriteLine($"{secrets.Count} secret values: {string.Join(", ", secrets.Names)}");

                // Positive controls: the recomputation matches what crossed the AT line, so the values searched are the real ones.
                Assert.True(accessRuns >= 2, $"{accessRuns} access AUTHENTICATE runs recomputed (PIMSI and IMSI attach expected)");
                Assert.Contains(Convert.ToHexString(secrets.ValueOf("RES (access 1)")), transcriptText, StringComparison.OrdinalIgnoreCase);
                Assert.Contains(Convert.ToHexString(secrets.ValueOf("CK (access 1)")), transcriptText, StringComparison.OrdinalIgnoreCase);
                Assert.True(transcriptToModem.AsSpan().IndexOf(ubRes) >= 0, "the Ub RES recomputed is not the one the device sent to RS");

                // What the run wrote: firmware logs, run results, the trace and its page.
                sources.Add(("firmware log (device A)", string.Join("\n", deviceA.LogLines)));
                sources.Add(("firmware log (device B)", string.Join("\n", deviceB.RecentLog)));
                sources.Add(("run result (device B)", string.Join("\n", results.Select(r => r + " " + r.FailureReason))));
                IReadOnlyList<TraceEvent> events = trace.Snapshot();
                sources.Add(("trace events", string.Join("\n", events.Select(e => e.ToString()))));
                sources.Add(("trace page (m2m demo --trace)", SequenceDiagramPage.Render("secrets", trace.EventsFor(unitB.DeviceId, includeShared: true))));
                sources.Add(("trace page, device A", SequenceDiagramPage.Render("secrets", trace.EventsFor(unitA.DeviceId, includeShared: true))));
                sources.Add(("trace mermaid", SequenceDiagramPage.RenderMermaid(events)));

                // Capture proof: every component logged, at Trace where it has Trace lines, and the other captures are real.
                this.ProveCaptured(log.Entries, deviceA, deviceB, events, transcriptText);
            }

            // After shutdown: the servers' last lines are in too.
            IReadOnlyList<CapturedLogEntry> entries = log.Entries;
            foreach (IGrouping<string, CapturedLogEntry> category in entries.GroupBy(e => e.Category))
            {
                sources.Add(("ILogger " + category.Key, string.Join("\n", category.Select(e => e.Level + " " + e.Text))));
            }

            // The servers' redaction is the second line of defence; count how often it fired (the first line is not logging).
            this.output.WriteLine($"lines the servers' redaction changed: {entries.Count(e => e.Text.Contains("[redacted]", StringComparison.Ordinal))}");
            var leaks = new List<string>();
            foreach ((string source, string text) in sources)
            {
                leaks.AddRange(secrets.FindIn(source, text));
            }

            leaks.AddRange(secrets.FindIn("AT transcript", transcriptText, MayCrossTheAtLine));
            leaks.AddRange(secrets.FindInBytes("AT transcript to the modem", transcriptToModem, MayCrossTheAtLine));
            leaks.AddRange(secrets.FindInBytes("AT transcript from the modem", transcriptFromModem, MayCrossTheAtLine));
            this.output.WriteLine($"searched {sources.Count} captures ({sources.Sum(s => s.Text.Length)} characters) and {transcriptToModem.Length + transcriptFromModem.Length} transcript bytes");
            Assert.True(leaks.Count == 0, "secrets leaked:\n" + string.Join("\n", leaks.Distinct()));

            // Self-check: the same search flags a secret planted in a log line through the same loggers, in every encoding.
            ILogger planted = loggers.CreateLogger("Planted");
            byte[] k = secrets.ValueOf("K (PIMSI, A)");
            planted.LogTrace("planted {Value}", Convert.ToBase64String(k));
            CapturedLogEntry plantedEntry = Assert.Single(log.Entries, e => e.Category == "Planted");
            Assert.Contains(secrets.FindIn("planted", plantedEntry.Text), leak => leak.StartsWith("K (PIMSI, A) as base64", StringComparison.Ordinal));
            foreach ((string name, string encoding, string text) in secrets.Forms())
            {
                Assert.True(secrets.FindIn("planted", "line: " + text + " end").Count > 0, $"{name} as {encoding} would go unnoticed");
            }

            Assert.NotEmpty(secrets.FindInBytes("planted", new byte[] { 1, 2 }.Concat(k).Concat(new byte[] { 3 }).ToArray()));
        }

        private static bool MayCrossTheAtLine(string name) =>
            name.StartsWith("RES (access", StringComparison.Ordinal)
            || name.StartsWith("CK (access", StringComparison.Ordinal)
            || name.StartsWith("IK (access", StringComparison.Ordinal)
            || name.StartsWith("RES (Ub", StringComparison.Ordinal);

        private void ProveCaptured(IReadOnlyList<CapturedLogEntry> entries, DedicatedFirmwareDevice deviceA, EmulatedDevice deviceB, IReadOnlyList<TraceEvent> events, string transcriptText)
        {
            foreach (IGrouping<string, CapturedLogEntry> group in entries.GroupBy(e => Component(e.Category)).OrderBy(g => g.Key))
            {
                this.output.WriteLine($"{group.Key}: {group.Count()} entries, levels {string.Join(" ", group.GroupBy(e => e.Level).OrderBy(l => l.Key).Select(l => l.Key + "=" + l.Count()))}");
            }

            foreach (string component in new[] { "RS", "HO", "modem", "ASP.NET Core" })
            {
                Assert.True(entries.Any(e => Component(e.Category) == component), component + " logged nothing");
            }

            Assert.Contains(entries, e => e.Level == LogLevel.Trace && Component(e.Category) == "ASP.NET Core");
            Assert.Contains(entries, e => e.Level == LogLevel.Debug);
            Assert.Contains(deviceA.LogLines, line => line.StartsWith("modem Debug: cell: > AT", StringComparison.Ordinal));
            Assert.Contains(deviceA.LogLines, line => line.StartsWith("provisioning: ", StringComparison.Ordinal));
            Assert.Contains(deviceB.RecentLog, line => line.Contains("-> Provisioned", StringComparison.Ordinal));
            Assert.Contains(events, e => e.DeviceId == deviceB.DeviceId && e.Message == TraceMessage.InstallReceipt);
            Assert.True(events.Count(e => e.From == TraceParticipant.RegistrationService || e.To == TraceParticipant.RegistrationService) > 2, "no RS messages traced");
            Assert.Contains("AT+M2MSIM=", transcriptText, StringComparison.Ordinal);
            Assert.Contains("AT+HTTPACTION", transcriptText, StringComparison.Ordinal);
        }

        private static string Component(string category)
        {
            if (category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || category.StartsWith("Microsoft.Hosting", StringComparison.Ordinal) || category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal))
            {
                return "ASP.NET Core";
            }

            string[] parts = category.Split('.');
            if (parts.Length > 2 && parts[0] == "M2MDevice" && parts[1] == "Emulator")
            {
                // Service loggers are named by namespace (M2MDevice.Emulator.Rs), the HTTPS hosts by server name ("rs", "ho alpha").
                string part = parts[2].ToLowerInvariant();
                return part == "rs" ? "RS"
                    : part == "ho" || part.StartsWith("ho ", StringComparison.Ordinal) ? "HO"
                    : part == "modem" ? "modem"
                    : part == "visited" || part == "radio" ? "VO"
                    : parts[2];
            }

            return category;
        }

        private static UsimProfile Preliminary(ManufacturedUnit unit)
        {
            Assert.Equal(RecordStatus.Valid, ManufactureImage.TryDecode(unit.Image, 0, unit.Image.Length, unit.Keys.ToKeyProvider(), out ManufactureImage image));
            return image.Preliminary;
        }

        private static DeviceKeyStore Mount(Firmware.Hal.IFlash flash, ManufacturedUnit unit)
        {
            var store = new DeviceKeyStore(flash, 0, unit.Keys.ToKeyProvider());
            Assert.Equal(KeyStoreResult.Ok, store.Mount());
            return store;
        }

        private static UsimProfile StoredProfile(Firmware.Hal.IFlash flash, ManufacturedUnit unit, UsimIdentityKind identity)
        {
            Assert.True(Mount(flash, unit).TryGetProfile(identity, out UsimProfile profile), identity + " profile not in the key store");
            return profile;
        }

        private static ProvisioningRecord ReadRecord(Firmware.Hal.IFlash flash, ManufacturedUnit unit)
        {
            byte[] blob = Mount(flash, unit).GetProvisioningBlob();
            var record = new ProvisioningRecord();
            return blob != null && blob.Length > 0 && record.TryDecode(blob, 0, blob.Length) ? record : null;
        }

        private static void AddKeys(SecretSet secrets, string device, UsimProfile preliminary, UsimProfile home)
        {
            secrets.Add($"K (PIMSI, {device})", preliminary.K);
            secrets.Add($"OPc (PIMSI, {device})", preliminary.Opc);
            secrets.Add($"K (home, {device})", home.K);
            secrets.Add($"OPc (home, {device})", home.Opc);
        }

        private static void AddSqnSlots(SecretSet secrets, string device, Firmware.Hal.IFlash flash, ManufacturedUnit unit)
        {
            DeviceKeyStore store = Mount(flash, unit);
            foreach (UsimIdentityKind identity in new[] { UsimIdentityKind.Preliminary, UsimIdentityKind.Operational })
            {
                byte[] slots = new byte[UsimSqnState.ArrayLength];
                store.LoadSqnSlots(identity, slots, 0);
                for (int i = 0; i < UsimSqnState.SlotCount; i++)
                {
                    secrets.AddSqn($"SQN_MS slot {i} ({identity}, {device})", slots[(i * 6)..((i + 1) * 6)]);
                }
            }
        }

        /// <summary>Every AUTHENTICATE the modem sent the soft USIM: RAND/AUTN checked against both subscriptions' keys.</summary>
        private static int HarvestAccessAka(SecretSet secrets, byte[] toModem, byte[] fromModem, UsimProfile preliminary, UsimProfile home)
        {
            string requests = Encoding.Latin1.GetString(fromModem);
            string answers = Encoding.Latin1.GetString(toModem);
            var randById = new Dictionary<string, byte[]>();
            int runs = 0;
            foreach (Match match in RemoteSimApdu.Matches(requests))
            {
                byte[] apdu = Convert.FromHexString(match.Groups[2].Value);
                var command = new AuthenticateCommand();
                if (apdu.Length < 2 || apdu[1] != 0x88 || AuthenticateApdu.ParseCommand(apdu, 0, apdu.Length, command) != AuthenticateParseResult.Ok)
                {
                    continue;
                }

                randById[match.Groups[1].Value] = (byte[])command.Rand.Clone();
                if (command.Context != AuthenticateContext.Umts)
                {
                    continue;
                }

                foreach (UsimProfile profile in new[] { preliminary, home })
                {
                    if (TryRecompute(profile, command.Rand, command.Autn[..command.AutnLength], out byte[] sqn, out byte[] res, out byte[] ck, out byte[] ik))
                    {
                        runs++;
                        secrets.AddSqn($"SQN (access {runs})", sqn);
                        secrets.Add($"RES (access {runs})", res);
                        secrets.Add($"CK (access {runs})", ck);
                        secrets.Add($"IK (access {runs})", ik);
                    }
                }
            }

            // TS 31.102 7.1.2.1: 'DC' || L || AUTS on a synchronisation failure: SQN_MS = Conc(SQN_MS) xor f5*(RAND).
            foreach (Match match in RemoteSimAnswer.Matches(answers))
            {
                byte[] answer = Convert.FromHexString(match.Groups[2].Value);
                if (answer.Length >= 16 && answer[0] == 0xDC && randById.TryGetValue(match.Groups[1].Value, out byte[] rand))
                {
                    foreach (UsimProfile profile in new[] { preliminary, home })
                    {
                        IAkaAlgorithm milenage = Milenage(profile);
                        byte[] sqnMs = new byte[6];
                        byte[] work = new byte[8];
                        if (Auts.TryResolve(milenage, rand, 0, answer, 2, answer[1], sqnMs, 0, work, 0))
                        {
                            secrets.AddSqn("SQN_MS (AUTS)", sqnMs);
                        }
                    }
                }
            }

            return runs;
        }

        /// <summary>
        /// The Ub AKA (TS 33.220 4.5.2): the BootstrapChallenge messages RS sent (inside AT+HTTPREAD data), recomputed with the
        /// PIMSI keys; Ks = CK || IK and Ks_NAF for RS and HO (TS 33.220 B.3), checked against the key store's Ks_NAF(HO).
        /// Returns the RES of the last challenge answered.
        /// </summary>
        private static byte[] HarvestUb(SecretSet secrets, byte[] fromModem, UsimProfile preliminary, string pimsi, string rsHost, string hoNafHost, ProvisioningRecord record)
        {
            byte[] lastRes = null;
            int runs = 0;
            for (int i = 0; i < fromModem.Length; i++)
            {
                if (MessageEnvelope.TryReadHeader(fromModem, i, fromModem.Length - i, out MessageType type, out _, out int length) != ProtocolResult.Success
                    || type != MessageType.BootstrapChallenge
                    || BootstrapChallenge.TryDecode(fromModem, i, length, out BootstrapChallenge challenge) != ProtocolResult.Success)
                {
                    continue;
                }

                if (!TryRecompute(preliminary, challenge.Rand, challenge.Autn, out byte[] sqn, out byte[] res, out byte[] ck, out byte[] ik))
                {
                    continue;
                }

                runs++;
                secrets.AddSqn($"SQN (Ub {runs})", sqn);
                secrets.Add($"RES (Ub {runs})", res);
                secrets.Add($"CK (Ub {runs})", ck);
                secrets.Add($"IK (Ub {runs})", ik);
                byte[] ks = ck.Concat(ik).ToArray();
                secrets.Add($"Ks (Ub {runs})", ks);

                // TS 33.220 B.3 with IMPI from the PIMSI (TS 23.003 13.3), as the device derives it.
                string mnc = pimsi.Substring(3, 2);
                byte[] impi = Encoding.ASCII.GetBytes(pimsi + "@ims.mnc0" + mnc + ".mcc" + pimsi[..3] + ".3gppnetwork.org");
                var kdf = new Kdf();
                foreach ((string name, string host) in new[] { ("Ks_NAF(RS)", rsHost), ("Ks_NAF(HO)", hoNafHost) })
                {
                    byte[] nafId = NafId.For(host);
                    byte[] ksNaf = new byte[MessageProtection.KsNafSize];
                    kdf.DeriveKsNaf(ks, 0, challenge.Rand, 0, impi, 0, impi.Length, nafId, 0, nafId.Length, ksNaf, 0);
                    secrets.Add($"{name} (Ub {runs})", ksNaf);
                }

                lastRes = res;
            }

            Assert.True(runs > 0, "no Ub challenge found in the AT transcript");
            Assert.NotNull(record);
            Assert.True(record.HasHomeOperator, "the key store's record had no home operator at Notifying");

            // The key store's Ks_NAF(HO) is one of the values derived above: the derivation (IMPI, NAF_Id) is the device's.
            Assert.True(secrets.Contains(record.KsNafHomeOperator), "Ks_NAF(HO) in the key store differs from the one recomputed");
            return lastRes;
        }

        private static IAkaAlgorithm Milenage(UsimProfile profile) =>
            AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, profile.K, 0, profile.K.Length, profile.Opc, 0, null);

        // TS 33.102 6.3.3: AK = f5(RAND), SQN = (SQN xor AK) xor AK, MAC-A = f1(SQN || RAND || AMF); RES, CK, IK = f2, f3, f4.
        private static bool TryRecompute(UsimProfile profile, byte[] rand, byte[] autn, out byte[] sqn, out byte[] res, out byte[] ck, out byte[] ik)
        {
            IAkaAlgorithm milenage = Milenage(profile);
            byte[] ak = new byte[6];
            milenage.F5(rand, 0, ak, 0);
            sqn = new byte[6];
            for (int i = 0; i < 6; i++)
            {
                sqn[i] = (byte)(autn[i] ^ ak[i]);
            }

            byte[] mac = new byte[8];
            milenage.F1(rand, 0, sqn, 0, autn, 6, mac, 0);
            res = new byte[8];
            ck = new byte[16];
            ik = new byte[16];
            if (!mac.AsSpan().SequenceEqual(autn.AsSpan(8, 8)))
            {
                return false;
            }

            milenage.F2345(rand, 0, res, 0, ck, 0, ik, 0, ak, 0);
            return true;
        }
    }
}
