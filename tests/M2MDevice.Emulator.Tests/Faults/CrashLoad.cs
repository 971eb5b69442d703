using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Tests.Rs;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// The load of the server crash test: <see cref="Clients"/> concurrent clients, each owning its devices, sending
    /// every acknowledged write the APIs offer (visited-operator registrations at RS and the HOs, manufacturer batches,
    /// owner registrations with association, SendAuthenticationInfo at RS for PIMSIs and at the HOs for operational
    /// IMSIs, Ub bootstrap challenges and sessions, USIM packages and install receipts), recording every answer the
    /// servers gave. A request without an answer (the process was killed) is not acknowledged and is retried or
    /// abandoned in the next server life. Unexpected answers become findings.
    /// </summary>
    internal sealed class CrashLoad
    {
        /// <summary>Concurrent clients.</summary>
        public const int Clients = 4;

        private const int MaxDevices = 160;
        private const int MaxVisitedOperators = 10;
        private const int AuthenticationCentreMax = 5;
        private static readonly PimsiRange Pimsis = new PimsiRange("001", "01", 0, 999_999);

        private readonly List<CrashDevice> devices = new List<CrashDevice>();
        private readonly List<VisitedOperator> rsVisitedOperators = new List<VisitedOperator>();
        private readonly List<VisitedOperator>[] hoVisitedOperators;
        private readonly ConcurrentQueue<string> findings = new ConcurrentQueue<string>();
        private readonly long[] acknowledged = new long[Enum.GetValues<Write>().Length];
        private readonly object gate = new object();
        private long total;
        private long unanswered;
        private long target = long.MaxValue;
        private TaskCompletionSource<bool> targetReached = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public CrashLoad(CrashHttp http, ServeEndpoints endpoints)
        {
            this.Http = http;
            this.Endpoints = endpoints;
            this.Gate = new LoadGate(Clients);
            this.hoVisitedOperators = endpoints.HomeOperators.Select(_ => new List<VisitedOperator>()).ToArray();
        }

        /// <summary>What the servers acknowledged, by kind.</summary>
        public enum Write
        {
            VisitedOperator,
            Batch,
            Association,
            Challenge,
            Session,
            Package,
            Receipt,
            RsVectors,
            HoVectors,
            HomeOperatorAnswer,
        }

        public CrashHttp Http { get; }

        public ServeEndpoints Endpoints { get; set; }

        public LoadGate Gate { get; }

        public SqnLedger Sqns { get; } = new SqnLedger();

        public IReadOnlyCollection<string> Findings => this.findings;

        /// <summary>Requests answered (2xx) in total.</summary>
        public long Acknowledged => Interlocked.Read(ref this.total);

        /// <summary>Requests that got no answer (in flight at a kill).</summary>
        public long Unanswered => Interlocked.Read(ref this.unanswered);

        public long Count(Write kind) => Interlocked.Read(ref this.acknowledged[(int)kind]);

        public IReadOnlyList<CrashDevice> Devices()
        {
            lock (this.gate)
            {
                return this.devices.ToList();
            }
        }

        public IReadOnlyList<VisitedOperator> RsVisitedOperators()
        {
            lock (this.gate)
            {
                return this.rsVisitedOperators.ToList();
            }
        }

        public IReadOnlyList<VisitedOperator> HoVisitedOperators(int ho)
        {
            lock (this.gate)
            {
                return this.hoVisitedOperators[ho].ToList();
            }
        }

        public void Finding(string text) => this.findings.Enqueue(text);

        /// <summary>Completes when <paramref name="more"/> further requests have been acknowledged.</summary>
        public Task AcknowledgedMoreAsync(int more)
        {
            lock (this.gate)
            {
                this.targetReached = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                this.target = this.Acknowledged + more;
                return this.targetReached.Task;
            }
        }

        /// <summary>The first life's setup, without kills: visited operators at RS and at every HO, one batch per client.</summary>
        public async Task SetUpAsync()
        {
            for (int i = 0; i < 3; i++)
            {
                await this.RegisterVisitedOperatorAsync(-1, "crash-rs-vo-" + i);
            }

            for (int ho = 0; ho < this.Endpoints.HomeOperators.Count; ho++)
            {
                for (int i = 0; i < 2; i++)
                {
                    await this.RegisterVisitedOperatorAsync(ho, $"crash-ho{ho}-vo-{i}");
                }
            }

            for (int client = 0; client < Clients; client++)
            {
                await this.BatchAsync(client, 4, 1);
            }

            Assert.True(this.Findings.Count == 0, string.Join('\n', this.Findings));
        }

        /// <summary>One client's loop until <paramref name="stop"/>: one request at a time, each in a server life.</summary>
        public async Task RunClientAsync(int client, int seed, CancellationToken stop)
        {
            var random = new Random(seed);
            int notBefore = 0;
            while (!stop.IsCancellationRequested)
            {
                int life;
                try
                {
                    life = await this.Gate.WaitAsync(notBefore, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    await this.OneRequestAsync(client, random, life);
                    notBefore = 0;
                }
                catch (CrashHttp.NoAnswerException)
                {
                    // Killed in flight (or refused while down): not acknowledged; continue in the next life.
                    Interlocked.Increment(ref this.unanswered);
                    notBefore = life;
                }
            }
        }

        private async Task OneRequestAsync(int client, Random random, int life)
        {
            List<CrashDevice> mine;
            int rsVos;
            lock (this.gate)
            {
                mine = this.devices.Where(d => d.Client == client).ToList();
                rsVos = this.rsVisitedOperators.Count + this.hoVisitedOperators.Sum(l => l.Count);
            }

            int roll = random.Next(100);
            if (roll < 4 && rsVos < MaxVisitedOperators)
            {
                int ho = random.Next(-1, this.Endpoints.HomeOperators.Count);
                await this.RegisterVisitedOperatorAsync(ho, $"crash-vo-{client}-{random.Next()}");
                return;
            }

            if (roll < 12 && mine.Count < MaxDevices / Clients)
            {
                await this.BatchAsync(client, 1 + random.Next(3), life);
                return;
            }

            List<CrashDevice> unassociated = mine.Where(d => !d.Associated).ToList();
            if (roll < 24 && unassociated.Count > 0)
            {
                await this.AssociateAsync(unassociated[random.Next(unassociated.Count)]);
                return;
            }

            List<CrashDevice> provisioning = mine.Where(d => d.Associated && !d.Provisioned).ToList();
            if (roll < 50 && provisioning.Count > 0)
            {
                await this.ProvisionStepAsync(provisioning[random.Next(provisioning.Count)], life);
                return;
            }

            List<CrashDevice> operational = mine.Where(d => d.Imsi != null).ToList();
            if (roll < 64 && operational.Count > 0)
            {
                await this.HoVectorsAsync(operational[random.Next(operational.Count)], random, life);
                return;
            }

            List<CrashDevice> preliminary = mine.Where(d => !d.ReceiptSent).ToList();
            if (preliminary.Count > 0)
            {
                await this.RsVectorsAsync(preliminary[random.Next(preliminary.Count)], random, life);
                return;
            }

            await this.BatchAsync(client, 1, life);
        }

        private void Acknowledge(Write kind)
        {
            Interlocked.Increment(ref this.acknowledged[(int)kind]);
            long now = Interlocked.Increment(ref this.total);
            lock (this.gate)
            {
                if (now >= this.target)
                {
                    this.targetReached.TrySetResult(true);
                }
            }
        }

        private void Unexpected(string what, HttpStatusCode status, JsonElement body)
        {
            string code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out JsonElement c) ? c.GetString() : string.Empty;
            this.Finding($"{what}: unexpected {(int)status} {code}");
        }

        private async Task RegisterVisitedOperatorAsync(int ho, string name)
        {
            Uri server = ho < 0 ? this.Endpoints.Rs : this.Endpoints.HomeOperators[ho].Address;
            string token = ho < 0 ? this.Endpoints.RsAdminToken : this.Endpoints.HomeOperators[ho].AdminToken;
            (HttpStatusCode status, JsonElement body) = await this.Http.JsonAsync(HttpMethod.Post, server, "admin/v1/visited-operators", token, new { name });
            if (status != HttpStatusCode.Created)
            {
                this.Unexpected("VO registration", status, body);
                return;
            }

            var registered = new VisitedOperator(body.GetProperty("visitedOperatorId").GetString(), body.GetProperty("token").GetString(), body.GetProperty("ind").GetInt32());
            lock (this.gate)
            {
                (ho < 0 ? this.rsVisitedOperators : this.hoVisitedOperators[ho]).Add(registered);
            }

            this.Acknowledge(Write.VisitedOperator);
        }

        private async Task BatchAsync(int client, int count, int life)
        {
            (HttpStatusCode status, JsonElement body) = await this.Http.JsonAsync(HttpMethod.Post, this.Endpoints.Rs, "manufacturing/v1/batches", this.Endpoints.ManufacturerToken, new { count });
            if (status != HttpStatusCode.Created)
            {
                this.Unexpected("batch", status, body);
                return;
            }

            lock (this.gate)
            {
                foreach (JsonElement entry in body.GetProperty("devices").EnumerateArray())
                {
                    this.devices.Add(new CrashDevice(entry, Pimsis, client, this.devices.Count % this.Endpoints.HomeOperators.Count, life));
                }
            }

            this.Acknowledge(Write.Batch);
        }

        private async Task AssociateAsync(CrashDevice device)
        {
            ServeEndpoints.HomeOperator ho = this.Endpoints.HomeOperators[device.HomeOperator];
            (HttpStatusCode status, JsonElement body) = await this.Http.JsonAsync(HttpMethod.Post, ho.Address, "owner/v1/devices", ho.OwnerToken, new { deviceId = device.DeviceId });
            if (status == HttpStatusCode.Accepted)
            {
                // RS not reached (the HO stored the registration as pending): a repeat finishes it.
                return;
            }

            if ((status != HttpStatusCode.Created && status != HttpStatusCode.OK) || body.GetProperty("association").GetString() != "associated")
            {
                this.Unexpected($"owner registration of {device.DeviceId} at {ho.Name}", status, body);
                return;
            }

            device.Associated = true;
            this.Acknowledge(Write.Association);
        }

        private async Task RsVectorsAsync(CrashDevice device, Random random, int life)
        {
            IReadOnlyList<VisitedOperator> vos = this.RsVisitedOperators();
            VisitedOperator vo = vos[random.Next(vos.Count)];
            int count = 1 + random.Next(AuthenticationCentreMax);
            (HttpStatusCode status, JsonElement body) = await this.Http.JsonAsync(HttpMethod.Post, this.Endpoints.Rs, "roaming/v1/authentication-info", vo.Token, new { imsi = device.Pimsi, count });
            if (status == HttpStatusCode.NotFound && device.ReceiptSent && body.GetProperty("code").GetString() == "retired-subscriber")
            {
                return;
            }

            if (status != HttpStatusCode.OK)
            {
                this.Unexpected($"SAI at RS for {device.DeviceId}", status, body);
                return;
            }

            this.RecordVectors(device.Pimsi, device.Usim.K, device.Usim.Opc, body, count, vo.Ind, life, "RS SAI " + vo.Id);
            this.Acknowledge(Write.RsVectors);
        }

        private async Task HoVectorsAsync(CrashDevice device, Random random, int life)
        {
            IReadOnlyList<VisitedOperator> vos = this.HoVisitedOperators(device.HomeOperator);
            VisitedOperator vo = vos[random.Next(vos.Count)];
            int count = 1 + random.Next(AuthenticationCentreMax);
            ServeEndpoints.HomeOperator ho = this.Endpoints.HomeOperators[device.HomeOperator];
            (HttpStatusCode status, JsonElement body) = await this.Http.JsonAsync(HttpMethod.Post, ho.Address, "roaming/v1/authentication-info", vo.Token, new { imsi = device.Imsi, count });
            if (status != HttpStatusCode.OK)
            {
                this.Unexpected($"SAI at {ho.Name} for {device.DeviceId}", status, body);
                return;
            }

            this.RecordVectors(device.Imsi, device.ProfileK, device.ProfileOpc, body, count, vo.Ind, life, $"{ho.Name} SAI {vo.Id}");
            this.Acknowledge(Write.HoVectors);
        }

        private void RecordVectors(string imsi, byte[] k, byte[] opc, JsonElement body, int count, int ind, int life, string source)
        {
            JsonElement[] vectors = body.GetProperty("vectors").EnumerateArray().ToArray();
            if (vectors.Length != count)
            {
                this.Finding($"{source}: {vectors.Length} vectors for a request of {count}");
            }

            foreach (JsonElement vector in vectors)
            {
                string problem = this.Sqns.Record(imsi, k, opc, Convert.FromHexString(vector.GetProperty("rand").GetString()), Convert.FromHexString(vector.GetProperty("autn").GetString()), ind, life, $"{source}, life {life}");
                if (problem != null)
                {
                    this.Finding(problem);
                }
            }
        }

        private async Task ProvisionStepAsync(CrashDevice device, int life)
        {
            if (device.BTid == null && device.ChallengeRand == null)
            {
                await this.ChallengeAsync(device, life);
            }
            else if (device.BTid == null)
            {
                await this.AnswerChallengeAsync(device);
            }
            else if (device.KsNafHo == null)
            {
                await this.AskHomeOperatorAsync(device);
            }
            else if (device.Imsi == null)
            {
                await this.DownloadAsync(device);
            }
            else
            {
                await this.ReceiptAsync(device);
            }
        }

        private async Task ChallengeAsync(CrashDevice device, int life)
        {
            var request = new BootstrapRequest { Impi = Encoding.ASCII.GetBytes(device.Usim.Impi) };
            (HttpStatusCode status, byte[] body) = await this.Http.BinaryAsync(this.Endpoints.Rs, "ub/v1/bootstrap", DeviceBootstrapClient.Encode(b => (request.Encode(b, 0, b.Length, out int n), n)));
            if (status != HttpStatusCode.OK || BootstrapChallenge.TryDecode(body, 0, body.Length, out BootstrapChallenge challenge) != ProtocolResult.Success)
            {
                this.Finding($"bootstrap request of {device.DeviceId}: unexpected {(int)status}");
                return;
            }

            string problem = this.Sqns.Record(device.Pimsi, device.Usim.K, device.Usim.Opc, challenge.Rand, challenge.Autn, RsService.BootstrapInd, life, $"RS bootstrap, life {life}");
            if (problem != null)
            {
                this.Finding(problem);
            }

            // The soft USIM checks MAC and freshness (TS 33.102 6.3.3, C.2.2): a reissued SQN on IND 0 fails here.
            (AkaResult result, UsimAuthenticationOutput output) = device.Usim.Authenticate(challenge.Rand, challenge.Autn);
            if (result != AkaResult.Success)
            {
                this.Finding($"bootstrap challenge of {device.DeviceId} in life {life}: the USIM answers {result}");
                return;
            }

            device.ChallengeRand = challenge.Rand;
            device.ChallengeRes = output.Res.AsSpan(0, output.ResLength).ToArray();
            byte[] ks = new byte[32];
            Array.Copy(output.Ck, 0, ks, 0, 16);
            Array.Copy(output.Ik, 0, ks, 16, 16);
            device.ChallengeKs = ks;
            device.ChallengeAnswerSent = false;
            this.Acknowledge(Write.Challenge);
        }

        private async Task AnswerChallengeAsync(CrashDevice device)
        {
            bool sentBefore = device.ChallengeAnswerSent;
            device.ChallengeAnswerSent = true;
            var response = new BootstrapResponse { Rand = device.ChallengeRand, Res = device.ChallengeRes };
            (HttpStatusCode status, byte[] body) = await this.Http.BinaryAsync(this.Endpoints.Rs, "ub/v1/bootstrap", DeviceBootstrapClient.Encode(b => (response.Encode(b, 0, b.Length, out int n), n)));
            if (status == HttpStatusCode.Forbidden && sentBefore)
            {
                // The unanswered first try consumed the challenge (a challenge is answered once): start again.
                device.ChallengeRand = null;
                return;
            }

            if (status != HttpStatusCode.OK || BootstrapResult.TryDecode(body, 0, body.Length, out BootstrapResult result) != ProtocolResult.Success)
            {
                this.Finding($"bootstrap response of {device.DeviceId} to an acknowledged challenge: unexpected {(int)status}");
                device.ChallengeRand = null;
                return;
            }

            device.BTid = Encoding.ASCII.GetString(result.BTid);
            device.SessionRand = device.ChallengeRand;
            device.Ks = device.ChallengeKs;
            device.ChallengeRand = null;
            this.Acknowledge(Write.Session);
        }

        private async Task AskHomeOperatorAsync(CrashDevice device)
        {
            byte[] nonce = RandomNumberGenerator.GetBytes(16);
            string host = device.BTid.Substring(device.BTid.IndexOf('@', StringComparison.Ordinal) + 1);
            byte[] ksNafRs = this.KsNaf(device, RsNafId.For(host));
            var protection = new MessageProtection();
            var request = new HomeOperatorRequest { BTid = Encoding.ASCII.GetBytes(device.BTid), DeviceNonce = nonce };
            byte[] message = DeviceBootstrapClient.Encode(b => (request.Encode(protection, ksNafRs, 0, b, 0, b.Length, out int n), n));
            (HttpStatusCode status, byte[] body) = await this.Http.BinaryAsync(this.Endpoints.Rs, "ub/v1/home-operator", message);
            if (status != HttpStatusCode.OK
                || HomeOperatorAnswer.TryOpen(protection, ksNafRs, 0, nonce, 0, body, 0, body.Length, out HomeOperatorAnswer answer) != ProtocolResult.Success
                || answer.Status != HomeOperatorStatus.Associated)
            {
                this.Finding($"home-operator request of {device.DeviceId} (acknowledged session and association): unexpected {(int)status}");
                return;
            }

            device.HoAddress = new Uri(Encoding.ASCII.GetString(answer.HomeOperatorAddress));
            device.KsNafHo = this.KsNaf(device, answer.HomeOperatorId);
            this.Acknowledge(Write.HomeOperatorAnswer);
        }

        private async Task DownloadAsync(CrashDevice device)
        {
            device.PackageNonce ??= RandomNumberGenerator.GetBytes(16);
            var request = new PackageRequest { BTid = Encoding.ASCII.GetBytes(device.BTid), DeviceNonce = device.PackageNonce };
            byte[] message = DeviceBootstrapClient.Encode(b => (request.Encode(new MessageProtection(), device.KsNafHo, 0, b, 0, b.Length, out int n), n));
            (HttpStatusCode status, byte[] body) = await this.Http.BinaryAsync(device.HoAddress, "ua/v1/package", message);
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                // Busy: the HO could not reach RS for Ks_NAF in time; not acknowledged, retried.
                return;
            }

            if (status != HttpStatusCode.OK || UsimPackage.TryOpen(new MessageProtection(), device.KsNafHo, 0, device.PackageNonce, 0, body, 0, body.Length, out UsimPackage package) != ProtocolResult.Success)
            {
                this.Finding($"package request of {device.DeviceId}: unexpected {(int)status}");
                return;
            }

            device.Imsi = Encoding.ASCII.GetString(package.Body.Imsi);
            device.ProfileSequence = package.ProfileSequence;
            device.ProfileK = (byte[])package.Body.K.Clone();
            device.ProfileOpc = (byte[])package.Body.Opc.Clone();
            this.Acknowledge(Write.Package);
        }

        private async Task ReceiptAsync(CrashDevice device)
        {
            device.ReceiptSent = true;
            byte[] nonce = RandomNumberGenerator.GetBytes(16);
            var receipt = new InstallReceipt { BTid = Encoding.ASCII.GetBytes(device.BTid), DeviceNonce = nonce, ProfileSequence = device.ProfileSequence, Plmn = new byte[] { 0x00, 0xF1, 0x20 } };
            byte[] message = DeviceBootstrapClient.Encode(b => (receipt.Encode(new MessageProtection(), device.KsNafHo, 0, b, 0, b.Length, out int n), n));
            (HttpStatusCode status, byte[] body) = await this.Http.BinaryAsync(device.HoAddress, "ua/v1/notification", message);
            if (status != HttpStatusCode.OK
                || NotificationAck.TryOpen(new MessageProtection(), device.KsNafHo, 0, nonce, 0, body, 0, body.Length, out NotificationAck ack) != ProtocolResult.Success
                || ack.AcknowledgedType != MessageType.InstallReceipt)
            {
                this.Finding($"install receipt of {device.DeviceId}: unexpected {(int)status}");
                return;
            }

            device.Provisioned = true;
            this.Acknowledge(Write.Receipt);
        }

        private byte[] KsNaf(CrashDevice device, byte[] nafId)
        {
            // TS 33.220 B.3: Ks_NAF = KDF(Ks, "gba-me", RAND, IMPI, NAF_Id).
            byte[] impi = Encoding.UTF8.GetBytes(device.Usim.Impi);
            byte[] output = new byte[32];
            new Kdf().DeriveKsNaf(device.Ks, 0, device.SessionRand, 0, impi, 0, impi.Length, nafId, 0, nafId.Length, output, 0);
            return output;
        }

        /// <summary>A visited operator the test registered: id, token, IND.</summary>
        internal sealed record VisitedOperator(string Id, string Token, int Ind);
    }
}
