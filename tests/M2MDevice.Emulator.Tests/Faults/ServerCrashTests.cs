using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// Issue 7 part 2: RS and the HOs (`m2m serve --data DIR`, a real child process) are killed with SIGKILL at random
    /// points under load from concurrent clients, restarted on the same data directory, and the load continues. The
    /// kill points are drawn from a seeded generator (after a random number of further acknowledged requests; some
    /// restarts are killed again after a random delay, while starting). After every kill the SQLite files are opened
    /// read-only and must hold every write the clients saw acknowledged; at the end the same is checked through the
    /// APIs, and every SQN received (recovered from AUTN with the test K/OPc) must be unique per IMSI and strictly
    /// increasing per IND in issue order, across all restarts. No timing is asserted.
    /// </summary>
    public sealed class ServerCrashTests
    {
        private const int Seed = 7_2026_1127;
        private const int Kills = 24;
        private const int FirstStartKills = 3;
        private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

        private readonly ITestOutputHelper output;

        public ServerCrashTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task Serve_SigkillAtRandomPointsUnderLoad_NoAcknowledgedWriteLostNoSqnReused()
        {
            string data = Path.Combine(Path.GetTempPath(), "m2m-crash-" + Guid.NewGuid().ToString("N"));
            var random = new Random(Seed);
            var clock = Stopwatch.StartNew();
            int startupKills = 0;
            for (int i = 0; i < FirstStartKills; i++)
            {
                // Killed during the very first start (CA created, servers registering at RS, state file written).
                using ServeProcess starting = ServeProcess.Start(data);
                await Task.Delay(random.Next(0, 1500));
                starting.Kill();
                startupKills++;
            }

            ServeProcess serve = ServeProcess.Start(data);
            using var stop = new CancellationTokenSource();
            Task[] clients = Array.Empty<Task>();
            try
            {
                ServeEndpoints endpoints = await serve.WaitReadyAsync();
                using var http = new CrashHttp(endpoints.CaPath);
                var load = new CrashLoad(http, endpoints);
                load.Gate.Open();
                await load.SetUpAsync();
                clients = Enumerable.Range(0, CrashLoad.Clients).Select(i => Task.Run(() => load.RunClientAsync(i, Seed + i, stop.Token))).ToArray();

                int checks = 0;
                for (int kill = 1; kill <= Kills; kill++)
                {
                    // A random point under load: after 5..80 more acknowledged requests, with requests in flight.
                    await this.WithinLimitAsync(load.AcknowledgedMoreAsync(random.Next(5, 81)), serve, load, $"load before kill {kill}");
                    serve.Kill();
                    await this.WithinLimitAsync(load.Gate.CloseAsync(), serve, load, "clients parking");
                    checks += CrashDatabaseCheck.Verify(load, data, load.Gate.Life);
                    serve.Dispose();

                    if (random.Next(4) == 0)
                    {
                        // Killed again while starting (migrations, CA, composition state, HO connecting to RS ...).
                        serve = ServeProcess.Start(data);
                        await Task.Delay(random.Next(0, 1200));
                        serve.Kill();
                        serve.Dispose();
                        startupKills++;
                        checks += CrashDatabaseCheck.Verify(load, data, load.Gate.Life);
                    }

                    serve = ServeProcess.Start(data);
                    ServeEndpoints again = await serve.WaitReadyAsync();
                    this.ExpectSameNetwork(load, endpoints, again, kill);
                    load.Gate.Open();
                }

                await this.WithinLimitAsync(load.AcknowledgedMoreAsync(40), serve, load, "load after the last restart");
                stop.Cancel();
                await this.WithinLimitAsync(Task.WhenAll(clients), serve, load, "clients stopping");
                checks += await VerifyThroughApiAsync(load);
                serve.Kill();
                checks += CrashDatabaseCheck.Verify(load, data, load.Gate.Life);
                foreach (string problem in load.Sqns.Check())
                {
                    load.Finding(problem);
                }

                this.Report(load, Kills, startupKills, checks, clock.Elapsed);
                Assert.True(load.Findings.Count == 0, $"{load.Findings.Count} findings:\n" + string.Join('\n', load.Findings.Take(40)));
                Assert.True(load.Sqns.Count > 500, "too few SQNs to mean anything: " + load.Sqns.Count);
                Assert.True(load.Count(CrashLoad.Write.Receipt) > 5, "too few devices provisioned: " + load.Count(CrashLoad.Write.Receipt));
            }
            finally
            {
                stop.Cancel();
                serve.Dispose();
                await Task.WhenAll(clients.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
                if (Directory.Exists(data))
                {
                    Directory.Delete(data, true);
                }
            }
        }

        // At the end, with the last server life up: the same facts through RS's admin API and each HO's owner API.
        private static async Task<int> VerifyThroughApiAsync(CrashLoad load)
        {
            int checks = 0;
            ServeEndpoints endpoints = load.Endpoints;
            var hoDevices = new List<Dictionary<string, JsonElement>>();
            foreach (ServeEndpoints.HomeOperator ho in endpoints.HomeOperators)
            {
                (HttpStatusCode status, JsonElement body) = await load.Http.JsonAsync(HttpMethod.Get, ho.Address, "owner/v1/devices", ho.OwnerToken);
                Assert.Equal(HttpStatusCode.OK, status);
                hoDevices.Add(body.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("deviceId").GetString(), d => d));
            }

            foreach (CrashDevice device in load.Devices())
            {
                checks++;
                (HttpStatusCode status, JsonElement rs) = await load.Http.JsonAsync(HttpMethod.Get, endpoints.Rs, "admin/v1/devices/" + device.DeviceId, endpoints.RsAdminToken);
                if (status != HttpStatusCode.OK || rs.GetProperty("pimsi").GetString() != device.Pimsi)
                {
                    load.Finding($"API: RS has no device {device.DeviceId} with PIMSI {device.Pimsi} ({(int)status})");
                    continue;
                }

                if (!device.Associated)
                {
                    continue;
                }

                checks++;
                ServeEndpoints.HomeOperator ho = endpoints.HomeOperators[device.HomeOperator];
                if (!rs.TryGetProperty("homeOperatorId", out JsonElement hoId) || hoId.GetString() != ho.RsId)
                {
                    load.Finding($"API: RS lost the association of {device.DeviceId}");
                }

                checks++;
                if (!hoDevices[device.HomeOperator].TryGetValue(device.DeviceId, out JsonElement held) || held.GetProperty("association").GetString() != "associated")
                {
                    load.Finding($"API: {ho.Name} lost the registration of {device.DeviceId}");
                    continue;
                }

                if (device.Imsi != null)
                {
                    checks++;
                    if (!held.TryGetProperty("imsi", out JsonElement imsi) || imsi.GetString() != device.Imsi)
                    {
                        load.Finding($"API: {ho.Name} lost the subscriber of {device.DeviceId}");
                    }
                }

                if (device.Provisioned)
                {
                    checks += 2;
                    if (held.GetProperty("state").GetString() != "provisioned")
                    {
                        load.Finding($"API: {ho.Name} lost the install receipt of {device.DeviceId}");
                    }

                    // The HO reports the outcome before it acknowledges, or at its next start when RS was not reached.
                    if (!held.GetProperty("outcomePending").GetBoolean() && rs.GetProperty("state").GetString() != "retired")
                    {
                        load.Finding($"API: {device.DeviceId} provisioned at {ho.Name} (outcome reported) but not retired at RS");
                    }
                }
            }

            return checks;
        }

        private void ExpectSameNetwork(CrashLoad load, ServeEndpoints first, ServeEndpoints again, int kill)
        {
            // The composition state (ports, tokens) and the HOs' RS registrations survive every kill.
            bool same = again.Rs == first.Rs && again.RsAdminToken == first.RsAdminToken && again.ManufacturerToken == first.ManufacturerToken
                && again.CaPath == first.CaPath && again.HomeOperators.Count == first.HomeOperators.Count
                && first.HomeOperators.Zip(again.HomeOperators).All(p => p.First.SameAs(p.Second));
            if (!same)
            {
                load.Finding($"restart after kill {kill}: URLs, tokens or HO registrations changed");
                load.Endpoints = again;
            }
        }

        private async Task WithinLimitAsync(Task task, ServeProcess serve, CrashLoad load, string what)
        {
            if (await Task.WhenAny(task, Task.Delay(StallLimit)) != task)
            {
                Assert.Fail($"{what}: no progress within {StallLimit.TotalSeconds} s; findings:\n{string.Join('\n', load.Findings.Take(20))}\nserver output:\n{serve.Output}");
            }

            await task;
        }

        private void Report(CrashLoad load, int kills, int startupKills, int checks, TimeSpan elapsed)
        {
            this.output.WriteLine($"seed {Seed}: {kills} kills under load + {startupKills} while starting, {elapsed.TotalSeconds:F1} s");
            this.output.WriteLine($"requests acknowledged {load.Acknowledged}, unanswered (in flight at a kill) {load.Unanswered}");
            foreach (CrashLoad.Write kind in Enum.GetValues<CrashLoad.Write>())
            {
                this.output.WriteLine($"  {kind}: {load.Count(kind)}");
            }

            this.output.WriteLine($"devices {load.Devices().Count}, SQNs checked {load.Sqns.Count} over {load.Sqns.Imsis().Count} IMSIs, stored facts checked {checks}");
            this.output.WriteLine($"findings {load.Findings.Count}");
        }
    }
}
