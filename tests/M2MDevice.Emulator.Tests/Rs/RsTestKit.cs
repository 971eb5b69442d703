using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Rs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Tests.Rs
{
    /// <summary>
    /// A running RS on loopback (real Kestrel and TLS) with an HttpClient that trusts only the emulator CA, a manual
    /// clock, captured logs, and a manufacturer, two visited operators and two home operators registered.
    /// </summary>
    public sealed class RsTestKit : IAsyncDisposable
    {
        private readonly EmulatorCa ca;

        private RsTestKit(RsServer server, EmulatorCa ca, ManualTimeProvider clock, CapturingLoggerProvider logs)
        {
            this.Server = server;
            this.ca = ca;
            this.Clock = clock;
            this.Logs = logs;
            this.Client = new HttpClient(ca.CreateHttpHandler()) { BaseAddress = server.BaseAddress };
        }

        public RsServer Server { get; private set; }

        public RsService Service => this.Server.Service;

        public ManualTimeProvider Clock { get; }

        public CapturingLoggerProvider Logs { get; }

        public HttpClient Client { get; private set; }

        public string ManufacturerToken { get; private set; }

        public string VoToken { get; private set; }

        public int VoInd { get; private set; }

        public string Vo2Token { get; private set; }

        public int Vo2Ind { get; private set; }

        public string HoToken { get; private set; }

        public string HoId { get; private set; }

        public string Ho2Token { get; private set; }

        public string Ho2Id { get; private set; }

        public byte[] HoTrustAnchor { get; private set; }

        public static async Task<RsTestKit> StartAsync(Action<RsServerOptions> configure = null, string dataDirectory = null, bool register = true)
        {
            var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
            var logs = new CapturingLoggerProvider();
            var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            EmulatorCa ca = EmulatorCa.CreateInMemory(clock: clock);
            var options = new RsServerOptions
            {
                Ca = ca,
                Clock = clock,
                LoggerFactory = loggerFactory,
                DataDirectory = dataDirectory,
                PimsiRange = new PimsiRange("001", "01", 100, 199),
                Quarantine = TimeSpan.FromDays(30),
                AdminToken = "admin-token-for-tests",
            };
            configure?.Invoke(options);
            var server = new RsServer(options);
            await server.StartAsync();
            var kit = new RsTestKit(server, ca, clock, logs);
            if (register)
            {
                await kit.RegisterAllAsync();
            }

            return kit;
        }

        /// <summary>Stops the server and starts a new one over the same options (file-backed restart).</summary>
        public async Task RestartAsync()
        {
            RsServerOptions options = this.Server.Options;
            await this.Server.StopAsync();
            this.Client.Dispose();
            this.Server = new RsServer(options);
            await this.Server.StartAsync();
            this.Client = new HttpClient(this.ca.CreateHttpHandler()) { BaseAddress = this.Server.BaseAddress };
        }

        public async Task RegisterAllAsync()
        {
            string admin = this.Server.AdminToken;
            this.ManufacturerToken = (await this.PostAsync("admin/v1/manufacturers", admin, new { name = "Acme Devices" })).Json.GetProperty("token").GetString();
            JsonElement vo = (await this.PostAsync("admin/v1/visited-operators", admin, new { name = "Visited One" })).Json;
            this.VoToken = vo.GetProperty("token").GetString();
            this.VoInd = vo.GetProperty("ind").GetInt32();
            JsonElement vo2 = (await this.PostAsync("admin/v1/visited-operators", admin, new { name = "Visited Two" })).Json;
            this.Vo2Token = vo2.GetProperty("token").GetString();
            this.Vo2Ind = vo2.GetProperty("ind").GetInt32();
            using var hoCertificate = this.ca.IssueLoopbackServerCertificate("ho1.m2m.test");
            this.HoTrustAnchor = this.ca.ExportDer();
            JsonElement ho = (await this.PostAsync("admin/v1/home-operators", admin, new { name = "Home One", nafHost = "ho1.m2m.test", baseUrl = "https://ho1.m2m.test:8443/", trustAnchor = Convert.ToBase64String(this.HoTrustAnchor) })).Json;
            this.HoToken = ho.GetProperty("token").GetString();
            this.HoId = ho.GetProperty("homeOperatorId").GetString();
            JsonElement ho2 = (await this.PostAsync("admin/v1/home-operators", admin, new { name = "Home Two", nafHost = "ho2.m2m.test", baseUrl = "https://ho2.m2m.test/", trustAnchor = Convert.ToBase64String(this.HoTrustAnchor) })).Json;
            this.Ho2Token = ho2.GetProperty("token").GetString();
            this.Ho2Id = ho2.GetProperty("homeOperatorId").GetString();
        }

        public async Task<List<TestDevice>> RegisterBatchAsync(int count, string algorithm = null)
        {
            object body = algorithm == null ? new { count } : new { count, algorithm };
            Reply reply = await this.PostAsync("manufacturing/v1/batches", this.ManufacturerToken, body);
            Assert.Equal(HttpStatusCode.Created, reply.Status);
            var devices = new List<TestDevice>();
            foreach (JsonElement device in reply.Json.GetProperty("devices").EnumerateArray())
            {
                devices.Add(TestDevice.FromJson(device, this.Service.PimsiRange));
            }

            return devices;
        }

        public Task<Reply> PostAsync(string path, string token, object body)
        {
            return this.SendAsync(HttpMethod.Post, path, token, body == null ? null : JsonSerializer.Serialize(body), "application/json");
        }

        public async Task<Reply> SendAsync(HttpMethod method, string path, string token, string body, string contentType)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (body != null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            using HttpResponseMessage response = await this.Client.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            JsonElement json = default;
            if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false))
            {
                json = JsonDocument.Parse(text).RootElement.Clone();
            }

            return new Reply(response.StatusCode, json, text, response.Headers.WwwAuthenticate.ToString());
        }

        public async Task<(HttpStatusCode Status, byte[] Body)> PostBinaryAsync(string path, byte[] body, string contentType = RsApi.OctetStream)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using HttpResponseMessage response = await this.Client.PostAsync(path, content);
            Assert.Equal(RsApi.OctetStream, response.Content.Headers.ContentType?.MediaType);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
        }

        public Task<Reply> SaiAsync(string token, string imsi, int count = 1, byte[] rand = null, byte[] auts = null)
        {
            var body = new Dictionary<string, object> { ["imsi"] = imsi, ["count"] = count };
            if (rand != null)
            {
                body["rand"] = Convert.ToHexString(rand);
                body["auts"] = Convert.ToHexString(auts);
            }

            return this.PostAsync("roaming/v1/authentication-info", token, body);
        }

        /// <summary>Row counts of every RS table: "nothing stored changed" compares two of these.</summary>
        public string Snapshot()
        {
            return this.Server.Database.Read(c =>
            {
                var text = new StringBuilder();
                foreach (string table in new[] { "setting", "manufacturer", "visited_operator", "home_operator", "pimsi", "device", "sqn_audit", "bootstrap_challenge", "bootstrap_session", "outcome" })
                {
                    using SqliteCommand command = c.CreateCommand();
                    command.CommandText = $"SELECT COUNT(*), COALESCE(SUM(LENGTH(CAST(rowid AS TEXT))), 0) FROM {table}";
                    using SqliteDataReader reader = command.ExecuteReader();
                    reader.Read();
                    text.Append(table).Append('=').Append(reader.GetInt64(0)).Append(';');
                }

                using SqliteCommand state = c.CreateCommand();
                state.CommandText = "SELECT group_concat(imsi || ':' || state || ':' || seq_he, ',') FROM pimsi";
                text.Append(state.ExecuteScalar());
                using SqliteCommand devices = c.CreateCommand();
                devices.CommandText = "SELECT group_concat(device_id || ':' || state || ':' || COALESCE(ho_id, '-') || ':' || failure_count, ',') FROM device";
                text.Append(devices.ExecuteScalar());
                return text.ToString();
            });
        }

        public async ValueTask DisposeAsync()
        {
            this.Client.Dispose();
            await this.Server.DisposeAsync();
            this.ca.Dispose();
        }

        public sealed record Reply(HttpStatusCode Status, JsonElement Json, string Text, string WwwAuthenticate)
        {
            public string Code => this.Json.ValueKind == JsonValueKind.Object && this.Json.TryGetProperty("code", out JsonElement code) ? code.GetString() : null;
        }
    }
}
