using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using M2MDevice.Aka;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Rs;
using M2MDevice.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// The HTTP endpoints of a home operator (docs/ho-api.md) over <see cref="HoService"/>: JSON with bearer tokens for
    /// the HO admin, device owners and visited operators (the roaming interface of its HSS); binary protocol messages
    /// (application/octet-stream) for devices (Ua). Every handler answers only after the service has committed.
    /// </summary>
    public static class HoApi
    {
        /// <summary>Device download path, relative to the HO base URL: PackageRequest in, UsimPackage out.</summary>
        public const string PackagePath = "ua/v1/package";

        /// <summary>Device notification path, relative to the HO base URL: InstallReceipt or FailureReport in, NotificationAck out.</summary>
        public const string NotificationPath = "ua/v1/notification";

        /// <summary>SendAuthenticationInfo path, the same as RS's roaming interface so one VO client serves both.</summary>
        public const string AuthenticationInfoPath = "roaming/v1/authentication-info";

        /// <summary>Adds every HO route to <paramref name="app"/>.</summary>
        public static void Map(IEndpointRouteBuilder app, HoService service, EmulatorCa ca)
        {
            ArgumentNullException.ThrowIfNull(app);
            ArgumentNullException.ThrowIfNull(service);
            ArgumentNullException.ThrowIfNull(ca);

            app.MapGet("/pki/v1/ca.pem", context => Results.Text(ca.ExportPem(), "application/x-pem-file").ExecuteAsync(context));

            app.MapPost("/admin/v1/owners", context => Handle(context, service, HoRole.Admin, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null || (error = body.RejectUnknown("name")) != null || !body.TryGetString("name", true, 100, out string name, out error))
                {
                    return error.ToResult();
                }

                return Created(service.RegisterOwner(name), r => new { ownerId = r.Id, token = r.Token });
            }));

            app.MapPost("/admin/v1/visited-operators", context => Handle(context, service, HoRole.Admin, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null || (error = body.RejectUnknown("name")) != null || !body.TryGetString("name", true, 100, out string name, out error))
                {
                    return error.ToResult();
                }

                return Created(service.RegisterVisitedOperator(name), r => new { visitedOperatorId = r.Id, ind = r.Ind, token = r.Token });
            }));

            app.MapPost("/owner/v1/devices", context => Handle(context, service, HoRole.Owner, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null
                    || (error = body.RejectUnknown("deviceId")) != null
                    || !body.TryGetString("deviceId", true, HoService.MaxDeviceIdLength, out string deviceId, out error))
                {
                    return error.ToResult();
                }

                RsResult<HoDeviceRegistration> result = await service.RegisterDeviceAsync(principal.Id, deviceId, context.RequestAborted).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    return result.Error.ToResult();
                }

                int status = result.Value.Device.Association != "associated"
                    ? StatusCodes.Status202Accepted
                    : result.Value.Changed ? StatusCodes.Status201Created : StatusCodes.Status200OK;
                return Results.Json(DeviceJson(result.Value.Device, result.Value.Changed), ApiJson.Options, statusCode: status);
            }));

            app.MapGet("/owner/v1/devices", context => Handle(context, service, HoRole.Owner, principal =>
            {
                var devices = new List<object>();
                foreach (HoDeviceRecord device in service.ListDevices(principal.Id))
                {
                    devices.Add(DeviceJson(device, null));
                }

                return Results.Json(new { devices }, ApiJson.Options);
            }));

            app.MapGet("/owner/v1/devices/{deviceId}", context => Handle(context, service, HoRole.Owner, principal =>
            {
                HoDeviceRecord device = service.GetDevice(context.Request.RouteValues["deviceId"] as string);

                // Another owner's device is "not found", not "forbidden" (no probing).
                if (device == null || device.OwnerId != principal.Id)
                {
                    return ApiError.NotFound("unknown-device", "no device with this id is registered for this owner").ToResult();
                }

                return Results.Json(DeviceJson(device, null), ApiJson.Options);
            }));

            app.MapPost("/" + AuthenticationInfoPath, context => Handle(context, service, HoRole.VisitedOperator, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null
                    || (error = body.RejectUnknown("imsi", "count", "rand", "auts")) != null
                    || !body.TryGetString("imsi", true, 15, out string imsi, out error)
                    || !body.TryGetInt64("count", false, 1, HoService.MaxVectorsPerRequest, 1, out long count, out error)
                    || !body.TryGetHex("rand", false, new[] { AkaSizes.Rand }, out byte[] rand, out error)
                    || !body.TryGetHex("auts", false, new[] { 14, 22, 38 }, out byte[] auts, out error))
                {
                    return error.ToResult();
                }

                RsResult<AuthenticationInfo> result = service.SendAuthenticationInfo(principal, imsi, (int)count, rand, auts);
                if (!result.IsSuccess)
                {
                    return result.Error.ToResult();
                }

                var vectors = new List<object>();
                foreach (AuthenticationQuintet v in result.Value.Vectors)
                {
                    vectors.Add(new
                    {
                        rand = Convert.ToHexStringLower(v.Rand),
                        xres = Convert.ToHexStringLower(v.Xres),
                        ck = Convert.ToHexStringLower(v.Ck),
                        ik = Convert.ToHexStringLower(v.Ik),
                        autn = Convert.ToHexStringLower(v.Autn),
                    });
                }

                return Results.Json(new { imsi = result.Value.Imsi, resynchronized = result.Value.Resynchronized, vectors }, ApiJson.Options);
            }));

            app.MapPost("/" + PackagePath, context => HandleDevice(context, service.HandlePackageRequestAsync));
            app.MapPost("/" + NotificationPath, context => HandleDevice(context, service.HandleNotificationAsync));
        }

        private static object DeviceJson(HoDeviceRecord device, bool? changed)
        {
            return new
            {
                deviceId = device.DeviceId,
                ownerId = device.OwnerId,
                association = device.Association,
                state = device.State,
                pimsi = device.Pimsi,
                imsi = device.Imsi,
                iccid = device.Iccid,
                profileSequence = device.ProfileSequence == 0 ? (long?)null : device.ProfileSequence,
                createdAt = device.CreatedAt,
                associatedAt = device.AssociatedAt,
                provisionedAt = device.ProvisionedAt,
                failureCount = device.FailureCount,
                lastFailureCause = device.LastFailureCause,
                outcomePending = device.OutcomePending,
                changed,
            };
        }

        private static Task Handle(HttpContext context, HoService service, HoRole role, Func<HoPrincipal, IResult> handler)
        {
            return Handle(context, service, role, principal => Task.FromResult(handler(principal)));
        }

        private static async Task Handle(HttpContext context, HoService service, HoRole role, Func<HoPrincipal, Task<IResult>> handler)
        {
            string token = BearerToken.Read(context.Request, out ApiError error);
            if (token == null)
            {
                await error.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            HoPrincipal principal = service.Authenticate(token);
            if (principal == null)
            {
                await ApiError.Unauthorized("invalid-token", "the bearer token is not known to this home operator").ExecuteAsync(context).ConfigureAwait(false);
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

        private static async Task HandleDevice(HttpContext context, Func<byte[], System.Threading.CancellationToken, Task<DeviceAnswer>> handler)
        {
            DeviceAnswer answer;
            string contentType = context.Request.ContentType ?? string.Empty;
            byte[] body = await JsonBody.ReadLimitedAsync(context.Request, MessageEnvelope.MaxMessageLength).ConfigureAwait(false);
            if (body == null || body.Length == 0 || !contentType.StartsWith(RsApi.OctetStream, StringComparison.OrdinalIgnoreCase))
            {
                var error = new ErrorAnswer { Cause = ErrorCause.MalformedRequest };
                byte[] buffer = new byte[64];
                error.Encode(buffer, 0, buffer.Length, out int length);
                answer = new DeviceAnswer(StatusCodes.Status400BadRequest, buffer.AsSpan(0, length).ToArray());
            }
            else
            {
                answer = await handler(body, context.RequestAborted).ConfigureAwait(false);
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = RsApi.OctetStream;
            context.Response.ContentLength = answer.Body.Length;
            await context.Response.Body.WriteAsync(answer.Body).ConfigureAwait(false);
        }

        private static IResult Created<T>(RsResult<T> result, Func<T, object> shape)
        {
            return result.IsSuccess ? Results.Json(shape(result.Value), ApiJson.Options, statusCode: StatusCodes.Status201Created) : result.Error.ToResult();
        }
    }
}
