using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Pki;
using M2MDevice.Emulator.Radio;
using M2MDevice.Emulator.Rs;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// The whole network of the demo in one process (ARCHITECTURE 1-2): one <see cref="EmulatorCa"/> (the trust
    /// anchor of RS and every HO), the Registration Service with a manufacturer registered, the home operators (each
    /// registered at RS, with an owner registered), and the radio environment: every HO's own cell plus the visited
    /// operators, whose cores get vectors from RS (PIMSIs, optionally in a walled garden reaching only RS and the HOs)
    /// and from the HOs' AuCs (operational IMSIs). In memory by default; with a data directory everything persists
    /// and a restart resumes (same ports, tokens and registrations). Start once, Stop once.
    /// </summary>
    public sealed class NetworkComposition : IAsyncDisposable
    {
        private readonly List<HttpClient> clients = new List<HttpClient>();
        private readonly List<ComposedHomeOperator> homeOperators = new List<ComposedHomeOperator>();
        private readonly List<ComposedVisitedOperator> visitedOperators = new List<ComposedVisitedOperator>();
        private readonly List<string> pimsiNetworks = new List<string>();
        private int stopped;

        private NetworkComposition(NetworkCompositionOptions options, EmulatorCa ca)
        {
            this.Options = options;
            this.Ca = ca;
        }

        /// <summary>The options (defaults filled in).</summary>
        public NetworkCompositionOptions Options { get; }

        /// <summary>The CA: its root is the trust anchor of RS and of every HO.</summary>
        public EmulatorCa Ca { get; }

        /// <summary>Path of the CA certificate (PEM) in the data directory; null in memory (see <see cref="WriteCaCertificate"/>).</summary>
        public string CaCertificatePath { get; private set; }

        /// <summary>The Registration Service.</summary>
        public RsServer Rs { get; private set; }

        /// <summary>RS base URL (the RS address of manufacture images).</summary>
        public Uri RsAddress => this.Rs.BaseAddress;

        /// <summary>RS admin token.</summary>
        public string RsAdminToken => this.Rs.AdminToken;

        /// <summary>Token of the manufacturer registered at RS.</summary>
        public string ManufacturerToken { get; private set; }

        /// <summary>The home operators, in configuration order.</summary>
        public IReadOnlyList<ComposedHomeOperator> HomeOperators => this.homeOperators;

        /// <summary>The visited operators, in configuration order.</summary>
        public IReadOnlyList<ComposedVisitedOperator> VisitedOperators => this.visitedOperators;

        /// <summary>The radio environment every emulated modem of this network shares.</summary>
        public RadioEnvironment Radio { get; private set; }

        /// <summary>PLMNs of the visited operators that accept PIMSIs: the devices' allowed-network list.</summary>
        public IReadOnlyList<string> PimsiNetworks => this.pimsiNetworks;

        /// <summary>Starts everything; on any failure, stops what started and throws (NetworkConfigurationException for bad options).</summary>
        public static async Task<NetworkComposition> StartAsync(NetworkCompositionOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            string data = options.DataDirectory;
            EmulatorCa ca;
            try
            {
                ca = data == null ? EmulatorCa.CreateInMemory(clock: options.Clock) : EmulatorCa.LoadOrCreate(Path.Combine(data, "pki"), clock: options.Clock);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new NetworkConfigurationException($"cannot use the data directory {data}: {exception.Message}", exception);
            }

            var composition = new NetworkComposition(options, ca);
            try
            {
                await composition.StartServersAsync(cancellationToken).ConfigureAwait(false);
                return composition;
            }
            catch
            {
                await composition.StopAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>The home operator of that name (case-insensitive), or null.</summary>
        public ComposedHomeOperator FindHomeOperator(string name)
        {
            foreach (ComposedHomeOperator ho in this.homeOperators)
            {
                if (string.Equals(ho.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return ho;
                }
            }

            return null;
        }

        /// <summary>The home operator with that RS id ("ho-…"), or null.</summary>
        public ComposedHomeOperator FindHomeOperatorByRsId(string rsHomeOperatorId)
        {
            foreach (ComposedHomeOperator ho in this.homeOperators)
            {
                if (rsHomeOperatorId != null && string.Equals(ho.RsHomeOperatorId, rsHomeOperatorId, StringComparison.Ordinal))
                {
                    return ho;
                }
            }

            return null;
        }

        /// <summary>An HttpClient for baseAddress that trusts only this network's CA (caller disposes).</summary>
        public HttpClient CreateHttpClient(Uri baseAddress)
        {
            ArgumentNullException.ThrowIfNull(baseAddress);
            return new HttpClient(this.Ca.CreateHttpHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        }

        /// <summary>An RS client with token (e.g. <see cref="ManufacturerToken"/>) trusting only this network's CA (caller disposes).</summary>
        public RsClient CreateRsClient(string token) => new RsClient(this.RsAddress, token, this.Ca);

        /// <summary>Writes the CA certificate (PEM, public) to path, e.g. for `m2m serve` without a data directory.</summary>
        public void WriteCaCertificate(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            File.WriteAllText(path, this.Ca.ExportPem());
        }

        /// <summary>Stops the HOs, RS and the VO clients (in-memory state is gone afterwards). Idempotent.</summary>
        public async Task StopAsync()
        {
            if (Interlocked.Exchange(ref this.stopped, 1) != 0)
            {
                return;
            }

            foreach (ComposedHomeOperator ho in this.homeOperators)
            {
                await ho.Server.DisposeAsync().ConfigureAwait(false);
            }

            if (this.Rs != null)
            {
                await this.Rs.DisposeAsync().ConfigureAwait(false);
            }

            foreach (HttpClient client in this.clients)
            {
                client.Dispose();
            }

            this.Ca.Dispose();
        }

        /// <summary>Same as <see cref="StopAsync"/>.</summary>
        public async ValueTask DisposeAsync() => await this.StopAsync().ConfigureAwait(false);

        private async Task StartServersAsync(CancellationToken cancellationToken)
        {
            NetworkCompositionOptions options = this.Options;
            string data = options.DataDirectory;
            CompositionState state = data == null ? new CompositionState() : CompositionState.Load(data);
            if (data != null)
            {
                this.CaCertificatePath = Path.Combine(data, "pki", EmulatorCa.CertificateFileName);
            }

            state.RsAdminToken ??= Hosting.BearerToken.Generate();
            this.Rs = new RsServer(new RsServerOptions
            {
                DataDirectory = data == null ? null : Path.Combine(data, "rs"),
                PimsiRange = options.PimsiRange,
                HostName = options.RsHostName,
                Port = options.RsPort != 0 ? options.RsPort : state.RsPort,
                AdminToken = state.RsAdminToken,
                Ca = this.Ca,
                Clock = options.Clock,
                LoggerFactory = options.LoggerFactory,
                Trace = options.Trace,
            });
            await this.Rs.StartAsync(cancellationToken).ConfigureAwait(false);
            state.RsPort = this.Rs.BaseAddress.Port;
            using RsClient admin = this.CreateRsClient(this.Rs.AdminToken);
            if (state.ManufacturerToken == null)
            {
                state.ManufacturerToken = Require(await admin.RegisterManufacturerAsync(options.ManufacturerName, cancellationToken).ConfigureAwait(false), "register the manufacturer at RS").Token;
            }

            this.ManufacturerToken = state.ManufacturerToken;
            this.Save(state);

            foreach (HomeOperatorSpec spec in options.HomeOperators)
            {
                if (!state.HomeOperators.TryGetValue(spec.Name, out CompositionState.HomeOperatorState saved))
                {
                    saved = new CompositionState.HomeOperatorState { AdminToken = Hosting.BearerToken.Generate() };
                    state.HomeOperators[spec.Name] = saved;
                }

                if (data != null && spec.Port == 0 && saved.Port == 0)
                {
                    // The HO registers its URL at RS on first start and RS keeps it: fix and save the port (and admin
                    // token) first, so a kill at any point of this start leaves RS, the HO and this file agreeing.
                    saved.Port = FreeLoopbackPort();
                    this.Save(state);
                }

                var server = new HoServer(new HoServerOptions
                {
                    Name = spec.Name,
                    NafHost = spec.NafHost,
                    ImsiRange = spec.ImsiRange,
                    IccidIssuerPrefix = spec.IccidIssuerPrefix,
                    DataDirectory = data == null ? null : Path.Combine(data, "ho-" + spec.NafHost),
                    Ca = this.Ca,
                    RsBaseAddress = this.Rs.BaseAddress,
                    RsAdminToken = this.Rs.AdminToken,
                    AdminToken = saved.AdminToken,
                    Port = spec.Port != 0 ? spec.Port : saved.Port,
                    Clock = options.Clock,
                    LoggerFactory = options.LoggerFactory,
                    Trace = options.Trace,
                });
                try
                {
                    await server.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                saved.Port = server.BaseAddress.Port;
                if (saved.OwnerToken == null)
                {
                    HttpClient http = this.Client(server.BaseAddress);
                    HoRegistration owner = Require(await new HomeOperatorClient(http, server.AdminToken).RegisterOwnerAsync(spec.OwnerName, cancellationToken).ConfigureAwait(false), $"register the owner at {spec.Name}");
                    saved.OwnerId = owner.Id;
                    saved.OwnerToken = owner.Token;
                }

                this.homeOperators.Add(new ComposedHomeOperator(spec, server, saved.OwnerId, saved.OwnerToken));
                this.Save(state);
            }

            var cells = new List<CellOperator>();
            int cellId = 1;
            foreach (ComposedHomeOperator ho in this.homeOperators)
            {
                if (!ho.Spec.InCoverage)
                {
                    continue;
                }

                // The HO's own network: its subscribers are home here (TS 27.007 +CEREG stat 1); others are refused.
                string token = await this.RoamingTokenAsync(state, "home:" + ho.Name, ho.Name, ho, null, cancellationToken).ConfigureAwait(false);
                var rules = new List<SubscriberRule> { this.HomeRule(ho, token) };
                var core = new VisitedOperator(ho.Name, rules, NasCause.PlmnNotAllowed, null, VisitedLogger(options), options.Trace);
                cells.Add(new CellOperator(ho.Plmn, ho.Name, ShortName(ho.Name), 7, 24, 0, 0x2000 + cellId, 0x100000 + cellId, core));
                cellId++;
            }

            DataSessionPolicy garden = this.WalledGarden();
            foreach (VisitedOperatorSpec spec in options.VisitedOperators)
            {
                var rules = new List<SubscriberRule>();
                string rsToken = null;
                var hoTokens = new Dictionary<string, string>(StringComparer.Ordinal);
                if (spec.AcceptsPimsis)
                {
                    rsToken = await this.RoamingTokenAsync(state, spec.Name, "rs", null, admin, cancellationToken).ConfigureAwait(false);
                    var source = new RsRoamingClient(this.Client(this.Rs.BaseAddress), this.Rs.BaseAddress, rsToken);
                    PimsiRange range = options.PimsiRange;
                    rules.Add(SubscriberRule.Accept(range.Format(range.FirstMsin), range.Format(range.LastMsin), source, "rs", spec.WalledGarden));
                    this.pimsiNetworks.Add(spec.Plmn);
                }

                foreach (ComposedHomeOperator ho in this.homeOperators)
                {
                    if (spec.HomeOperators != null && !Contains(spec.HomeOperators, ho.Name))
                    {
                        continue;
                    }

                    string token = await this.RoamingTokenAsync(state, spec.Name, ho.Name, ho, null, cancellationToken).ConfigureAwait(false);
                    hoTokens[ho.Name] = token;
                    rules.Add(this.HomeRule(ho, token));
                }

                var core = new VisitedOperator(spec.Name, rules, NasCause.PlmnNotAllowed, spec.AcceptsPimsis && spec.WalledGarden ? garden : null, VisitedLogger(options), options.Trace);
                var cell = new CellOperator(spec.Plmn, spec.Name, spec.ShortName, 7, spec.Rssi, 0, 0x1000 + cellId, 0x200000 + cellId, core);
                cellId++;
                cells.Add(cell);
                this.visitedOperators.Add(new ComposedVisitedOperator(spec, cell, rsToken, hoTokens));
            }

            this.Save(state);
            try
            {
                this.Radio = new RadioEnvironment(cells);
            }
            catch (ArgumentException exception)
            {
                throw new NetworkConfigurationException(exception.Message, exception);
            }
        }

        private SubscriberRule HomeRule(ComposedHomeOperator ho, string token)
        {
            var source = new RsRoamingClient(this.Client(ho.BaseAddress), ho.BaseAddress, token);
            PimsiRange range = ho.Spec.ImsiRange;
            return SubscriberRule.Accept(range.Format(range.FirstMsin), range.Format(range.LastMsin), source, ho.Name, false);
        }

        // PIMSI data sessions may reach RS and the HOs only (ARCHITECTURE 1, phase 3), by the addresses devices use.
        private DataSessionPolicy WalledGarden()
        {
            var hosts = new List<string>();
            foreach (Uri address in this.Addresses())
            {
                hosts.Add(address.Host + ":" + address.Port);
                hosts.Add("localhost:" + address.Port);
            }

            hosts.Add(this.Options.RsHostName);
            foreach (ComposedHomeOperator ho in this.homeOperators)
            {
                hosts.Add(ho.Spec.NafHost);
            }

            return new DataSessionPolicy(hosts, 256 * 1024, TimeSpan.FromMinutes(15));
        }

        private IEnumerable<Uri> Addresses()
        {
            yield return this.Rs.BaseAddress;
            foreach (ComposedHomeOperator ho in this.homeOperators)
            {
                yield return ho.BaseAddress;
            }
        }

        private async Task<string> RoamingTokenAsync(CompositionState state, string operatorName, string at, ComposedHomeOperator ho, RsClient rsAdmin, CancellationToken cancellationToken)
        {
            if (!state.RoamingTokens.TryGetValue(operatorName, out Dictionary<string, string> tokens))
            {
                tokens = new Dictionary<string, string>(StringComparer.Ordinal);
                state.RoamingTokens[operatorName] = tokens;
            }

            if (tokens.TryGetValue(at, out string token))
            {
                return token;
            }

            string name = operatorName.StartsWith("home:", StringComparison.Ordinal) ? operatorName.Substring(5) + " radio network" : operatorName;
            if (ho == null)
            {
                token = Require(await rsAdmin.RegisterVisitedOperatorAsync(name, cancellationToken).ConfigureAwait(false), $"register {name} at RS").Token;
            }
            else
            {
                var client = new HomeOperatorClient(this.Client(ho.BaseAddress), ho.AdminToken);
                token = Require(await client.RegisterVisitedOperatorAsync(name, cancellationToken).ConfigureAwait(false), $"register {name} at {ho.Name}").Token;
            }

            tokens[at] = token;
            return token;
        }

        private HttpClient Client(Uri baseAddress)
        {
            HttpClient client = this.CreateHttpClient(baseAddress);
            this.clients.Add(client);
            return client;
        }

        private void Save(CompositionState state)
        {
            if (this.Options.DataDirectory != null)
            {
                state.Save(this.Options.DataDirectory);
            }
        }

        // The visited operators' cores log through the composition's logger factory like RS and the HOs (docs/robustness.md:
        // the secrets test captures every logger at Trace).
        private static Microsoft.Extensions.Logging.ILogger VisitedLogger(NetworkCompositionOptions options) =>
            options.LoggerFactory?.CreateLogger("M2MDevice.Emulator.Visited.VisitedOperator");

        private static int FreeLoopbackPort()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static T Require<T>(RsResult<T> result, string what)
        {
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"cannot {what}: {result.Error}");
            }

            return result.Value;
        }

        private static bool Contains(IReadOnlyList<string> names, string name)
        {
            foreach (string candidate in names)
            {
                if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static string ShortName(string name)
        {
            string upper = name.ToUpperInvariant();
            return upper.Length > 8 ? upper.Substring(0, 8) : upper;
        }
    }
}
