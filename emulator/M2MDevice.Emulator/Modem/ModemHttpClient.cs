using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// Performs the modem's HTTP(S) requests for AT+HTTPACTION with a real TLS stack: the server must chain to
    /// a CA the device uploaded (custom root trust only), be valid now and name the URL's host; anything else
    /// ends in the A76xx error status, never in a silent success. The data-session policy (walled garden) is
    /// enforced here: allowed hosts, remaining bytes and time.
    /// </summary>
    internal sealed class ModemHttpClient
    {
        private readonly TimeProvider clock;
        private readonly bool allowUnverifiedTls;
        private readonly int maxResponseBytes;

        public ModemHttpClient(TimeProvider clock, bool allowUnverifiedTls, int maxResponseBytes)
        {
            this.clock = clock;
            this.allowUnverifiedTls = allowUnverifiedTls;
            this.maxResponseBytes = maxResponseBytes;
        }

        /// <summary>Outcome: HTTP status (or a 7xx SIMCom status), the body, and the bytes the session used.</summary>
        public sealed record Result(int Status, byte[] Body, long BytesUsed, TlsValidationResult Tls);

        public async Task<Result> ExecuteAsync(ModemHttpRequest request, DataSessionPolicy policy, long remainingBytes, CancellationToken cancellationToken)
        {
            if (!Uri.TryCreate(request.Url, UriKind.Absolute, out Uri uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return new Result(SimcomHttpStatus.InvalidParameter, Array.Empty<byte>(), 0, TlsValidationResult.Valid);
            }

            if (!policy.AllowsHost(uri.Host, uri.Port))
            {
                return new Result(SimcomHttpStatus.ConnectFailed, Array.Empty<byte>(), 0, TlsValidationResult.Valid);
            }

            long requestBytes = request.Body == null ? 0 : request.Body.Length;
            if (policy.MaxBytes > 0 && requestBytes > remainingBytes)
            {
                return new Result(SimcomHttpStatus.NetworkError, Array.Empty<byte>(), 0, TlsValidationResult.Valid);
            }

            bool https = uri.Scheme == Uri.UriSchemeHttps;
            bool verify = request.AuthenticationMode != SslCommands.AuthenticationNone;
            if (https && (verify || !allowUnverifiedTls) && (request.TrustAnchors == null || request.TrustAnchors.Count == 0))
            {
                return new Result(SimcomHttpStatus.CaMissed, Array.Empty<byte>(), 0, TlsValidationResult.NoTrustAnchor);
            }

            TlsValidationResult tls = TlsValidationResult.Valid;
            string host = uri.Host;
            using var handler = new SocketsHttpHandler
            {
                ConnectTimeout = request.ConnectTimeout,
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.Zero,
            };
            handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            handler.SslOptions.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
            if (request.ClientCertificate != null)
            {
                handler.SslOptions.ClientCertificates = new X509CertificateCollection { request.ClientCertificate };
            }

            // Issue 8: the TLS stack builds the one chain against the uploaded anchors only (never the system roots,
            // whose store lookups cost more than the handshake), and the check below reads that chain.
            bool builtByPolicy = https && request.TrustAnchors != null && request.TrustAnchors.Count > 0;
            if (builtByPolicy)
            {
                handler.SslOptions.CertificateChainPolicy = TrustAnchorValidator.CreateChainPolicy(request.TrustAnchors, clock);
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                if (!verify && allowUnverifiedTls)
                {
                    return true;
                }

                bool nameMatches = certificate != null && TrustAnchorValidator.MatchesHost(certificate, host);
                tls = builtByPolicy
                    ? TrustAnchorValidator.ValidateBuilt(certificate, chain, request.TrustAnchors, nameMatches)
                    : TrustAnchorValidator.Validate(certificate, request.TrustAnchors, nameMatches, clock);
                return tls == TlsValidationResult.Valid;
            };

            using var client = new HttpClient(handler) { Timeout = request.ReceiveTimeout + request.ConnectTimeout };
            using var message = new HttpRequestMessage(MethodFor(request.Method), uri)
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            if (request.Body != null && (request.Method == HttpCommands.MethodPost || request.Method == HttpCommands.MethodPut))
            {
                message.Content = new ByteArrayContent(request.Body);
                if (!string.IsNullOrEmpty(request.ContentType))
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
                }
            }

            if (!string.IsNullOrEmpty(request.Accept))
            {
                message.Headers.TryAddWithoutValidation("Accept", request.Accept);
            }

            AddUserData(message, request.UserData);
            try
            {
                using HttpResponseMessage response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                long budget = policy.MaxBytes > 0 ? remainingBytes - requestBytes : long.MaxValue;
                using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                using var body = new MemoryStream();
                byte[] chunk = new byte[16 * 1024];
                while (true)
                {
                    int read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    if (body.Length + read > maxResponseBytes)
                    {
                        return new Result(SimcomHttpStatus.SocketDataFailed, Array.Empty<byte>(), requestBytes + body.Length, tls);
                    }

                    if (body.Length + read > budget)
                    {
                        // The walled garden cuts the bearer when the byte budget is spent.
                        return new Result(SimcomHttpStatus.NetworkError, Array.Empty<byte>(), requestBytes + budget, tls);
                    }

                    body.Write(chunk, 0, read);
                }

                return new Result((int)response.StatusCode, body.ToArray(), requestBytes + body.Length, tls);
            }
            catch (HttpRequestException exception)
            {
                return new Result(StatusFor(exception, tls), Array.Empty<byte>(), 0, tls);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new Result(SimcomHttpStatus.Timeout, Array.Empty<byte>(), 0, tls);
            }
            catch (IOException)
            {
                return new Result(SimcomHttpStatus.SocketDataFailed, Array.Empty<byte>(), 0, tls);
            }
        }

        private static int StatusFor(HttpRequestException exception, TlsValidationResult tls)
        {
            if (tls != TlsValidationResult.Valid || exception.InnerException is AuthenticationException)
            {
                return SimcomHttpStatus.HandshakeFailed;
            }

            switch (exception.HttpRequestError)
            {
                case HttpRequestError.NameResolutionError:
                    return SimcomHttpStatus.DnsFailed;
                case HttpRequestError.ConnectionError:
                    return exception.InnerException is SocketException ? SimcomHttpStatus.ConnectFailed : SimcomHttpStatus.ConnectionClosed;
                case HttpRequestError.SecureConnectionError:
                    return SimcomHttpStatus.HandshakeFailed;
                case HttpRequestError.ResponseEnded:
                    return SimcomHttpStatus.ConnectionClosed;
                default:
                    return SimcomHttpStatus.SocketDataFailed;
            }
        }

        private static HttpMethod MethodFor(int method)
        {
            switch (method)
            {
                case HttpCommands.MethodPost:
                    return HttpMethod.Post;
                case HttpCommands.MethodHead:
                    return HttpMethod.Head;
                case HttpCommands.MethodDelete:
                    return HttpMethod.Delete;
                case HttpCommands.MethodPut:
                    return HttpMethod.Put;
                default:
                    return HttpMethod.Get;
            }
        }

        private static void AddUserData(HttpRequestMessage message, string userData)
        {
            if (string.IsNullOrEmpty(userData))
            {
                return;
            }

            // A76xx USERDATA: header lines "Name: value", separated by a literal "\r\n".
            string[] lines = userData.Replace("\\r\\n", "\n", StringComparison.Ordinal).Split('\n');
            foreach (string line in lines)
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                string name = line.Substring(0, colon).Trim();
                string value = line.Substring(colon + 1).Trim();
                if (!message.Headers.TryAddWithoutValidation(name, value) && message.Content != null)
                {
                    message.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }
    }
}
