using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// A selected home operator as a running server: opens its database (data directory or named in-memory), uses the
    /// given CA (normally RS's, so devices pin one root) or its own, issues its TLS certificate (NAF host, localhost,
    /// 127.0.0.1), serves <see cref="HoApi"/> over <see cref="HttpsServerHost"/>, then registers at RS on first start
    /// (or reuses the stored registration). Several run in one process with distinct names, NAF hosts, ports and
    /// databases. Start, Stop and Start again resume from the stored state (file-backed).
    /// </summary>
    public sealed class HoServer : IAsyncDisposable
    {
        private readonly HoServerOptions options;
        private readonly bool ownsCa;
        private SqliteDatabase database;
        private HttpsServerHost host;
        private X509Certificate2 certificate;

        /// <summary>Creates the server; nothing opens until StartAsync.</summary>
        public HoServer(HoServerOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            this.options = options;
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

        /// <summary>The CA whose root is the HO trust anchor registered at RS.</summary>
        public EmulatorCa Ca { get; }

        /// <summary>The HO admin bearer token.</summary>
        public string AdminToken { get; }

        /// <summary>The bound base URL after StartAsync.</summary>
        public Uri BaseAddress => this.host?.BaseAddress;

        /// <summary>The service logic (available after StartAsync).</summary>
        public HoService Service { get; private set; }

        /// <summary>The database (available after StartAsync; tests inspect it).</summary>
        public SqliteDatabase Database => this.database;

        /// <summary>The options in use.</summary>
        public HoServerOptions Options => this.options;

        /// <summary>
        /// Opens storage, starts serving and connects to RS (registering on first start); returns the bound base URL.
        /// Throws InvalidOperationException, with RS's code, when RS refuses the registration (nothing keeps running).
        /// </summary>
        public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
        {
            if (this.host != null)
            {
                throw new InvalidOperationException("already started");
            }

            ILoggerFactory loggerFactory = new RedactingLoggerFactory(this.options.LoggerFactory ?? NullLoggerFactory.Instance);
            this.database = HoStore.Open(this.options.DataDirectory, this.options.InMemoryDatabaseName);
            try
            {
                this.Service = new HoService(this.database, this.options, this.AdminToken, loggerFactory.CreateLogger("M2MDevice.Emulator.Ho." + this.options.NafHost));
                this.certificate = this.Ca.IssueLoopbackServerCertificate(this.options.NafHost);
                this.host = new HttpsServerHost(
                    new HttpsServerHostOptions { Name = "ho " + this.options.NafHost, Certificate = this.certificate, Port = this.options.Port, LoggerFactory = this.options.LoggerFactory },
                    app => HoApi.Map(app, this.Service, this.Ca));
                Uri address = await this.host.StartAsync(cancellationToken).ConfigureAwait(false);
                RsResult<string> connected = await this.Service.ConnectToRsAsync(this.options.PublicAddress ?? address, this.Ca.ExportDer(), cancellationToken).ConfigureAwait(false);
                if (!connected.IsSuccess)
                {
                    throw new InvalidOperationException($"home operator {this.options.NafHost} cannot register at RS: {connected.Error}");
                }

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

            this.Service?.Dispose();
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
