using System;
using M2MDevice.Aka;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;
using M2MDevice.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// The HTTP endpoints of RS (docs/rs-api.md) over <see cref="RsService"/>: JSON with bearer tokens for the admin,
    /// manufacturers, visited operators (roaming interface) and home operators (Zn); binary protocol messages
    /// (application/octet-stream) for devices (Ub). Every handler answers only after the service has committed.
    /// </summary>
    public static class RsApi
    {
        /// <summary>Content type of the device interface.</summary>
        public const string OctetStream = "application/octet-stream";

        /// <summary>Adds every RS route to <paramref name="app"/>.</summary>
        public static void Map(IEndpointRouteBuilder app, RsService service, EmulatorCa ca)
        {
            var routes = OperatorRoutes<RsPrincipal, RsRole>.MapShared(app, ca, service, "the bearer token is not known to RS", RsRole.Admin, RsRole.VisitedOperator);
            routes.MapRegistration(app, "/admin/v1/manufacturers", RsRole.Admin, service.RegisterManufacturer, r => new { manufacturerId = r.Id, token = r.Token });

            app.MapPost("/admin/v1/home-operators", context => routes.HandleJson(context, RsRole.Admin, new[] { "name", "nafHost", "baseUrl", "trustAnchor" }, (principal, body) =>
            {
                if (!body.TryGetString("name", true, 100, out string name, out ApiError error)
                    || !body.TryGetString("nafHost", true, 253, out string nafHost, out error)
                    || !body.TryGetString("baseUrl", true, ProtocolLimits.MaxUrlLength, out string baseUrl, out error)
                    || !body.TryGetBase64("trustAnchor", true, ProtocolLimits.MaxTrustAnchorLength, out byte[] trustAnchor, out error))
                {
                    return error.ToResult();
                }

                return OperatorEndpoints.Created(service.RegisterHomeOperator(name, nafHost, baseUrl, trustAnchor), r => new { homeOperatorId = r.Id, token = r.Token, nafId = r.NafIdHex });
            }));

            app.MapGet("/admin/v1/devices/{deviceId}", context => routes.Handle(context, RsRole.Admin, principal =>
                DeviceResult(service.GetDevice(DeviceIdOf(context)), null)));

            app.MapPost("/manufacturing/v1/batches", context => routes.HandleJson(context, RsRole.Manufacturer, new[] { "count", "algorithm" }, (principal, body) =>
            {
                if (!body.TryGetInt64("count", true, 1, RsService.MaxBatchSize, 0, out long count, out ApiError error)
                    || !body.TryGetString("algorithm", false, 16, out string algorithmName, out error))
                {
                    return error.ToResult();
                }

                AkaAlgorithmKind algorithm = service.DefaultAlgorithm;
                if (algorithmName != null && !TryParseAlgorithm(algorithmName, out algorithm))
                {
                    return JsonBody.Invalid("algorithm", "must be 'milenage' or 'tuak'").ToResult();
                }

                RsResult<DeviceBatch> result = service.RegisterBatch(principal.Id, (int)count, algorithm);
                return OperatorEndpoints.Created(result, b => new
                {
                    batchId = b.BatchId,
                    rsAddress = b.RsAddress?.ToString(),
                    trustAnchorDer = Convert.ToBase64String(b.TrustAnchorDer),
                    trustAnchorPem = ca.ExportPem(),
                    devices = OperatorEndpoints.Map(b.Devices, d => new
                    {
                        deviceId = d.DeviceId,
                        pimsi = d.Pimsi,
                        k = Convert.ToHexStringLower(d.K),
                        opc = Convert.ToHexStringLower(d.Opc),
                        algorithm = RsService.AlgorithmName(d.Algorithm),
                    }),
                });
            }));

            app.MapGet("/manufacturing/v1/devices/{deviceId}", context => routes.Handle(context, RsRole.Manufacturer, principal =>
                DeviceResult(service.GetDevice(DeviceIdOf(context)), principal.Id)));

            app.MapPost("/zn/v1/associations", context => routes.HandleJson(context, RsRole.HomeOperator, new[] { "deviceId" }, (principal, body) =>
            {
                if (!body.TryGetString("deviceId", true, 64, out string deviceId, out ApiError error))
                {
                    return error.ToResult();
                }

                return OperatorEndpoints.Ok(service.Associate(principal.Id, deviceId), a => new { deviceId = a.DeviceId, homeOperatorId = a.HomeOperatorId, changed = a.Changed });
            }));

            app.MapDelete("/zn/v1/associations/{deviceId}", context => routes.Handle(context, RsRole.HomeOperator, principal =>
                OperatorEndpoints.Ok(service.Dissociate(principal.Id, DeviceIdOf(context)), a => new { deviceId = a.DeviceId, homeOperatorId = a.HomeOperatorId, changed = a.Changed })));

            app.MapPost("/zn/v1/naf-keys", context => routes.HandleJson(context, RsRole.HomeOperator, new[] { "btid" }, (principal, body) =>
            {
                if (!body.TryGetString("btid", true, BTid.MaxLength, out string btid, out ApiError error))
                {
                    return error.ToResult();
                }

                return OperatorEndpoints.Ok(service.GetNafKey(principal.Id, btid), k => new
                {
                    btid = k.BTid,
                    ksNaf = Convert.ToHexStringLower(k.KsNaf),
                    nafId = Convert.ToHexStringLower(k.NafId),
                    impi = k.Impi,
                    pimsi = k.Pimsi,
                    deviceId = k.DeviceId,
                    expiresAt = k.ExpiresAt,
                });
            }));

            app.MapPost("/zn/v1/outcomes", context => routes.HandleJson(context, RsRole.HomeOperator, new[] { "deviceId", "outcome", "detail" }, (principal, body) =>
            {
                if (!body.TryGetString("deviceId", true, 64, out string deviceId, out ApiError error)
                    || !body.TryGetString("outcome", true, 16, out string outcome, out error)
                    || !body.TryGetString("detail", false, 500, out string detail, out error))
                {
                    return error.ToResult();
                }

                if (outcome != "provisioned" && outcome != "failed")
                {
                    return JsonBody.Invalid("outcome", "must be 'provisioned' or 'failed'").ToResult();
                }

                return OperatorEndpoints.Ok(service.ReportOutcome(principal.Id, deviceId, outcome == "provisioned", detail), o => new
                {
                    deviceId = o.DeviceId,
                    state = o.State,
                    pimsiAvailableAt = o.PimsiAvailableAt,
                    changed = o.Changed,
                });
            }));

            app.MapPost("/ub/v1/bootstrap", context => OperatorEndpoints.HandleDeviceAsync(context, service.HandleBootstrap));
            app.MapPost("/ub/v1/home-operator", context => OperatorEndpoints.HandleDeviceAsync(context, service.HandleHomeOperatorRequest));
        }

        private static IResult DeviceResult(DeviceRecord device, string manufacturerId)
        {
            // A manufacturer sees only its own devices; another's device is "not found", not "forbidden" (no probing).
            if (device == null || (manufacturerId != null && device.ManufacturerId != manufacturerId))
            {
                return ApiError.NotFound("unknown-device", "no device with this id is registered").ToResult();
            }

            return Results.Json(device, ApiJson.Options);
        }

        private static string DeviceIdOf(HttpContext context) => context.Request.RouteValues["deviceId"] as string;

        private static bool TryParseAlgorithm(string name, out AkaAlgorithmKind algorithm)
        {
            switch (name)
            {
                case "milenage":
                    algorithm = AkaAlgorithmKind.Milenage;
                    return true;
                case "tuak":
                    algorithm = AkaAlgorithmKind.Tuak;
                    return true;
                default:
                    algorithm = default;
                    return false;
            }
        }
    }
}
