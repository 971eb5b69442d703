using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Protocol;
using Microsoft.AspNetCore.Http;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// The endpoint plumbing RS (<see cref="RsApi"/>) and the home operators share: the binary device interface,
    /// registration of a named caller, and the JSON shape of results (see also <see cref="OperatorRoutes{TPrincipal, TRole}"/>).
    /// </summary>
    internal static class OperatorEndpoints
    {
        /// <summary>The device interface with a synchronous handler (see the asynchronous overload).</summary>
        public static Task HandleDeviceAsync(HttpContext context, Func<byte[], DeviceAnswer> handler)
        {
            ArgumentNullException.ThrowIfNull(handler);
            return HandleDeviceAsync(context, (body, _) => Task.FromResult(handler(body)));
        }

        /// <summary>
        /// The device interface: an application/octet-stream body of at most one protocol message goes to
        /// <paramref name="handler"/>; anything else gets 400 with an ErrorAnswer MalformedRequest.
        /// </summary>
        public static async Task HandleDeviceAsync(HttpContext context, Func<byte[], CancellationToken, Task<DeviceAnswer>> handler)
        {
            DeviceAnswer answer;
            string contentType = context.Request.ContentType ?? string.Empty;
            byte[] body = await JsonBody.ReadLimitedAsync(context.Request, MessageEnvelope.MaxMessageLength).ConfigureAwait(false);
            if (body == null || body.Length == 0 || !contentType.StartsWith(RsApi.OctetStream, StringComparison.OrdinalIgnoreCase))
            {
                answer = DeviceAnswer.Refuse(StatusCodes.Status400BadRequest, ErrorCause.MalformedRequest);
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

        /// <summary>201 with the JSON of <paramref name="shape"/> on success, the problem details otherwise.</summary>
        public static IResult Created<T>(RsResult<T> result, Func<T, object> shape)
        {
            return result.IsSuccess ? Results.Json(shape(result.Value), ApiJson.Options, statusCode: StatusCodes.Status201Created) : result.Error.ToResult();
        }

        /// <summary>200 with the JSON of <paramref name="shape"/> on success, the problem details otherwise.</summary>
        public static IResult Ok<T>(RsResult<T> result, Func<T, object> shape)
        {
            return result.IsSuccess ? Results.Json(shape(result.Value), ApiJson.Options) : result.Error.ToResult();
        }

        /// <summary>The JSON shapes of <paramref name="items"/>, in order.</summary>
        public static List<object> Map<T>(IReadOnlyList<T> items, Func<T, object> shape)
        {
            var list = new List<object>(items.Count);
            foreach (T item in items)
            {
                list.Add(shape(item));
            }

            return list;
        }
    }
}
