using System;
using System.Collections.Generic;
using System.Threading.Tasks;
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

        private static readonly string[] NameFields = { "name" };

        /// <summary>Adds every RS route to <paramref name="app"/>.</summary>
        public static void Map(IEndpointRouteBuilder app, RsService service, EmulatorCa ca)
        {
            ArgumentNullException.ThrowIfNull(app);
            ArgumentNullException.ThrowIfNull(service);
            ArgumentNullException.ThrowIfNull(ca);

            app.MapGet("/pki/v1/ca.pem", context => Results.Text(ca.ExportPem(), "application/x-pem-file").ExecuteAsync(context));

            app.MapPost("/admin/v1/manufacturers", context => Handle(context, service, RsRole.Admin, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null || (error = body.RejectUnknown(NameFields)) != null || !body.TryGetString("name", true, 100, out string name, out error))
                {
                    return error.ToResult();
                }

                return Created(service.RegisterManufacturer(name), r => new { manufacturerId = r.Id, token = r.Token });
            }));

            app.MapPost("/admin/v1/visited-operators", context => Handle(context, service, RsRole.Admin, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null || (error = body.RejectUnknown(NameFields)) != null || !body.TryGetString("name", true, 100, out string name, out error))
                {
                    return error.ToResult();
                }

                return Created(service.RegisterVisitedOperator(name), r => new { visitedOperatorId = r.Id, ind = r.Ind, token = r.Token });
            }));

            app.MapPost("/admin/v1/home-operators", context => Handle(context, service, RsRole.Admin, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null
                    || (error = body.RejectUnknown("name", "nafHost", "baseUrl", "trustAnchor")) != null
                    || !body.TryGetString("name", true, 100, out string name, out error)
                    || !body.TryGetString("nafHost", true, 253, out string nafHost, out error)
                    || !body.TryGetString("baseUrl", true, ProtocolLimits.MaxUrlLength, out string baseUrl, out error)
                    || !body.TryGetBase64("trustAnchor", true, ProtocolLimits.MaxTrustAnchorLength, out byte[] trustAnchor, out error))
                {
                    return error.ToResult();
                }

                return Created(service.RegisterHomeOperator(name, nafHost, baseUrl, trustAnchor), r => new { homeOperatorId = r.Id, token = r.Token, nafId = r.NafIdHex });
            }));

            app.MapGet("/admin/v1/devices/{deviceId}", context => Handle(context, service, RsRole.Admin, principal =>
                DeviceResult(service.GetDevice(DeviceIdOf(context)), null)));

            app.MapPost("/manufacturing/v1/batches", context => Handle(context, service, RsRole.Manufacturer, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null
                    || (error = body.RejectUnknown("count", "algorithm")) != null
                    || !body.TryGetInt64("count", true, 1, RsService.MaxBatchSize, 0, out long count, out error)
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
                return Created(result, b => new
                {
                    batchId = b.BatchId,
                    rsAddress = b.RsAddress?.ToString(),
                    trustAnchorDer = Convert.ToBase64String(b.TrustAnchorDer),
                    trustAnchorPem = ca.ExportPem(),
                    devices = Map(b.Devices, d => new
                    {
                        deviceId = d.DeviceId,
                        pimsi = d.Pimsi,
                        k = Convert.ToHexStringLower(d.K),
                        opc = Convert.ToHexStringLower(d.Opc),
                        algorithm = RsService.AlgorithmName(d.Algorithm),
                    }),
                });
            }));

            app.MapGet("/manufacturing/v1/devices/{deviceId}", context => Handle(context, service, RsRole.Manufacturer, principal =>
                DeviceResult(service.GetDevice(DeviceIdOf(context)), principal.Id)));

            app.MapPost("/roaming/v1/authentication-info", context => Handle(context, service, RsRole.VisitedOperator, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null
                    || (error = body.RejectUnknown("imsi", "count", "rand", "auts")) != null
                    || !body.TryGetString("imsi", true, 15, out string imsi, out error)
                    || !body.TryGetInt64("count", false, 1, RsService.MaxVectorsPerRequest, 1, out long count, out error)
                    || !body.TryGetHex("rand", false, new[] { AkaSizes.Rand }, out byte[] rand, out error)
                    || !body.TryGetHex("auts", false, new[] { 14, 22, 38 }, out byte[] auts, out error))
                {
                    return error.ToResult();
                }

                RsResult<AuthenticationInfo> result = service.SendAuthenticationInfo(principal, imsi, (int)count, rand, auts);
                return Ok(result, info => new
                {
                    imsi = info.Imsi,
                    resynchronized = info.Resynchronized,
                    vectors = Map(info.Vectors, v => new
                    {
                        rand = Convert.ToHexStringLower(v.Rand),
                        xres = Convert.ToHexStringLower(v.Xres),
                        ck = Convert.ToHexStringLower(v.Ck),
                        ik = Convert.ToHexStringLower(v.Ik),
                        autn = Convert.ToHexStringLower(v.Autn),
                    }),
                });
            }));

            app.MapPost("/zn/v1/associations", context => Handle(context, service, RsRole.HomeOperator, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null || (error = body.RejectUnknown("deviceId")) != null || !body.TryGetString("deviceId", true, 64, out string deviceId, out error))
                {
                    return error.ToResult();
                }

                return Ok(service.Associate(principal.Id, deviceId), a => new { deviceId = a.DeviceId, homeOperatorId = a.HomeOperatorId, changed = a.Changed });
            }));

            app.MapDelete("/zn/v1/associations/{deviceId}", context => Handle(context, service, RsRole.HomeOperator, principal =>
                Ok(service.Dissociate(principal.Id, DeviceIdOf(context)), a => new { deviceId = a.DeviceId, homeOperatorId = a.HomeOperatorId, changed = a.Changed })));

            app.MapPost("/zn/v1/naf-keys", context => Handle(context, service, RsRole.HomeOperator, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null || (error = body.RejectUnknown("btid")) != null || !body.TryGetString("btid", true, BTid.MaxLength, out string btid, out error))
                {
                    return error.ToResult();
                }

                return Ok(service.GetNafKey(principal.Id, btid), k => new
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

            app.MapPost("/zn/v1/outcomes", context => Handle(context, service, RsRole.HomeOperator, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null
                    || (error = body.RejectUnknown("deviceId", "outcome", "detail")) != null
                    || !body.TryGetString("deviceId", true, 64, out string deviceId, out error)
                    || !body.TryGetString("outcome", true, 16, out string outcome, out error)
                    || !body.TryGetString("detail", false, 500, out string detail, out error))
                {
                    return error.ToResult();
                }

                if (outcome != "provisioned" && outcome != "failed")
                {
                    return JsonBody.Invalid("outcome", "must be 'provisioned' or 'failed'").ToResult();
                }

                return Ok(service.ReportOutcome(principal.Id, deviceId, outcome == "provisioned", detail), o => new
                {
                    deviceId = o.DeviceId,
                    state = o.State,
                    pimsiAvailableAt = o.PimsiAvailableAt,
                    changed = o.Changed,
                });
            }));

            app.MapPost("/ub/v1/bootstrap", context => HandleDevice(context, service.HandleBootstrap));
            app.MapPost("/ub/v1/home-operator", context => HandleDevice(context, service.HandleHomeOperatorRequest));
        }

        private static Task Handle(HttpContext context, RsService service, RsRole role, Func<RsPrincipal, IResult> handler)
        {
            return Handle(context, service, role, principal => Task.FromResult(handler(principal)));
        }

        private static async Task Handle(HttpContext context, RsService service, RsRole role, Func<RsPrincipal, Task<IResult>> handler)
        {
            string token = BearerToken.Read(context.Request, out ApiError error);
            if (token == null)
            {
                await error.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            RsPrincipal principal = service.Authenticate(token);
            if (principal == null)
            {
                await ApiError.Unauthorized("invalid-token", "the bearer token is not known to RS").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (principal.Role != role)
            {
                await ApiError.Forbidden("wrong-role", $"this endpoint is for the {role} role; the token belongs to a {principal.Role}").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            IResult result = await handler(principal).ConfigureAwait(false);
            await result.ExecuteAsync(context).ConfigureAwait(false);
        }

        private static async Task HandleDevice(HttpContext context, Func<byte[], DeviceAnswer> handler)
        {
            DeviceAnswer answer;
            string contentType = context.Request.ContentType ?? string.Empty;
            byte[] body = await JsonBody.ReadLimitedAsync(context.Request, MessageEnvelope.MaxMessageLength).ConfigureAwait(false);
            if (body == null || body.Length == 0 || !contentType.StartsWith(OctetStream, StringComparison.OrdinalIgnoreCase))
            {
                var error = new ErrorAnswer { Cause = ErrorCause.MalformedRequest };
                byte[] buffer = new byte[64];
                error.Encode(buffer, 0, buffer.Length, out int length);
                answer = new DeviceAnswer(StatusCodes.Status400BadRequest, buffer.AsSpan(0, length).ToArray());
            }
            else
            {
                answer = handler(body);
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = OctetStream;
            context.Response.ContentLength = answer.Body.Length;
            await context.Response.Body.WriteAsync(answer.Body).ConfigureAwait(false);
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

        private static IResult Created<T>(RsResult<T> result, Func<T, object> shape)
        {
            return result.IsSuccess ? Results.Json(shape(result.Value), ApiJson.Options, statusCode: StatusCodes.Status201Created) : result.Error.ToResult();
        }

        private static IResult Ok<T>(RsResult<T> result, Func<T, object> shape)
        {
            return result.IsSuccess ? Results.Json(shape(result.Value), ApiJson.Options) : result.Error.ToResult();
        }

        private static List<object> Map<T>(IReadOnlyList<T> items, Func<T, object> shape)
        {
            var list = new List<object>(items.Count);
            foreach (T item in items)
            {
                list.Add(shape(item));
            }

            return list;
        }

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
