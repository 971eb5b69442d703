using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// Looks devices up at RS (admin token: <c>GET /admin/v1/devices/{id}</c>; a manufacturer token falls back to
    /// <c>GET /manufacturing/v1/devices/{id}</c>) and optionally at one home operator (owner token) and combines
    /// both into a <see cref="DeviceStatus"/>.
    /// </summary>
    public sealed class DeviceStatusReader
    {
        private readonly HttpClient rs;
        private readonly string rsToken;
        private readonly HomeOperatorClient ho;

        /// <summary>Creates a reader; rs may be null (HO only) and ho may be null (RS only).</summary>
        public DeviceStatusReader(HttpClient rs, string rsToken, HomeOperatorClient ho)
        {
            if (rs == null && ho == null)
            {
                throw new ArgumentException("give RS, a home operator or both");
            }

            this.rs = rs;
            this.rsToken = rsToken;
            this.ho = ho;
        }

        /// <summary>The devices the HO's owner holds (empty without an HO); an unreachable or refusing HO is the error.</summary>
        public async Task<RsResult<IReadOnlyList<string>>> ListOwnerDevicesAsync(CancellationToken cancellationToken = default)
        {
            if (this.ho == null)
            {
                return RsResult<IReadOnlyList<string>>.Ok(Array.Empty<string>());
            }

            RsResult<IReadOnlyList<HoDeviceRecord>> listed = await this.ho.ListDevicesAsync(cancellationToken).ConfigureAwait(false);
            if (!listed.IsSuccess)
            {
                return RsResult<IReadOnlyList<string>>.Fail(listed.Error);
            }

            var ids = new List<string>();
            foreach (HoDeviceRecord device in listed.Value)
            {
                ids.Add(device.DeviceId);
            }

            return RsResult<IReadOnlyList<string>>.Ok(ids);
        }

        /// <summary>
        /// The status of one device. Authentication failures and unreachable servers are returned as the error
        /// (they concern every device); "unknown device" answers become <see cref="DeviceStage.Unknown"/> statuses.
        /// </summary>
        public async Task<RsResult<DeviceStatus>> GetAsync(string deviceId, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
            DeviceRecord rsRecord = null;
            string problem = null;
            if (this.rs != null)
            {
                string path = "admin/v1/devices/" + Uri.EscapeDataString(deviceId);
                RsResult<DeviceRecord> answer = await JsonHttp.SendAsync(this.rs, HttpMethod.Get, path, this.rsToken, null, ReadDevice, cancellationToken).ConfigureAwait(false);
                if (!answer.IsSuccess && answer.Error.Code == "wrong-role")
                {
                    path = "manufacturing/v1/devices/" + Uri.EscapeDataString(deviceId);
                    answer = await JsonHttp.SendAsync(this.rs, HttpMethod.Get, path, this.rsToken, null, ReadDevice, cancellationToken).ConfigureAwait(false);
                }

                if (answer.IsSuccess)
                {
                    rsRecord = answer.Value;
                }
                else if (answer.Error.Code == "unknown-device")
                {
                    problem = "RS: unknown device";
                }
                else
                {
                    return RsResult<DeviceStatus>.Fail(Prefixed("RS", answer.Error));
                }
            }

            HoDeviceRecord hoRecord = null;
            if (this.ho != null)
            {
                RsResult<HoDeviceRecord> answer = await this.ho.GetDeviceAsync(deviceId, cancellationToken).ConfigureAwait(false);
                if (answer.IsSuccess)
                {
                    hoRecord = answer.Value;
                }
                else if (answer.Error.Code == "unknown-device")
                {
                    problem = problem == null ? "HO: not registered here" : problem + "; HO: not registered here";
                }
                else
                {
                    return RsResult<DeviceStatus>.Fail(Prefixed("HO", answer.Error));
                }
            }

            return RsResult<DeviceStatus>.Ok(new DeviceStatus(deviceId, DeviceStatus.StageOf(rsRecord, hoRecord), rsRecord, hoRecord, problem));
        }

        /// <summary>Reads RS's device body (docs/rs-api.md).</summary>
        public static DeviceRecord ReadDevice(JsonElement json)
        {
            return new DeviceRecord(
                json.GetProperty("deviceId").GetString(),
                JsonHttp.Text(json, "pimsi"),
                JsonHttp.Text(json, "manufacturerId"),
                JsonHttp.Text(json, "batchId"),
                JsonHttp.Text(json, "algorithm"),
                JsonHttp.Text(json, "state"),
                JsonHttp.Text(json, "homeOperatorId"),
                JsonHttp.Time(json, "createdAt") ?? default,
                JsonHttp.Time(json, "associatedAt"),
                JsonHttp.Time(json, "retiredAt"),
                (int)JsonHttp.Number(json, "failureCount"));
        }

        private static ApiError Prefixed(string server, ApiError error) => new ApiError(error.Status, error.Code, server + ": " + error.Detail);
    }
}
