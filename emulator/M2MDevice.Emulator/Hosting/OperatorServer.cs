using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// An operator's HTTPS server (RS, a home operator): opens its database (data directory or named in-memory), its
    /// CA (given, data directory pki/, or new in memory), issues its TLS certificate (host name, localhost,
    /// 127.0.0.1), creates the service and serves its routes over <see cref="HttpsServerHost"/>, then runs the
    /// server's start step. Start, Stop and Start again resume from the stored state (file-backed). One instance
    /// serves one start/stop cycle at a time.
    /// </summary>
    /// <typeparam name="TService">The service logic; disposed at stop when it is IDisposable.</typeparam>
    /// <typeparam name="TOptions">The server's settings.</typeparam>
    public abstract class OperatorServer<TService, TOptions> : IAsyncDisposable
        where TService : class
        where TOptions : OperatorServerOptions
    {
        private readonly bool ownsCa;
        private SqliteDatabase database;
        private HttpsServerHost host;
        private X509Certificate2 certificate;

        /// <summary>Creates the server; nothing opens until StartAsync.</summary>
        protected OperatorServer(TOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            this.Options = options;
            if (options.Ca != null)
            {
                this.Ca = options.Ca;
            }
            else
            {
                this.Ca = options.DataDirectory != null
                    ? EmulatorCa.LoadOrCreate(Path.Combine(options.DataDirectory, "pki"), clock: options.Clock)
                    : EmulatorCa.CreateInMemory(clock: options.Clock);
                this.ownsCa = true;
            }

            this.AdminToken = options.AdminToken ?? BearerToken.Generate();
        }

        /// <summary>The CA whose root is the server's trust anchor (for a home operator, the one registered at RS).</summary>
        public EmulatorCa Ca { get; }

        /// <summary>The admin bearer token.</summary>
        public string AdminToken { get; }

        /// <summary>The bound base URL after StartAsync.</summary>
        public Uri BaseAddress => this.host?.BaseAddress;

        /// <summary>The service logic (available after StartAsync).</summary>
        public TService Service { get; private set; }

        /// <summary>The database (available after StartAsync; tests inspect it).</summary>
        public SqliteDatabase Database => this.database;

        /// <summary>The options in use.</summary>
        public TOptions Options { get; }

        /// <summary>The TLS certificate's host name (besides localhost and 127.0.0.1).</summary>
        protected abstract string HostName { get; }

        /// <summary>The server's name in the host's logs.</summary>
        protected abstract string ServerName { get; }

        /// <summary>
        /// Opens storage, starts serving and runs the server's start step (a home operator connects to RS then,
        /// registering on first start, and throws InvalidOperationException with RS's code when RS refuses; nothing
        /// keeps running then); returns the bound base URL.
        /// </summary>
        public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
        {
            if (this.host != null)
            {
                throw new InvalidOperationException("already started");
            }

            ILoggerFactory loggerFactory = new RedactingLoggerFactory(this.Options.LoggerFactory ?? NullLoggerFactory.Instance);
            this.database = this.OpenDatabase();
            try
            {
                this.Service = this.CreateService(this.database, loggerFactory);
                this.certificate = this.Ca.IssueLoopbackServerCertificate(this.HostName);
                this.host = new HttpsServerHost(
                    new HttpsServerHostOptions { Name = this.ServerName, Certificate = this.certificate, Port = this.Options.Port, LoggerFactory = this.Options.LoggerFactory },
                    this.MapRoutes);
                Uri address = await this.host.StartAsync(cancellationToken).ConfigureAwait(false);
                await this.OnStartedAsync(this.Options.PublicAddress ?? address, cancellationToken).ConfigureAwait(false);
                return address;
            }
            catch
            {
                await this.StopAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// Adversarial tests (issue 7 part 1): the running server presents <paramref name="certificate"/> from the next
        /// TLS handshake on (<see cref="HttpsServerHost.ServeCertificate"/>); null restores the issued one.
        /// </summary>
        public void ServeCertificate(X509Certificate2 certificate)
        {
            if (this.host == null)
            {
                throw new InvalidOperationException("not started");
            }

            this.host.ServeCertificate(certificate);
        }

        /// <summary>Stops serving and closes storage (an in-memory database is gone afterwards).</summary>
        public async Task StopAsync(CancellationToken cancellationToken = default)
        {
            if (this.host != null)
            {
                await this.host.StopAsync(cancellationToken).ConfigureAwait(false);
                this.host = null;
            }

            (this.Service as IDisposable)?.Dispose();
            this.database?.Dispose();
            this.database = null;
            this.certificate?.Dispose();
            this.certificate = null;
        }

        /// <summary>Stops the server and releases a CA it created.</summary>
        public async ValueTask DisposeAsync()
        {
            await this.StopAsync().ConfigureAwait(false);
            if (this.ownsCa)
            {
                this.Ca.Dispose();
            }

            GC.SuppressFinalize(this);
        }

        /// <summary>Opens (creating or migrating) the server's database.</summary>
        protected abstract SqliteDatabase OpenDatabase();

        /// <summary>Creates the service over the opened database; loggers come from <paramref name="loggerFactory"/> (redacting).</summary>
        protected abstract TService CreateService(SqliteDatabase database, ILoggerFactory loggerFactory);

        /// <summary>Adds the server's routes (uses <see cref="Service"/> and <see cref="Ca"/>).</summary>
        protected abstract void MapRoutes(IEndpointRouteBuilder app);

        /// <summary>The start step once bound: <paramref name="publicAddress"/> is the address devices are given.</summary>
        protected abstract Task OnStartedAsync(Uri publicAddress, CancellationToken cancellationToken);
    }
}
