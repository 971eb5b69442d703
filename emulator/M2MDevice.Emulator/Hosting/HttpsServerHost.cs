using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// A small HTTPS server every emulator role reuses: Kestrel on one address and port (0 = dynamic), TLS with a
    /// certificate from the emulator CA, optional client certificates, minimal API endpoints added by the caller,
    /// request logging through a redacting logger, problem-details JSON for unknown routes and failures.
    /// StartAsync returns the bound base URL; StopAsync (or DisposeAsync) stops it. One start per instance.
    /// </summary>
    public sealed class HttpsServerHost : IAsyncDisposable
    {
        private readonly HttpsServerHostOptions options;
        private readonly Action<WebApplication> mapEndpoints;
        private readonly ILoggerFactory loggerFactory;
        private readonly ILogger logger;
        private WebApplication application;
        private Uri baseAddress;
        private volatile X509Certificate2 servedCertificate;
        private volatile ServedContext servedContext;

        /// <summary>Creates the host; <paramref name="mapEndpoints"/> adds the routes (app.MapPost(...)). Nothing runs until StartAsync.</summary>
        public HttpsServerHost(HttpsServerHostOptions options, Action<WebApplication> mapEndpoints)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(mapEndpoints);
            if (options.Certificate == null || !options.Certificate.HasPrivateKey)
            {
                throw new ArgumentException("a server certificate with its private key is required", nameof(options));
            }

            this.options = options;
            this.mapEndpoints = mapEndpoints;
            this.loggerFactory = new RedactingLoggerFactory(options.LoggerFactory ?? NullLoggerFactory.Instance);
            this.logger = this.loggerFactory.CreateLogger("M2MDevice.Emulator." + options.Name);
        }

        /// <summary>The bound base URL ("https://127.0.0.1:port/") after StartAsync; null before.</summary>
        public Uri BaseAddress => this.baseAddress;

        /// <summary>The redacting logger factory the host and its endpoints log through.</summary>
        public ILoggerFactory LoggerFactory => this.loggerFactory;

        /// <summary>
        /// Adversarial tests (issue 7 part 1): serves <paramref name="certificate"/> (with its private key) instead of
        /// <see cref="HttpsServerHostOptions.Certificate"/> from the next TLS handshake on, e.g. one of the same CA for
        /// another host name; null serves the configured one again. Connections already open keep theirs.
        /// </summary>
        public void ServeCertificate(X509Certificate2 certificate)
        {
            if (certificate != null && !certificate.HasPrivateKey)
            {
                throw new ArgumentException("a server certificate with its private key is required", nameof(certificate));
            }

            this.servedCertificate = certificate;
        }

        /// <summary>Builds and starts the server; returns the bound base URL.</summary>
        public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
        {
            if (this.application != null)
            {
                throw new InvalidOperationException("already started");
            }

            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(this.loggerFactory));
            builder.Services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
            builder.Services.AddRoutingCore();
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = this.options.MaxRequestBodySize;
                kestrel.Listen(this.options.ListenAddress, this.options.Port, listen => listen.UseHttps(this.ConfigureHttps));
            });

            WebApplication app = builder.Build();
            app.Use(this.HandleRequestAsync);
            this.mapEndpoints(app);
            app.MapFallback(context => ApiError.NotFound("not-found", "no such endpoint").ExecuteAsync(context));

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            this.application = app;
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            this.baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            this.logger.LogInformation("{Name} listening on {Address}", this.options.Name, this.baseAddress);
            return this.baseAddress;
        }

        /// <summary>Stops accepting requests and waits for those in flight.</summary>
        public async Task StopAsync(CancellationToken cancellationToken = default)
        {
            WebApplication app = this.application;
            if (app == null)
            {
                return;
            }

            this.application = null;
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            this.logger.LogInformation("{Name} stopped", this.options.Name);
        }

        /// <summary>Stops the server.</summary>
        public async ValueTask DisposeAsync()
        {
            await this.StopAsync().ConfigureAwait(false);
        }

        private void ConfigureHttps(HttpsConnectionAdapterOptions https)
        {
            // Chosen per handshake so that ServeCertificate takes effect on a running server.
            https.ServerCertificateSelector = (connection, serverName) => this.servedCertificate ?? this.options.Certificate;

            // Issue 8: the same choice, handed to SslStream as a context built once per certificate. With only a certificate
            // SslStream builds a new context for every handshake, and with it a chain against the system store: that
            // cost more CPU than the handshake itself.
            https.OnAuthenticate = (connection, ssl) =>
            {
                ssl.ServerCertificateSelectionCallback = null;
                ssl.ServerCertificate = null;
                ssl.ServerCertificateContext = this.ContextFor(this.servedCertificate ?? this.options.Certificate);
            };
            if (this.options.ClientCertificateAuthority == null)
            {
                https.ClientCertificateMode = ClientCertificateMode.NoCertificate;
                return;
            }

            https.ClientCertificateMode = this.options.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate;

            // The platform's chain check knows nothing of the emulator root: rebuild against it alone.
            https.ClientCertificateValidation = (certificate, chain, errors) =>
                (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0 && this.options.ClientCertificateAuthority.ChainsToRoot(certificate);
        }

        private SslStreamCertificateContext ContextFor(X509Certificate2 certificate)
        {
            ServedContext served = this.servedContext;
            if (served == null || !ReferenceEquals(served.Certificate, certificate))
            {
                // offline: the chain is the emulator CA's, nothing to fetch. A race builds it twice; either one is right.
                served = new ServedContext(certificate, SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true));
                this.servedContext = served;
            }

            return served.Context;
        }

        private async Task HandleRequestAsync(HttpContext context, Func<Task> next)
        {
            long started = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode == StatusCodes.Status401Unauthorized && !context.Response.Headers.ContainsKey("WWW-Authenticate"))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                }

                return Task.CompletedTask;
            });
            try
            {
                await next().ConfigureAwait(false);
            }
            catch (BadHttpRequestException exception)
            {
                this.logger.LogWarning("{Method} {Path}: bad request {Status}", context.Request.Method, context.Request.Path, exception.StatusCode);
                if (!context.Response.HasStarted)
                {
                    await ApiError.BadRequest("bad-request", "the request could not be read").ToResult().ExecuteAsync(context).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Type only: messages of unexpected exceptions are not trusted to be free of secrets.
                this.logger.LogError("{Method} {Path} failed: {Type}", context.Request.Method, context.Request.Path, exception.GetType().Name);
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    await new ApiError(StatusCodes.Status500InternalServerError, "internal-error", "the server failed; retry later").ToResult().ExecuteAsync(context).ConfigureAwait(false);
                }
            }
            finally
            {
                this.logger.LogInformation(
                    "{Method} {Path} -> {Status} in {Elapsed:F1} ms",
                    context.Request.Method,
                    context.Request.Path,
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        private sealed record ServedContext(X509Certificate2 Certificate, SslStreamCertificateContext Context);
    }
}
