using System;
using M2MDevice.Emulator.Pki;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// Settings every operator server has (<see cref="OperatorServer{TService, TOptions}"/>: RS and the home
    /// operators): storage, CA, admin token, port, public address, clock and logging. Each has a working default.
    /// </summary>
    public abstract class OperatorServerOptions
    {
        /// <summary>Sets a unique in-memory database name starting with <paramref name="inMemoryPrefix"/> ("rs", "ho").</summary>
        protected OperatorServerOptions(string inMemoryPrefix)
        {
            this.InMemoryDatabaseName = inMemoryPrefix + "-" + Guid.NewGuid().ToString("N");
        }

        /// <summary>Data directory (the database file, e.g. rs.db or ho.db, and pki/); null keeps everything in memory.</summary>
        public string DataDirectory { get; set; }

        /// <summary>Name of the shared in-memory database when <see cref="DataDirectory"/> is null (unique per server by default).</summary>
        public string InMemoryDatabaseName { get; set; }

        /// <summary>
        /// TCP port; 0 picks a free one. RS keeps the base URL a home operator registered at its first start, so a home
        /// operator restarts on the same port.
        /// </summary>
        public int Port { get; set; }

        /// <summary>
        /// The address devices contact: RS writes its own into device key stores, a home operator registers its own at
        /// RS. Null uses the bound URL (https://127.0.0.1:port/).
        /// </summary>
        public Uri PublicAddress { get; set; }

        /// <summary>The server's admin bearer token (registers callers); null generates one per start.</summary>
        public string AdminToken { get; set; }

        /// <summary>
        /// The CA that issues the server's TLS certificate; its root is the trust anchor devices pin (a home operator
        /// normally uses RS's CA, so devices pin one root). Null: the data directory's pki/, or a new in-memory CA.
        /// </summary>
        public EmulatorCa Ca { get; set; }

        /// <summary>Clock (inject a ManualTimeProvider in tests).</summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>Logger factory; null logs nothing.</summary>
        public ILoggerFactory LoggerFactory { get; set; }
    }
}
