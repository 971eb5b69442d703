using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Tests.Rs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Tests.Ho
{
    /// <summary>
    /// A running RS (RsTestKit: real Kestrel, TLS, manual clock) plus home operators on loopback sharing its CA and clock,
    /// each with an owner and a visited operator registered, and HttpClients that trust only the emulator CA.
    /// </summary>
    public sealed class HoTestKit : IAsyncDisposable
    {
        private readonly List<Operator> operators = new List<Operator>();

        private HoTestKit(RsTestKit rs)
        {
            this.Rs = rs;
        }

        public RsTestKit Rs { get; }

        public Operator Ho => this.operators[0];

        public static async Task<HoTestKit> StartAsync(Action<HoServerOptions> configure = null)
        {
            var kit = new HoTestKit(await RsTestKit.StartAsync());
            await kit.AddOperatorAsync("home-a.m2m.test", "01", configure);
            return kit;
        }

        public HoServerOptions Options(string nafHost, string mnc, string dataDirectory = null)
        {
            return new HoServerOptions
            {
                Name = "Home " + nafHost,
                NafHost = nafHost,
                ImsiRange = new PimsiRange("999", mnc, 1000, 1999),
                IccidIssuerPrefix = "89999" + mnc,
                Ca = this.Rs.Server.Ca,
                Clock = this.Rs.Clock,
                RsBaseAddress = this.Rs.Server.BaseAddress,
                RsAdminToken = this.Rs.Server.AdminToken,
                AdminToken = "ho-admin-" + nafHost,
                DataDirectory = dataDirectory,
                LoggerFactory = LoggerFactory.Create(b => b.AddProvider(this.Rs.Logs).SetMinimumLevel(LogLevel.Trace)),
            };
        }

        public async Task<Operator> AddOperatorAsync(string nafHost, string mnc, Action<HoServerOptions> configure = null, string dataDirectory = null)
        {
            HoServerOptions options = this.Options(nafHost, mnc, dataDirectory);
            configure?.Invoke(options);
            var server = new HoServer(options);
            await server.StartAsync();
            var op = new Operator(this, server);
            await op.RegisterRolesAsync();
            this.operators.Add(op);
            return op;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (Operator op in this.operators)
            {
                await op.DisposeAsync();
            }

            await this.Rs.DisposeAsync();
        }

        /// <summary>One home operator of the kit.</summary>
        public sealed class Operator : IAsyncDisposable
        {
            private readonly HoTestKit kit;

            public Operator(HoTestKit kit, HoServer server)
            {
                this.kit = kit;
                this.Server = server;
                this.Client = new HttpClient(kit.Rs.Server.Ca.CreateHttpHandler()) { BaseAddress = server.BaseAddress };
            }

            public HoServer Server { get; private set; }

            public HoService Service => this.Server.Service;

            public HttpClient Client { get; private set; }

            public string OwnerToken { get; private set; }

            public string OwnerId { get; private set; }

            public string VoToken { get; private set; }

            public int VoInd { get; private set; }

            /// <summary>The HO's own RS bearer token, as stored in its database (tests play a misbehaving HO with it).</summary>
            public string RsToken => this.Server.Database.Read(c => (string)Storage.SqliteDatabase.Scalar(c, null, "SELECT value FROM setting WHERE name = 'rs_token'"));

            public async Task RegisterRolesAsync()
            {
                RsTestKit.Reply owner = await this.PostAsync("admin/v1/owners", this.Server.AdminToken, new { name = "Owner of " + this.Server.Options.NafHost });
                Assert.Equal(HttpStatusCode.Created, owner.Status);
                this.OwnerToken = owner.Json.GetProperty("token").GetString();
                this.OwnerId = owner.Json.GetProperty("ownerId").GetString();
                RsTestKit.Reply vo = await this.PostAsync("admin/v1/visited-operators", this.Server.AdminToken, new { name = "Visited One" });
                Assert.Equal(HttpStatusCode.Created, vo.Status);
                this.VoToken = vo.Json.GetProperty("token").GetString();
                this.VoInd = vo.Json.GetProperty("ind").GetInt32();
            }

            /// <summary>Stops the server and starts a new one over the same options and port (file-backed restart).</summary>
            public async Task RestartAsync()
            {
                HoServerOptions options = this.Server.Options;
                options.Port = this.Server.BaseAddress.Port;
                await this.Server.StopAsync();
                this.Client.Dispose();
                this.Server = new HoServer(options);
                await this.Server.StartAsync();
                this.Client = new HttpClient(this.kit.Rs.Server.Ca.CreateHttpHandler()) { BaseAddress = this.Server.BaseAddress };
            }

            public Task<RsTestKit.Reply> RegisterDeviceAsync(string deviceId, string ownerToken = null)
            {
                return this.PostAsync("owner/v1/devices", ownerToken ?? this.OwnerToken, new { deviceId });
            }

            public Task<RsTestKit.Reply> PostAsync(string path, string token, object body)
            {
                return this.SendAsync(HttpMethod.Post, path, token, body == null ? null : JsonSerializer.Serialize(body), "application/json");
            }

            public async Task<RsTestKit.Reply> SendAsync(HttpMethod method, string path, string token, string body, string contentType)
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

                return new RsTestKit.Reply(response.StatusCode, json, text, response.Headers.WwwAuthenticate.ToString());
            }

            public async Task<(HttpStatusCode Status, byte[] Body)> PostBinaryAsync(string path, byte[] body, string contentType = RsApi.OctetStream)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                using HttpResponseMessage response = await this.Client.PostAsync(path, content);
                Assert.Equal(RsApi.OctetStream, response.Content.Headers.ContentType?.MediaType);
                return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
            }

            public Task<RsTestKit.Reply> SaiAsync(string imsi, int count = 1, byte[] rand = null, byte[] auts = null)
            {
                var body = new Dictionary<string, object> { ["imsi"] = imsi, ["count"] = count };
                if (rand != null)
                {
                    body["rand"] = Convert.ToHexString(rand);
                    body["auts"] = Convert.ToHexString(auts);
                }

                return this.PostAsync(HoApi.AuthenticationInfoPath, this.VoToken, body);
            }

            /// <summary>Row counts and states of every HO table: "nothing stored changed" compares two of these.</summary>
            public string Snapshot()
            {
                return this.Server.Database.Read(c =>
                {
                    var text = new StringBuilder();
                    foreach (string table in new[] { "setting", "owner", "visited_operator", "device", "subscriber", "profile", "package", "naf_key", "notification", "sqn_audit" })
                    {
                        using SqliteCommand command = c.CreateCommand();
                        command.CommandText = $"SELECT COUNT(*) FROM {table}";
                        text.Append(table).Append('=').Append((long)command.ExecuteScalar()).Append(';');
                    }

                    using SqliteCommand devices = c.CreateCommand();
                    devices.CommandText = "SELECT group_concat(device_id || ':' || association || ':' || state || ':' || failure_count, ',') FROM device";
                    text.Append(devices.ExecuteScalar());
                    using SqliteCommand subscribers = c.CreateCommand();
                    subscribers.CommandText = "SELECT group_concat(imsi || ':' || seq_he, ',') FROM subscriber";
                    text.Append(subscribers.ExecuteScalar());
                    using SqliteCommand notifications = c.CreateCommand();
                    notifications.CommandText = "SELECT group_concat(id || ':' || repeats || ':' || COALESCE(rs_result, '-'), ',') FROM notification";
                    text.Append(notifications.ExecuteScalar());
                    return text.ToString();
                });
            }

            public async ValueTask DisposeAsync()
            {
                this.Client.Dispose();
                await this.Server.DisposeAsync();
            }
        }
    }
}
