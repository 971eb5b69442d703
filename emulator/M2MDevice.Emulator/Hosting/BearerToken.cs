using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// Bearer tokens (RFC 6750) issued at registration: 256 random bits, Base64url. Servers store only the SHA-256
    /// of a token and look it up by that hash, so the stored table cannot be replayed and lookups do not compare
    /// secrets byte by byte.
    /// </summary>
    public static class BearerToken
    {
        /// <summary>A new random token.</summary>
        public static string Generate()
        {
            byte[] bytes = RandomNumberGenerator.GetBytes(32);
            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>SHA-256 of the token's UTF-8 bytes: the stored form.</summary>
        public static byte[] Hash(string token)
        {
            ArgumentNullException.ThrowIfNull(token);
            return SHA256.HashData(Encoding.UTF8.GetBytes(token));
        }

        /// <summary>
        /// Reads "Authorization: Bearer &lt;token&gt;" (RFC 6750 2.1). Returns null and sets error to 401
        /// "missing-token" or "malformed-token" otherwise.
        /// </summary>
        public static string Read(HttpRequest request, out ApiError error)
        {
            ArgumentNullException.ThrowIfNull(request);
            error = null;
            string header = request.Headers.Authorization.ToString();
            if (string.IsNullOrEmpty(header))
            {
                error = ApiError.Unauthorized("missing-token", "an Authorization: Bearer token is required");
                return null;
            }

            const string Scheme = "Bearer ";
            if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length || header.Length > 512)
            {
                error = Unauthorized("malformed-token", "the Authorization header must be 'Bearer <token>'");
                return null;
            }

            return header.Substring(Scheme.Length).Trim();
        }

        /// <summary>A 401 error.</summary>
        public static ApiError Unauthorized(string code, string detail) => ApiError.Unauthorized(code, detail);
    }
}
