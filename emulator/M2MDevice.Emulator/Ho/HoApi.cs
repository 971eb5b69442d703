using System;
using System.Collections.Generic;
using M2MDevice.Emulator.Auc;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Rs;
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
        public const string AuthenticationInfoPath = AuthenticationInfoEndpoint.Path;

        /// <summary>Adds every HO route to <paramref name="app"/>.</summary>
        public static void Map(IEndpointRouteBuilder app, HoService service, EmulatorCa ca)
        {
            var routes = OperatorRoutes<HoPrincipal, HoRole>.MapShared(app, ca, service, "the bearer token is not known to this home operator", HoRole.Admin, HoRole.VisitedOperator);
            routes.MapRegistration(app, "/admin/v1/owners", HoRole.Admin, service.RegisterOwner, r => new { ownerId = r.Id, token = r.Token });

            app.MapPost("/owner/v1/devices", context => routes.HandleJson(context, HoRole.Owner, new[] { "deviceId" }, async (principal, body) =>
            {
                if (!body.TryGetString("deviceId", true, HoService.MaxDeviceIdLength, out string deviceId, out ApiError error))
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

            app.MapGet("/owner/v1/devices", context => routes.Handle(context, HoRole.Owner, principal =>
            {
                var devices = new List<object>();
                foreach (HoDeviceRecord device in service.ListDevices(principal.Id))
                {
                    devices.Add(DeviceJson(device, null));
                }

                return Results.Json(new { devices }, ApiJson.Options);
            }));

            app.MapGet("/owner/v1/devices/{deviceId}", context => routes.Handle(context, HoRole.Owner, principal =>
            {
                HoDeviceRecord device = service.GetDevice(context.Request.RouteValues["deviceId"] as string);

                // Another owner's device is "not found", not "forbidden" (no probing).
                if (device == null || device.OwnerId != principal.Id)
                {
                    return ApiError.NotFound("unknown-device", "no device with this id is registered for this owner").ToResult();
                }

                return Results.Json(DeviceJson(device, null), ApiJson.Options);
            }));

            app.MapPost("/" + PackagePath, context => OperatorEndpoints.HandleDeviceAsync(context, service.HandlePackageRequestAsync));
            app.MapPost("/" + NotificationPath, context => OperatorEndpoints.HandleDeviceAsync(context, service.HandleNotificationAsync));
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
    }
}
