using System;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// The Registration Service as a running server: opens its database (data directory or named in-memory), its CA
    /// (given, data directory pki/, or new in memory), issues its TLS certificate (host name, localhost, 127.0.0.1),
    /// and serves <see cref="RsApi"/> over <see cref="HttpsServerHost"/>. Start, Stop and Start again resume from the
    /// stored state (file-backed). One instance serves one start/stop cycle at a time.
    /// </summary>
    public sealed class RsServer : OperatorServer<RsService, RsServerOptions>
    {
        /// <summary>Creates the server; nothing opens until StartAsync.</summary>
        public RsServer(RsServerOptions options = null)
            : base(options ?? new RsServerOptions())
        {
        }

        /// <inheritdoc/>
        protected override string HostName => this.Options.HostName;

        /// <inheritdoc/>
        protected override string ServerName => "rs";

        /// <inheritdoc/>
        protected override SqliteDatabase OpenDatabase() => RsStore.Open(this.Options.DataDirectory, this.Options.InMemoryDatabaseName);

        /// <inheritdoc/>
        protected override RsService CreateService(SqliteDatabase database, ILoggerFactory loggerFactory) =>
            new RsService(database, this.Options, this.Ca.ExportDer(), this.AdminToken, loggerFactory.CreateLogger("M2MDevice.Emulator.Rs"));

        /// <inheritdoc/>
        protected override void MapRoutes(IEndpointRouteBuilder app) => RsApi.Map(app, this.Service, this.Ca);

        /// <inheritdoc/>
        protected override Task OnStartedAsync(Uri publicAddress, CancellationToken cancellationToken)
        {
            this.Service.RsAddress = publicAddress;
            return Task.CompletedTask;
        }
    }
}
