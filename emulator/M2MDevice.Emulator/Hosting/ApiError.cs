using System;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// A refused request: HTTP status, a stable machine-readable code (kebab-case, documented per API) and a clear
    /// human-readable detail. Rendered as RFC 9457 problem details JSON by <see cref="ToResult"/>. Details never
    /// carry secrets.
    /// </summary>
    public sealed class ApiError
    {
        /// <summary>Creates an error.</summary>
        public ApiError(int status, string code, string detail)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(code);
            this.Status = status;
            this.Code = code;
            this.Detail = detail ?? string.Empty;
        }

        /// <summary>HTTP status code.</summary>
        public int Status { get; }

        /// <summary>Stable error code, e.g. "missing-field".</summary>
        public string Code { get; }

        /// <summary>Human-readable explanation.</summary>
        public string Detail { get; }

        /// <summary>400: the request is malformed or a field is invalid.</summary>
        public static ApiError BadRequest(string code, string detail) => new ApiError(StatusCodes.Status400BadRequest, code, detail);

        /// <summary>401: no or unknown credentials.</summary>
        public static ApiError Unauthorized(string code, string detail) => new ApiError(StatusCodes.Status401Unauthorized, code, detail);

        /// <summary>403: authenticated but not allowed.</summary>
        public static ApiError Forbidden(string code, string detail) => new ApiError(StatusCodes.Status403Forbidden, code, detail);

        /// <summary>404: the named resource does not exist.</summary>
        public static ApiError NotFound(string code, string detail) => new ApiError(StatusCodes.Status404NotFound, code, detail);

        /// <summary>409: the request conflicts with the stored state.</summary>
        public static ApiError Conflict(string code, string detail) => new ApiError(StatusCodes.Status409Conflict, code, detail);

        /// <summary>The problem details response (application/problem+json): type, title, status, detail, code.</summary>
        public IResult ToResult()
        {
            var body = new ProblemBody
            {
                Type = "urn:m2mdevice:error:" + this.Code,
                Title = ReasonPhrases.GetReasonPhrase(this.Status),
                Status = this.Status,
                Detail = this.Detail,
                Code = this.Code,
            };
            return Results.Json(body, ApiJson.Options, "application/problem+json", this.Status);
        }

        /// <summary>Writes the problem details response to <paramref name="context"/>.</summary>
        public System.Threading.Tasks.Task ExecuteAsync(HttpContext context) => this.ToResult().ExecuteAsync(context);

        /// <inheritdoc/>
        public override string ToString() => $"{this.Status} {this.Code}: {this.Detail}";

        private sealed class ProblemBody
        {
            public string Type { get; set; }

            public string Title { get; set; }

            public int Status { get; set; }

            public string Detail { get; set; }

            public string Code { get; set; }
        }
    }
}
