using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// A JSON object request body with typed, validating getters: every rule broken gives a 400
    /// <see cref="ApiError"/> naming the field ("invalid-json", "missing-field", "invalid-field", "unknown-field",
    /// "unsupported-content-type", "body-too-large"). Values are never echoed in error details (they may be secret).
    /// </summary>
    public sealed class JsonBody
    {
        /// <summary>Default largest accepted body in bytes.</summary>
        public const int DefaultMaxBytes = 64 * 1024;

        private readonly JsonElement root;

        private JsonBody(JsonElement root)
        {
            this.root = root;
        }

        /// <summary>The root object.</summary>
        public JsonElement Root => this.root;

        /// <summary>
        /// Reads the request body as one JSON object. An empty body reads as {} when <paramref name="allowEmpty"/>.
        /// Gives a null body and the error on failure.
        /// </summary>
        public static async Task<(JsonBody Body, ApiError Error)> ReadAsync(HttpRequest request, int maxBytes = DefaultMaxBytes, bool allowEmpty = false)
        {
            ArgumentNullException.ThrowIfNull(request);
            byte[] bytes = await ReadLimitedAsync(request, maxBytes).ConfigureAwait(false);
            if (bytes == null)
            {
                return (null, ApiError.BadRequest("body-too-large", $"the request body exceeds {maxBytes} bytes"));
            }

            if (bytes.Length == 0 && allowEmpty)
            {
                using JsonDocument empty = JsonDocument.Parse("{}");
                return (new JsonBody(empty.RootElement.Clone()), null);
            }

            string contentType = request.ContentType ?? string.Empty;
            if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return (null, ApiError.BadRequest("unsupported-content-type", "the request body must be application/json"));
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, ApiError.BadRequest("invalid-json", "the request body must be a JSON object"));
                }

                // RFC 8259 8.2: an escaped lone surrogate parses but cannot become a string; refuse it here, not with a 500 later.
                if (!IsReadableText(document.RootElement))
                {
                    return (null, ApiError.BadRequest("invalid-json", "the request body holds a string that is not valid Unicode"));
                }

                return (new JsonBody(document.RootElement.Clone()), null);
            }
            catch (JsonException)
            {
                return (null, ApiError.BadRequest("invalid-json", "the request body is not valid JSON"));
            }
        }

        /// <summary>True when every property name and string value below element reads as a .NET string.</summary>
        private static bool IsReadableText(JsonElement element)
        {
            try
            {
                switch (element.ValueKind)
                {
                    case JsonValueKind.Object:
                        foreach (JsonProperty property in element.EnumerateObject())
                        {
                            if (property.Name == null || !IsReadableText(property.Value))
                            {
                                return false;
                            }
                        }

                        return true;
                    case JsonValueKind.Array:
                        foreach (JsonElement item in element.EnumerateArray())
                        {
                            if (!IsReadableText(item))
                            {
                                return false;
                            }
                        }

                        return true;
                    case JsonValueKind.String:
                        return element.GetString() != null;
                    default:
                        return true;
                }
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        /// <summary>Reads the whole body, or null when it is longer than maxBytes.</summary>
        public static async Task<byte[]> ReadLimitedAsync(HttpRequest request, int maxBytes)
        {
            ArgumentNullException.ThrowIfNull(request);
            if (request.ContentLength > maxBytes)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            byte[] chunk = new byte[8192];
            while (true)
            {
                int read = await request.Body.ReadAsync(chunk).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }

        /// <summary>"unknown-field" for the first property not in <paramref name="allowed"/>.</summary>
        public ApiError RejectUnknown(params string[] allowed)
        {
            var set = new HashSet<string>(allowed, StringComparer.Ordinal);
            foreach (JsonProperty property in this.root.EnumerateObject())
            {
                if (!set.Contains(property.Name))
                {
                    return ApiError.BadRequest("unknown-field", $"field '{Printable(property.Name)}' is not part of this request");
                }
            }

            return null;
        }

        /// <summary>A string field of 1..maxLength characters; null when absent and not required.</summary>
        public bool TryGetString(string name, bool required, int maxLength, out string value, out ApiError error)
        {
            value = null;
            if (!this.TryGetProperty(name, required, out JsonElement element, out error))
            {
                return false;
            }

            if (element.ValueKind == JsonValueKind.Undefined)
            {
                return true;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                error = Invalid(name, "must be a string");
                return false;
            }

            string text = element.GetString();
            if (text.Length == 0 || text.Length > maxLength)
            {
                error = Invalid(name, $"must be 1 to {maxLength} characters");
                return false;
            }

            value = text;
            return true;
        }

        /// <summary>An integer field within [min, max]; <paramref name="value"/> keeps <paramref name="defaultValue"/> when absent and not required.</summary>
        public bool TryGetInt64(string name, bool required, long min, long max, long defaultValue, out long value, out ApiError error)
        {
            value = defaultValue;
            if (!this.TryGetProperty(name, required, out JsonElement element, out error))
            {
                return false;
            }

            if (element.ValueKind == JsonValueKind.Undefined)
            {
                return true;
            }

            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long number) || number < min || number > max)
            {
                error = Invalid(name, $"must be an integer from {min} to {max}");
                return false;
            }

            value = number;
            return true;
        }

        /// <summary>A hexadecimal string field decoding to one of <paramref name="allowedLengths"/> bytes.</summary>
        public bool TryGetHex(string name, bool required, int[] allowedLengths, out byte[] value, out ApiError error)
        {
            value = null;
            if (!this.TryGetString(name, required, 2 * 1024, out string text, out error))
            {
                return false;
            }

            if (text == null)
            {
                return true;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromHexString(text);
            }
            catch (FormatException)
            {
                error = Invalid(name, "must be hexadecimal");
                return false;
            }

            if (Array.IndexOf(allowedLengths, bytes.Length) < 0)
            {
                error = Invalid(name, $"must be {string.Join(" or ", allowedLengths)} bytes");
                return false;
            }

            value = bytes;
            return true;
        }

        /// <summary>A Base64 string field of 1..maxBytes decoded bytes.</summary>
        public bool TryGetBase64(string name, bool required, int maxBytes, out byte[] value, out ApiError error)
        {
            value = null;
            if (!this.TryGetString(name, required, ((maxBytes + 2) / 3 * 4) + 4, out string text, out error))
            {
                return false;
            }

            if (text == null)
            {
                return true;
            }

            try
            {
                value = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                error = Invalid(name, "must be Base64");
                return false;
            }

            if (value.Length == 0 || value.Length > maxBytes)
            {
                value = null;
                error = Invalid(name, $"must decode to 1 to {maxBytes} bytes");
                return false;
            }

            return true;
        }

        /// <summary>The "invalid-field" error for <paramref name="name"/>.</summary>
        public static ApiError Invalid(string name, string rule) => ApiError.BadRequest("invalid-field", $"field '{name}' {rule}");

        private bool TryGetProperty(string name, bool required, out JsonElement element, out ApiError error)
        {
            error = null;
            if (!this.root.TryGetProperty(name, out element) || element.ValueKind == JsonValueKind.Null)
            {
                element = default;
                if (required)
                {
                    error = ApiError.BadRequest("missing-field", $"field '{name}' is required");
                    return false;
                }
            }

            return true;
        }

        private static string Printable(string name)
        {
            string clipped = name.Length > 40 ? name.Substring(0, 40) : name;
            char[] chars = clipped.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] < 0x20 || chars[i] > 0x7E)
                {
                    chars[i] = '?';
                }
            }

            return new string(chars);
        }
    }
}
