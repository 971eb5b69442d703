using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// A typed client of a home operator's JSON APIs (docs/ho-api.md) for the admin (owners, visited operators) and
    /// owner (device registration, status) roles. One bearer token per client; refusals come back as
    /// <see cref="RsResult{T}.Error"/>. The HttpClient is the caller's (BaseAddress = the HO base URL).
    /// </summary>
    public sealed class HomeOperatorClient
    {
        private readonly HttpClient http;
        private readonly string token;

        /// <summary>Creates a client over http (not disposed here) with token.</summary>
        public HomeOperatorClient(HttpClient http, string token)
        {
            ArgumentNullException.ThrowIfNull(http);
            this.http = http;
            this.token = token;
        }

        /// <summary>Admin: registers an owner.</summary>
        public Task<RsResult<HoRegistration>> RegisterOwnerAsync(string name, CancellationToken cancellationToken = default) =>
            JsonHttp.SendAsync(this.http, HttpMethod.Post, "admin/v1/owners", this.token, new { name }, json => new HoRegistration(HoRole.Owner, json.GetProperty("ownerId").GetString(), json.GetProperty("token").GetString(), null), cancellationToken);

        /// <summary>Admin: registers a visited operator at the HO's AuC (SendAuthenticationInfo for operational IMSIs).</summary>
        public Task<RsResult<HoRegistration>> RegisterVisitedOperatorAsync(string name, CancellationToken cancellationToken = default) =>
            JsonHttp.SendAsync(this.http, HttpMethod.Post, "admin/v1/visited-operators", this.token, new { name }, json => new HoRegistration(HoRole.VisitedOperator, json.GetProperty("visitedOperatorId").GetString(), json.GetProperty("token").GetString(), json.GetProperty("ind").GetInt32()), cancellationToken);

        /// <summary>Owner: registers a device; the HO associates it at RS (docs/ho-api.md: 201, 200, or 202 pending).</summary>
        public Task<RsResult<HoDeviceRegistration>> RegisterDeviceAsync(string deviceId, CancellationToken cancellationToken = default) =>
            JsonHttp.SendAsync(this.http, HttpMethod.Post, "owner/v1/devices", this.token, new { deviceId }, json => new HoDeviceRegistration(ReadDevice(json), JsonHttp.Flag(json, "changed")), cancellationToken);

        /// <summary>Owner: one of the caller's devices.</summary>
        public Task<RsResult<HoDeviceRecord>> GetDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
            return JsonHttp.SendAsync(this.http, HttpMethod.Get, "owner/v1/devices/" + Uri.EscapeDataString(deviceId), this.token, null, ReadDevice, cancellationToken);
        }

        /// <summary>Owner: all of the caller's devices, oldest first.</summary>
        public Task<RsResult<IReadOnlyList<HoDeviceRecord>>> ListDevicesAsync(CancellationToken cancellationToken = default) =>
            JsonHttp.SendAsync<IReadOnlyList<HoDeviceRecord>>(this.http, HttpMethod.Get, "owner/v1/devices", this.token, null, json =>
            {
                var devices = new List<HoDeviceRecord>();
                foreach (JsonElement device in json.GetProperty("devices").EnumerateArray())
                {
                    devices.Add(ReadDevice(device));
                }

                return devices;
            }, cancellationToken);

        /// <summary>Reads the device body of docs/ho-api.md.</summary>
        public static HoDeviceRecord ReadDevice(JsonElement json)
        {
            return new HoDeviceRecord(
                json.GetProperty("deviceId").GetString(),
                JsonHttp.Text(json, "ownerId"),
                JsonHttp.Text(json, "association"),
                JsonHttp.Text(json, "state"),
                JsonHttp.Text(json, "pimsi"),
                JsonHttp.Text(json, "imsi"),
                JsonHttp.Text(json, "iccid"),
                JsonHttp.Number(json, "profileSequence"),
                JsonHttp.Time(json, "createdAt") ?? default,
                JsonHttp.Time(json, "associatedAt"),
                JsonHttp.Time(json, "provisionedAt"),
                (int)JsonHttp.Number(json, "failureCount"),
                JsonHttp.Text(json, "lastFailureCause"),
                JsonHttp.Flag(json, "outcomePending"));
        }
    }
}
