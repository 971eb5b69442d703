using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// One bearer-authenticated JSON request to an RS or HO API (docs/rs-api.md conventions): a success becomes the
    /// read value, a problem-details refusal its <see cref="ApiError"/>, a transport failure the error code
    /// <see cref="UnreachableCode"/> (status 0). The token is never put in an error.
    /// </summary>
    public static class JsonHttp
    {
        /// <summary>Code of the error for a server that could not be reached (connection, TLS, timeout).</summary>
        public const string UnreachableCode = "unreachable";

        /// <summary>Sends the request and reads the answer; see the class summary.</summary>
        public static async Task<RsResult<T>> SendAsync<T>(HttpClient http, HttpMethod method, string path, string token, object body, Func<JsonElement, T> read, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(http);
            ArgumentNullException.ThrowIfNull(read);
            using var request = new HttpRequestMessage(method, path);
            if (token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (body != null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body, ApiJson.Options), Encoding.UTF8, "application/json");
            }

            HttpResponseMessage response;
            byte[] bytes;
            try
            {
                response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                // The message names the host and the TLS or socket problem; it carries no token.
                return RsResult<T>.Fail(new ApiError(0, UnreachableCode, exception.InnerException?.Message ?? exception.Message));
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return RsResult<T>.Fail(new ApiError(0, UnreachableCode, "the request timed out"));
            }

            using (response)
            {
                JsonElement json = default;
                if (bytes.Length > 0)
                {
                    try
                    {
                        using JsonDocument document = JsonDocument.Parse(bytes);
                        json = document.RootElement.Clone();
                    }
                    catch (JsonException)
                    {
                        return RsResult<T>.Fail(new ApiError((int)response.StatusCode, "invalid-response", "the server answered with a body that is not JSON"));
                    }
                }

                if (!response.IsSuccessStatusCode)
                {
                    string code = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out JsonElement c) ? c.GetString() : "http-" + (int)response.StatusCode;
                    string detail = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out JsonElement d) ? d.GetString() : response.ReasonPhrase;
                    return RsResult<T>.Fail(new ApiError((int)response.StatusCode, code, detail));
                }

                try
                {
                    return RsResult<T>.Ok(read(json));
                }
                catch (Exception exception) when (exception is InvalidOperationException || exception is System.Collections.Generic.KeyNotFoundException || exception is FormatException)
                {
                    return RsResult<T>.Fail(new ApiError((int)response.StatusCode, "invalid-response", "the server's answer lacks an expected field"));
                }
            }
        }

        /// <summary>A string property, or null when absent or null.</summary>
        public static string Text(JsonElement json, string name) =>
            json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>A date property, or null when absent.</summary>
        public static DateTimeOffset? Time(JsonElement json, string name) =>
            json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;

        /// <summary>An integer property, or fallback when absent.</summary>
        public static long Number(JsonElement json, string name, long fallback = 0) =>
            json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : fallback;

        /// <summary>A boolean property, or false when absent.</summary>
        public static bool Flag(JsonElement json, string name) =>
            json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.True;
    }
}
