using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// A typed HTTPS client of the RS JSON APIs (docs/rs-api.md) for the other roles: the admin and manufacturer
    /// tools, visited operators (SendAuthenticationInfo) and home operators (Zn). One bearer token per client;
    /// refusals come back as <see cref="RsResult{T}.Error"/> with the server's status and code. Thread-safe.
    /// </summary>
    public sealed class RsClient : IDisposable
    {
        private readonly HttpClient http;
        private readonly bool ownsHttp;
        private readonly string token;

        /// <summary>Creates a client of the RS at <paramref name="baseAddress"/> trusting only <paramref name="trust"/>'s root.</summary>
        public RsClient(Uri baseAddress, string token, EmulatorCa trust)
        {
            ArgumentNullException.ThrowIfNull(baseAddress);
            ArgumentNullException.ThrowIfNull(trust);
            this.http = new HttpClient(trust.CreateHttpHandler()) { BaseAddress = baseAddress };
            this.ownsHttp = true;
            this.token = token;
        }

        /// <summary>Creates a client over an existing HttpClient (its BaseAddress must be the RS base URL; not disposed here).</summary>
        public RsClient(HttpClient http, string token)
        {
            ArgumentNullException.ThrowIfNull(http);
            this.http = http;
            this.token = token;
        }

        /// <summary>Admin: registers a manufacturer.</summary>
        public async Task<RsResult<RsRegistration>> RegisterManufacturerAsync(string name, CancellationToken cancellationToken = default)
        {
            return await this.SendAsync(HttpMethod.Post, "admin/v1/manufacturers", new { name }, json => new RsRegistration(RsRole.Manufacturer, json.GetProperty("manufacturerId").GetString(), json.GetProperty("token").GetString(), null, null), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Admin: registers a visited operator; the registration carries its IND.</summary>
        public async Task<RsResult<RsRegistration>> RegisterVisitedOperatorAsync(string name, CancellationToken cancellationToken = default)
        {
            return await this.SendAsync(HttpMethod.Post, "admin/v1/visited-operators", new { name }, json => new RsRegistration(RsRole.VisitedOperator, json.GetProperty("visitedOperatorId").GetString(), json.GetProperty("token").GetString(), json.GetProperty("ind").GetInt32(), null), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Admin: registers a home operator (NAF host, https base URL, DER trust anchor).</summary>
        public async Task<RsResult<RsRegistration>> RegisterHomeOperatorAsync(string name, string nafHost, Uri baseUrl, byte[] trustAnchorDer, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(baseUrl);
            ArgumentNullException.ThrowIfNull(trustAnchorDer);
            var body = new { name, nafHost, baseUrl = baseUrl.ToString(), trustAnchor = Convert.ToBase64String(trustAnchorDer) };
            return await this.SendAsync(HttpMethod.Post, "admin/v1/home-operators", body, json => new RsRegistration(RsRole.HomeOperator, json.GetProperty("homeOperatorId").GetString(), json.GetProperty("token").GetString(), null, json.GetProperty("nafId").GetString()), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Manufacturer: allocates and registers a batch of devices.</summary>
        public async Task<RsResult<DeviceBatch>> RegisterBatchAsync(int count, AkaAlgorithmKind algorithm, CancellationToken cancellationToken = default)
        {
            var body = new { count, algorithm = RsService.AlgorithmName(algorithm) };
            return await this.SendAsync(HttpMethod.Post, "manufacturing/v1/batches", body, json =>
            {
                var devices = new List<ManufacturedDevice>();
                foreach (JsonElement device in json.GetProperty("devices").EnumerateArray())
                {
                    devices.Add(new ManufacturedDevice(
                        device.GetProperty("deviceId").GetString(),
                        device.GetProperty("pimsi").GetString(),
                        Convert.FromHexString(device.GetProperty("k").GetString()),
                        Convert.FromHexString(device.GetProperty("opc").GetString()),
                        device.GetProperty("algorithm").GetString() == "tuak" ? AkaAlgorithmKind.Tuak : AkaAlgorithmKind.Milenage));
                }

                string address = json.TryGetProperty("rsAddress", out JsonElement rs) ? rs.GetString() : null;
                return new DeviceBatch(json.GetProperty("batchId").GetString(), address == null ? null : new Uri(address), Convert.FromBase64String(json.GetProperty("trustAnchorDer").GetString()), devices);
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>VO: SendAuthenticationInfo (ARCHITECTURE 3.2); with rand and auts for re-synchronisation.</summary>
        public async Task<RsResult<AuthenticationInfo>> SendAuthenticationInfoAsync(string imsi, int count = 1, byte[] rand = null, byte[] auts = null, CancellationToken cancellationToken = default)
        {
            var body = new Dictionary<string, object> { ["imsi"] = imsi, ["count"] = count };
            if (rand != null || auts != null)
            {
                body["rand"] = rand == null ? null : Convert.ToHexStringLower(rand);
                body["auts"] = auts == null ? null : Convert.ToHexStringLower(auts);
            }

            return await this.SendAsync(HttpMethod.Post, "roaming/v1/authentication-info", body, json =>
            {
                var vectors = new List<AuthenticationQuintet>();
                foreach (JsonElement vector in json.GetProperty("vectors").EnumerateArray())
                {
                    vectors.Add(new AuthenticationQuintet(Hex(vector, "rand"), Hex(vector, "xres"), Hex(vector, "ck"), Hex(vector, "ik"), Hex(vector, "autn")));
                }

                return new AuthenticationInfo(json.GetProperty("imsi").GetString(), vectors, json.GetProperty("resynchronized").GetBoolean());
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>HO: associates a device with the caller (idempotent).</summary>
        public async Task<RsResult<AssociationResult>> AssociateAsync(string deviceId, CancellationToken cancellationToken = default)
        {
            return await this.SendAsync(HttpMethod.Post, "zn/v1/associations", new { deviceId }, ReadAssociation, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>HO: releases the caller's association of a device.</summary>
        public async Task<RsResult<AssociationResult>> DissociateAsync(string deviceId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
            return await this.SendAsync(HttpMethod.Delete, "zn/v1/associations/" + Uri.EscapeDataString(deviceId), null, ReadAssociation, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>HO: Ks_NAF(HO) for a B-TID (Zn, TS 33.220 4.5.3).</summary>
        public async Task<RsResult<NafKey>> GetNafKeyAsync(string btid, CancellationToken cancellationToken = default)
        {
            return await this.SendAsync(HttpMethod.Post, "zn/v1/naf-keys", new { btid }, json => new NafKey(
                json.GetProperty("btid").GetString(),
                Hex(json, "ksNaf"),
                Hex(json, "nafId"),
                json.GetProperty("impi").GetString(),
                json.GetProperty("pimsi").GetString(),
                json.GetProperty("deviceId").GetString(),
                json.GetProperty("expiresAt").GetDateTimeOffset()), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>HO: reports the provisioning outcome (provisioned retires the PIMSI).</summary>
        public async Task<RsResult<OutcomeResult>> ReportOutcomeAsync(string deviceId, bool provisioned, string detail = null, CancellationToken cancellationToken = default)
        {
            var body = new { deviceId, outcome = provisioned ? "provisioned" : "failed", detail };
            return await this.SendAsync(HttpMethod.Post, "zn/v1/outcomes", body, json => new OutcomeResult(
                json.GetProperty("deviceId").GetString(),
                json.GetProperty("state").GetString(),
                json.TryGetProperty("pimsiAvailableAt", out JsonElement at) ? at.GetDateTimeOffset() : null,
                json.GetProperty("changed").GetBoolean()), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Disposes the HttpClient when this client created it.</summary>
        public void Dispose()
        {
            if (this.ownsHttp)
            {
                this.http.Dispose();
            }
        }

        private static AssociationResult ReadAssociation(JsonElement json)
        {
            return new AssociationResult(
                json.GetProperty("deviceId").GetString(),
                json.TryGetProperty("homeOperatorId", out JsonElement ho) ? ho.GetString() : null,
                json.GetProperty("changed").GetBoolean());
        }

        private static byte[] Hex(JsonElement json, string name) => Convert.FromHexString(json.GetProperty(name).GetString());

        private async Task<RsResult<T>> SendAsync<T>(HttpMethod method, string path, object body, Func<JsonElement, T> read, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(method, path);
            if (this.token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", this.token);
            }

            if (body != null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body, ApiJson.Options), Encoding.UTF8, "application/json");
            }

            using HttpResponseMessage response = await this.http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            byte[] bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            JsonElement json = default;
            if (bytes.Length > 0)
            {
                try
                {
                    using JsonDocument document = JsonDocument.Parse(bytes);
                    json = document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    return RsResult<T>.Fail(new ApiError((int)response.StatusCode, "invalid-response", "RS answered with a body that is not JSON"));
                }
            }

            if (!response.IsSuccessStatusCode)
            {
                string code = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out JsonElement c) ? c.GetString() : "http-" + (int)response.StatusCode;
                string detail = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out JsonElement d) ? d.GetString() : response.ReasonPhrase;
                return RsResult<T>.Fail(new ApiError((int)response.StatusCode, code, detail));
            }

            return RsResult<T>.Ok(read(json));
        }
    }
}
