using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CsCheck;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Rs;
using M2MDevice.Protocol;
using M2MDevice.Tests.Protocol;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace M2MDevice.Robustness.Tests.Http
{
    /// <summary>
    /// One RS and one home operator on loopback (real Kestrel and TLS; an HttpClient trusting only the EmulatorCa),
    /// each with its callers registered: every JSON endpoint gets mutated valid bodies (JSON-aware and text edits),
    /// random bytes and wrong content types; every binary device endpoint (Ub, Ua) gets random bytes and mutated
    /// golden protocol messages. Never a 5xx; a JSON refusal is a 4xx problem-details document with a code; a binary
    /// refusal is a 4xx ErrorAnswer; and a refused request changes nothing stored (every row of every table of both
    /// databases compared before and after). Accepted (2xx) requests are allowed: a mutation can stay valid.
    /// </summary>
    public sealed class HttpBodyFuzzTests : IClassFixture<HttpBodyFuzzTests.Servers>
    {
        private readonly Servers servers;
        private readonly ITestOutputHelper output;

        public HttpBodyFuzzTests(Servers servers, ITestOutputHelper output)
        {
            this.servers = servers;
            this.output = output;
        }

        /// <summary>The server pair with registered callers, shared by the tests of this class.</summary>
        public sealed class Servers : IAsyncLifetime
        {
            public EmulatorCa Ca { get; private set; }

            public RsServer Rs { get; private set; }

            public HoServer Ho { get; private set; }

            public HttpClient RsClient { get; private set; }

            public HttpClient HoClient { get; private set; }

            public Dictionary<string, string> Tokens { get; } = new Dictionary<string, string>();

            public List<string> DeviceIds { get; } = new List<string>();

            public List<string> Impis { get; } = new List<string>();

            public string TrustAnchor { get; private set; }

            public async Task InitializeAsync()
            {
                Ca = EmulatorCa.CreateInMemory();
                Rs = new RsServer(new RsServerOptions { Ca = Ca, AdminToken = "rs-admin-token", PimsiRange = new PimsiRange("001", "01", 100, 199) });
                await Rs.StartAsync();
                RsClient = new HttpClient(Ca.CreateHttpHandler()) { BaseAddress = Rs.BaseAddress };
                Tokens["rs-admin"] = Rs.AdminToken;
                Tokens["manufacturer"] = (await PostAsync(RsClient, "admin/v1/manufacturers", Rs.AdminToken, new { name = "Acme" })).GetProperty("token").GetString();
                Tokens["rs-vo"] = (await PostAsync(RsClient, "admin/v1/visited-operators", Rs.AdminToken, new { name = "Visited" })).GetProperty("token").GetString();
                TrustAnchor = Convert.ToBase64String(Ca.ExportDer());
                Ho = new HoServer(new HoServerOptions
                {
                    Ca = Ca,
                    AdminToken = "ho-admin-token",
                    NafHost = "ho1.m2m.test",
                    ImsiRange = new PimsiRange("999", "01", 1000, 1999),
                    IccidIssuerPrefix = "8999901",
                    RsBaseAddress = Rs.BaseAddress,
                    RsAdminToken = Rs.AdminToken,
                });
                await Ho.StartAsync();
                HoClient = new HttpClient(Ca.CreateHttpHandler()) { BaseAddress = Ho.BaseAddress };
                Tokens["ho-admin"] = Ho.AdminToken;
                Tokens["owner"] = (await PostAsync(HoClient, "admin/v1/owners", Ho.AdminToken, new { name = "Owner" })).GetProperty("token").GetString();
                Tokens["ho-vo"] = (await PostAsync(HoClient, "admin/v1/visited-operators", Ho.AdminToken, new { name = "Visited" })).GetProperty("token").GetString();
                Tokens["ho"] = Ho.Database.Read(c => (string)Emulator.Storage.SqliteDatabase.Scalar(c, null, "SELECT value FROM setting WHERE name = 'rs_token'"));
                JsonElement batch = await PostAsync(RsClient, "manufacturing/v1/batches", Tokens["manufacturer"], new { count = 3 });
                foreach (JsonElement device in batch.GetProperty("devices").EnumerateArray())
                {
                    DeviceIds.Add(device.GetProperty("deviceId").GetString());
                    Impis.Add(Rs.Service.PimsiRange.ImpiOf(device.GetProperty("pimsi").GetString()));
                }
            }

            private static async Task<JsonElement> PostAsync(HttpClient client, string path, string token, object body)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using HttpResponseMessage response = await client.SendAsync(request);
                string text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, path + ": " + (int)response.StatusCode + " " + text);
                return JsonDocument.Parse(text).RootElement.Clone();
            }

            /// <summary>Every row of every table of both databases: "nothing stored changed" compares two of these.</summary>
            public string Snapshot() => Dump(Rs.Database) + "\n--\n" + Dump(Ho.Database);

            private static string Dump(Emulator.Storage.SqliteDatabase database) => database.Read(c =>
            {
                var tables = new List<string>();
                using (SqliteCommand list = c.CreateCommand())
                {
                    list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
                    using SqliteDataReader reader = list.ExecuteReader();
                    while (reader.Read())
                    {
                        tables.Add(reader.GetString(0));
                    }
                }

                var text = new StringBuilder();
                foreach (string table in tables)
                {
                    using SqliteCommand rows = c.CreateCommand();
                    rows.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
                    using SqliteDataReader reader = rows.ExecuteReader();
                    text.Append(table).Append(':');
                    while (reader.Read())
                    {
                        for (int i = 0; i < reader.FieldCount; i++)
                        {
                            object value = reader.GetValue(i);
                            text.Append(value is byte[] bytes ? Convert.ToHexString(bytes) : value?.ToString()).Append('|');
                        }

                        text.Append(';');
                    }

                    text.Append('\n');
                }

                return text.ToString();
            });

            public async Task DisposeAsync()
            {
                RsClient?.Dispose();
                HoClient?.Dispose();
                if (Ho != null)
                {
                    await Ho.DisposeAsync();
                }

                if (Rs != null)
                {
                    await Rs.DisposeAsync();
                }

                Ca?.Dispose();
            }
        }

        private sealed record JsonEndpoint(bool OnHo, string Path, string Role, string Body, string[] Names);

        private JsonEndpoint[] JsonEndpoints() => new[]
        {
            new JsonEndpoint(false, "admin/v1/manufacturers", "rs-admin", "{\"name\":\"Acme Two\"}", new[] { "name" }),
            new JsonEndpoint(false, "admin/v1/visited-operators", "rs-admin", "{\"name\":\"Visited Two\"}", new[] { "name" }),
            new JsonEndpoint(false, "admin/v1/home-operators", "rs-admin", "{\"name\":\"Home Two\",\"nafHost\":\"ho2.m2m.test\",\"baseUrl\":\"https://ho2.m2m.test/\",\"trustAnchor\":\"" + servers.TrustAnchor + "\"}", new[] { "name", "nafHost", "baseUrl", "trustAnchor" }),
            new JsonEndpoint(false, "manufacturing/v1/batches", "manufacturer", "{\"count\":1,\"algorithm\":\"milenage\"}", new[] { "count", "algorithm" }),
            new JsonEndpoint(false, "roaming/v1/authentication-info", "rs-vo", "{\"imsi\":\"001010000000100\",\"count\":2}", new[] { "imsi", "count", "rand", "auts" }),
            new JsonEndpoint(false, "roaming/v1/authentication-info", "rs-vo", "{\"imsi\":\"001010000000101\",\"rand\":\"23553cbe9637a89d218ae64dae47bf35\",\"auts\":\"ba853f3c121b1d42e794305f81bd\"}", new[] { "imsi", "count", "rand", "auts" }),
            new JsonEndpoint(false, "zn/v1/associations", "ho", "{\"deviceId\":\"" + servers.DeviceIds[0] + "\"}", new[] { "deviceId" }),
            new JsonEndpoint(false, "zn/v1/naf-keys", "ho", "{\"btid\":\"I1U8vpY3qJ0hiuZNrke/NQ==@rs.m2m.test\"}", new[] { "btid" }),
            new JsonEndpoint(false, "zn/v1/outcomes", "ho", "{\"deviceId\":\"" + servers.DeviceIds[1] + "\",\"outcome\":\"failed\",\"detail\":\"attach rejected\"}", new[] { "deviceId", "outcome", "detail" }),
            new JsonEndpoint(true, "admin/v1/owners", "ho-admin", "{\"name\":\"Owner Two\"}", new[] { "name" }),
            new JsonEndpoint(true, "admin/v1/visited-operators", "ho-admin", "{\"name\":\"Visited Three\"}", new[] { "name" }),
            new JsonEndpoint(true, "owner/v1/devices", "owner", "{\"deviceId\":\"" + servers.DeviceIds[2] + "\"}", new[] { "deviceId" }),
            new JsonEndpoint(true, "roaming/v1/authentication-info", "ho-vo", "{\"imsi\":\"999010000001000\",\"count\":1}", new[] { "imsi", "count", "rand", "auts" }),
        };

        private static Gen<(string Body, string ContentType)> JsonBodies(JsonEndpoint endpoint)
        {
            Gen<string> json = Gen.Frequency(
                (5, JsonFuzz.MutationsOf(endpoint.Body, endpoint.Names)),
                (3, Fuzz.TextMutationsOf(new[] { endpoint.Body }, 3)),
                (1, Gen.Byte.Array[0, 60].Select(b => Encoding.Latin1.GetString(b))),
                (1, Gen.Int[0, JsonFuzz.HostileValues.Length - 1].Select(i => JsonFuzz.HostileValues[i])));
            Gen<string> type = Gen.Frequency((12, Gen.Const("application/json")), (1, Gen.OneOfConst("text/plain", "application/octet-stream", "application/json; charset=utf-16", "application/xml")));
            return Gen.Select(json, type);
        }

        [Fact]
        public async Task JsonEndpoints_MutatedBodies_ProblemDetailsWithCodeAndNothingStored()
        {
            JsonEndpoint[] endpoints = JsonEndpoints();
            var tally = new Fuzz.Tally();
            Gen<(int, (string, string))> cases = Gen.Int[0, endpoints.Length - 1].SelectMany(i => JsonBodies(endpoints[i]).Select(b => (i, b)));
            await Fuzz.RunAsync(output, "RS/HO JSON endpoints", cases, 1500, 0x4770B0D1UL, async input =>
            {
                (int index, (string body, string contentType)) = input;
                JsonEndpoint endpoint = endpoints[index];
                string before = servers.Snapshot();
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", servers.Tokens[endpoint.Role]);
                using HttpResponseMessage response = await (endpoint.OnHo ? servers.HoClient : servers.RsClient).SendAsync(request);
                string text = await response.Content.ReadAsStringAsync();
                int status = (int)response.StatusCode;
                tally.Add(status);
                Assert.True(status < 500, $"{endpoint.Path}: {status} {text}");
                if (status >= 400)
                {
                    Assert.Contains("json", response.Content.Headers.ContentType?.MediaType ?? string.Empty, StringComparison.Ordinal);
                    JsonElement problem = JsonDocument.Parse(text).RootElement;
                    Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("code").GetString()), "a problem without a code: " + text);
                    Assert.Equal(status, problem.GetProperty("status").GetInt32());
                    Assert.True(before == servers.Snapshot(), $"{endpoint.Path}: a refused request ({status} {text}) changed what is stored");
                }
            });
            output.WriteLine(tally.ToString());
        }

        [Theory]
        [InlineData(false, "admin/v1/home-operators", "rs-admin", "{\"trustAnchor\": \"\\ud800\", \"name\": \"H\", \"nafHost\": \"h.m2m.test\", \"baseUrl\": \"https://h.m2m.test/\"}")]
        [InlineData(false, "admin/v1/manufacturers", "rs-admin", "{\"name\": \"a\\udc00b\"}")]
        [InlineData(false, "admin/v1/manufacturers", "rs-admin", "{\"\\ud800\": 1}")]
        [InlineData(true, "owner/v1/devices", "owner", "{\"deviceId\": [\"\\ud83d\"]}")]
        public async Task JsonEndpoints_LoneSurrogate_400InvalidJsonAndNothingStored(bool onHo, string path, string role, string body)
        {
            // Regression (found by the fuzz above): JsonElement.GetString threw on an escaped lone surrogate: 500.
            string before = servers.Snapshot();
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", servers.Tokens[role]);
            using HttpResponseMessage response = await (onHo ? servers.HoClient : servers.RsClient).SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid-json", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
            Assert.Equal(before, servers.Snapshot());
        }

        [Fact]
        public async Task BinaryDeviceEndpoints_RandomAndMutatedMessages_ErrorAnswerAndNothingStored()
        {
            byte[] bootstrap = ProtocolSamples.Encode(new BootstrapRequest { Impi = M2MDevice.Protocol.Ascii.GetBytes(servers.Impis[0]) });
            byte[][] rsGolden = { bootstrap, ProtocolSamples.Encode(ProtocolSamples.BootstrapResponse()), ProtocolSamples.Encode(ProtocolSamples.HomeOperatorRequest()) };
            byte[][] hoGolden = { ProtocolSamples.Encode(ProtocolSamples.PackageRequest()), ProtocolSamples.Encode(ProtocolSamples.InstallReceipt()), ProtocolSamples.Encode(ProtocolSamples.FailureReport()) };
            var endpoints = new (bool OnHo, string Path, byte[][] Golden)[]
            {
                (false, "ub/v1/bootstrap", rsGolden),
                (false, "ub/v1/home-operator", rsGolden),
                (true, HoApi.PackagePath, hoGolden),
                (true, HoApi.NotificationPath, hoGolden),
            };
            var tally = new Fuzz.Tally();
            Gen<(int, byte[], bool)> cases = Gen.Int[0, endpoints.Length - 1].SelectMany(i => Gen.Select(
                Gen.Frequency((3, Fuzz.MutationsOf(endpoints[i].Golden, 3).Select(m => m.Bytes)), (1, Gen.Byte.Array[0, 100])),
                Gen.Frequency((15, Gen.Const(true)), (1, Gen.Const(false)))).Select((b, octet) => (i, b, octet)));
            await Fuzz.RunAsync(output, "RS/HO binary device endpoints", cases, 1000, 0xB1AA7E5UL, async input =>
            {
                (int index, byte[] body, bool octet) = input;
                var endpoint = endpoints[index];
                string before = servers.Snapshot();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(octet ? "application/octet-stream" : "application/json");
                using HttpResponseMessage response = await (endpoint.OnHo ? servers.HoClient : servers.RsClient).PostAsync(endpoint.Path, content);
                byte[] answer = await response.Content.ReadAsByteArrayAsync();
                int status = (int)response.StatusCode;
                tally.Add(status);
                Assert.True(status < 500, $"{endpoint.Path}: {status}");
                if (status >= 400)
                {
                    Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
                    Assert.Equal(ProtocolResult.Success, ErrorAnswer.TryDecode(answer, 0, answer.Length, out ErrorAnswer error));
                    Assert.True(Enum.IsDefined(error.Cause));
                    Assert.True(before == servers.Snapshot(), $"{endpoint.Path}: a refused message ({status} {error.Cause}) changed what is stored");
                }
            });
            output.WriteLine(tally.ToString());
        }
    }
}
