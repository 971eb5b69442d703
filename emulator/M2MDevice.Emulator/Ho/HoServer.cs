using System;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// A selected home operator as a running server: opens its database (data directory or named in-memory), uses the
    /// given CA (normally RS's, so devices pin one root) or its own, issues its TLS certificate (NAF host, localhost,
    /// 127.0.0.1), serves <see cref="HoApi"/> over <see cref="HttpsServerHost"/>, then registers at RS on first start
    /// (or reuses the stored registration). Several run in one process with distinct names, NAF hosts, ports and
    /// databases. Start, Stop and Start again resume from the stored state (file-backed). StartAsync throws
    /// InvalidOperationException, with RS's code, when RS refuses the registration (nothing keeps running).
    /// </summary>
    public sealed class HoServer : OperatorServer<HoService, HoServerOptions>
    {
        /// <summary>Creates the server; nothing opens until StartAsync.</summary>
        public HoServer(HoServerOptions options)
            : base(options)
        {
        }

        /// <inheritdoc/>
        protected override string HostName => this.Options.NafHost;

        /// <inheritdoc/>
        protected override string ServerName => "ho " + this.Options.NafHost;

        /// <inheritdoc/>
        protected override SqliteDatabase OpenDatabase() => HoStore.Open(this.Options.DataDirectory, this.Options.InMemoryDatabaseName);

        /// <inheritdoc/>
        protected override HoService CreateService(SqliteDatabase database, ILoggerFactory loggerFactory) =>
            new HoService(database, this.Options, this.AdminToken, loggerFactory.CreateLogger("M2MDevice.Emulator.Ho." + this.Options.NafHost));

        /// <inheritdoc/>
        protected override void MapRoutes(IEndpointRouteBuilder app) => HoApi.Map(app, this.Service, this.Ca);

        /// <inheritdoc/>
        protected override async Task OnStartedAsync(Uri publicAddress, CancellationToken cancellationToken)
        {
            RsResult<string> connected = await this.Service.ConnectToRsAsync(publicAddress, this.Ca.ExportDer(), cancellationToken).ConfigureAwait(false);
            if (!connected.IsSuccess)
            {
                throw new InvalidOperationException($"home operator {this.Options.NafHost} cannot register at RS: {connected.Error}");
            }
        }
    }
}
