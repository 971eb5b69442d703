using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// The Registration Service as a running server: opens its database (data directory or named in-memory), its CA
    /// (given, data directory pki/, or new in memory), issues its TLS certificate (host name, localhost, 127.0.0.1),
    /// and serves <see cref="RsApi"/> over <see cref="HttpsServerHost"/>. Start, Stop and Start again resume from the
    /// stored state (file-backed). One instance serves one start/stop cycle at a time.
    /// </summary>
    public sealed class RsServer : IAsyncDisposable
    {
        private readonly RsServerOptions options;
        private readonly bool ownsCa;
        private SqliteDatabase database;
        private HttpsServerHost host;
        private X509Certificate2 certificate;

        /// <summary>Creates the server; nothing opens until StartAsync.</summary>
        public RsServer(RsServerOptions options = null)
        {
            this.options = options ?? new RsServerOptions();
            if (this.options.Ca != null)
            {
                this.Ca = this.options.Ca;
            }
            else
            {
                this.Ca = this.options.DataDirectory != null
                    ? EmulatorCa.LoadOrCreate(Path.Combine(this.options.DataDirectory, "pki"), clock: this.options.Clock)
                    : EmulatorCa.CreateInMemory(clock: this.options.Clock);
                this.ownsCa = true;
            }

            this.AdminToken = this.options.AdminToken ?? BearerToken.Generate();
        }

        /// <summary>The CA whose root is RS's trust anchor.</summary>
        public EmulatorCa Ca { get; }

        /// <summary>The admin bearer token.</summary>
        public string AdminToken { get; }

        /// <summary>The bound base URL after StartAsync.</summary>
        public Uri BaseAddress => this.host?.BaseAddress;

        /// <summary>The service logic (available after StartAsync).</summary>
        public RsService Service { get; private set; }

        /// <summary>The database (available after StartAsync; tests inspect it).</summary>
        public SqliteDatabase Database => this.database;

        /// <summary>The options in use.</summary>
        public RsServerOptions Options => this.options;

        /// <summary>Opens storage and starts serving; returns the bound base URL.</summary>
        public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
        {
            if (this.host != null)
            {
                throw new InvalidOperationException("already started");
            }

            ILoggerFactory loggerFactory = new RedactingLoggerFactory(this.options.LoggerFactory ?? NullLoggerFactory.Instance);
            this.database = RsStore.Open(this.options.DataDirectory, this.options.InMemoryDatabaseName);
            try
            {
                this.Service = new RsService(this.database, this.options, this.Ca.ExportDer(), this.AdminToken, loggerFactory.CreateLogger("M2MDevice.Emulator.Rs"));
                this.certificate = this.Ca.IssueLoopbackServerCertificate(this.options.HostName);
                this.host = new HttpsServerHost(
                    new HttpsServerHostOptions { Name = "rs", Certificate = this.certificate, Port = this.options.Port, LoggerFactory = this.options.LoggerFactory },
                    app => RsApi.Map(app, this.Service, this.Ca));
                Uri address = await this.host.StartAsync(cancellationToken).ConfigureAwait(false);
                this.Service.RsAddress = this.options.PublicAddress ?? address;
                return address;
            }
            catch
            {
                await this.StopAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>Stops serving and closes storage (an in-memory database is gone afterwards).</summary>
        public async Task StopAsync(CancellationToken cancellationToken = default)
        {
            if (this.host != null)
            {
                await this.host.StopAsync(cancellationToken).ConfigureAwait(false);
                this.host = null;
            }

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
        }
    }
}
