using System;
using M2MDevice.Aka;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Rs;
using Microsoft.AspNetCore.Http;

namespace M2MDevice.Emulator.Auc
{
    /// <summary>
    /// The JSON form of SendAuthenticationInfo (docs/rs-api.md, roaming interface), the same at RS and at every home
    /// operator so one visited-operator client serves both: body {imsi, count?, rand?, auts?}, answer {imsi,
    /// resynchronized, vectors: [{rand, xres, ck, ik, autn}]} in hex.
    /// </summary>
    internal static class AuthenticationInfoEndpoint
    {
        /// <summary>The path, relative to the server's base URL.</summary>
        public const string Path = "roaming/v1/authentication-info";

        /// <summary>SendAuthenticationInfo: the caller's IMSI, count, RAND and AUTS (both or neither).</summary>
        public delegate RsResult<AuthenticationInfo> Sender(string imsi, int count, byte[] rand, byte[] auts);

        /// <summary>Reads the fields of the request body (already limited to imsi, count, rand, auts), calls <paramref name="send"/> and shapes its answer.</summary>
        public static IResult Handle(JsonBody body, Sender send)
        {
            if (!body.TryGetString("imsi", true, 15, out string imsi, out ApiError error)
                || !body.TryGetInt64("count", false, 1, AuthenticationCentre.MaxVectorsPerRequest, 1, out long count, out error)
                || !body.TryGetHex("rand", false, new[] { AkaSizes.Rand }, out byte[] rand, out error)
                || !body.TryGetHex("auts", false, new[] { 14, 22, 38 }, out byte[] auts, out error))
            {
                return error.ToResult();
            }

            RsResult<AuthenticationInfo> result = send(imsi, (int)count, rand, auts);
            return OperatorEndpoints.Ok(result, info => new
            {
                imsi = info.Imsi,
                resynchronized = info.Resynchronized,
                vectors = OperatorEndpoints.Map(info.Vectors, v => new
                {
                    rand = Convert.ToHexStringLower(v.Rand),
                    xres = Convert.ToHexStringLower(v.Xres),
                    ck = Convert.ToHexStringLower(v.Ck),
                    ik = Convert.ToHexStringLower(v.Ik),
                    autn = Convert.ToHexStringLower(v.Autn),
                }),
            });
        }
    }
}
