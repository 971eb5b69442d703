using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// SendAuthenticationInfo over the Registration Service roaming API (docs/rs-api.md,
    /// <c>POST /roaming/v1/authentication-info</c>, bearer token of a registered visited operator). The
    /// HttpClient is the caller's: give it a handler that trusts the RS CA only (EmulatorCa.CreateHttpHandler).
    /// Refusals map to <see cref="AuthenticationInfoStatus"/>; transport failures to Unavailable. Neither the
    /// token nor any vector is logged.
    /// </summary>
    public sealed class RsRoamingClient : IAuthenticationVectorSource
    {
        /// <summary>Path of the SendAuthenticationInfo endpoint relative to the RS base address.</summary>
        public const string AuthenticationInfoPath = "roaming/v1/authentication-info";

        private const int MaxResponseBytes = 64 * 1024;

        private readonly HttpClient http;
        private readonly Uri endpoint;
        private readonly string token;
        private readonly ILogger logger;

        /// <summary>Creates a client for the RS at baseAddress, authenticating with the VO's bearer token.</summary>
        public RsRoamingClient(HttpClient http, Uri baseAddress, string token, ILogger logger = null)
        {
            ArgumentNullException.ThrowIfNull(http);
            ArgumentNullException.ThrowIfNull(baseAddress);
            ArgumentException.ThrowIfNullOrWhiteSpace(token);
            if (baseAddress.Scheme != Uri.UriSchemeHttps)
            {
                throw new ArgumentException("the roaming interface is HTTPS only", nameof(baseAddress));
            }

            string text = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress.AbsoluteUri : baseAddress.AbsoluteUri + "/";
            this.http = http;
            endpoint = new Uri(new Uri(text), AuthenticationInfoPath);
            this.token = token;
            this.logger = logger ?? NullLogger.Instance;
        }

        /// <inheritdoc/>
        public async Task<AuthenticationInfoResult> SendAuthenticationInfoAsync(string imsi, int count, byte[] rand, byte[] auts, CancellationToken cancellationToken)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(imsi);
            if (count < 1 || count > 5)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if ((rand == null) != (auts == null))
            {
                throw new ArgumentException("rand and auts go together");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Content = new StringContent(RequestJson(imsi, count, rand, auts), Encoding.UTF8, "application/json");
            try
            {
                using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                byte[] body = await ReadLimitedAsync(response, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return ParseVectors(body);
                }

                string code = ErrorCode(body);
                logger.LogInformation("RS refused SendAuthenticationInfo: {Status} {Code}", (int)response.StatusCode, code);
                switch (code)
                {
                    case "unknown-subscriber":
                        return AuthenticationInfoResult.Failure(AuthenticationInfoStatus.UnknownSubscriber);
                    case "retired-subscriber":
                        return AuthenticationInfoResult.Failure(AuthenticationInfoStatus.RetiredSubscriber);
                    case "invalid-auts":
                        return AuthenticationInfoResult.Failure(AuthenticationInfoStatus.InvalidAuts);
                    case "sqn-exhausted":
                        return AuthenticationInfoResult.Failure(AuthenticationInfoStatus.SqnExhausted);
                    default:
                        return AuthenticationInfoResult.Failure(AuthenticationInfoStatus.Unavailable);
                }
            }
            catch (HttpRequestException exception)
            {
                logger.LogWarning("RS unreachable: {Error}", exception.HttpRequestError);
                return AuthenticationInfoResult.Failure(AuthenticationInfoStatus.Unavailable);
            }
            catch (JsonException)
            {
                logger.LogWarning("RS answered malformed JSON");
                return AuthenticationInfoResult.Failure(AuthenticationInfoStatus.Unavailable);
            }
            catch (FormatException)
            {
                logger.LogWarning("RS answered a malformed vector");
                return AuthenticationInfoResult.Failure(AuthenticationInfoStatus.Unavailable);
            }
            catch (Exception exception) when (exception is ArgumentException || exception is KeyNotFoundException || exception is InvalidOperationException)
            {
                logger.LogWarning("RS answered a vector with wrong field lengths");
                return AuthenticationInfoResult.Failure(AuthenticationInfoStatus.Unavailable);
            }
        }

        private static string RequestJson(string imsi, int count, byte[] rand, byte[] auts)
        {
            var body = new Dictionary<string, object> { ["imsi"] = imsi, ["count"] = count };
            if (rand != null)
            {
                body["rand"] = Convert.ToHexStringLower(rand);
                body["auts"] = Convert.ToHexStringLower(auts);
            }

            return JsonSerializer.Serialize(body);
        }

        private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxResponseBytes + 1];
            int total = 0;
            while (total < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            if (total > MaxResponseBytes)
            {
                throw new JsonException("response too large");
            }

            return buffer.AsSpan(0, total).ToArray();
        }

        private static AuthenticationInfoResult ParseVectors(byte[] body)
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            bool resynchronized = root.TryGetProperty("resynchronized", out JsonElement flag) && flag.ValueKind == JsonValueKind.True;
            var vectors = new List<RoamingVector>();
            foreach (JsonElement item in root.GetProperty("vectors").EnumerateArray())
            {
                vectors.Add(new RoamingVector(
                    Convert.FromHexString(item.GetProperty("rand").GetString()),
                    Convert.FromHexString(item.GetProperty("xres").GetString()),
                    Convert.FromHexString(item.GetProperty("ck").GetString()),
                    Convert.FromHexString(item.GetProperty("ik").GetString()),
                    Convert.FromHexString(item.GetProperty("autn").GetString())));
            }

            if (vectors.Count == 0)
            {
                throw new JsonException("no vectors");
            }

            return AuthenticationInfoResult.Success(vectors, resynchronized);
        }

        private static string ErrorCode(byte[] body)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out JsonElement code)
                    && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
