using System;
using System.Collections.Generic;
using System.Globalization;
using M2MDevice.Emulator.Rs;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// What a <see cref="NetworkComposition"/> starts: the RS (PIMSI range, host name, port), the home operators and
    /// the visited operators, in memory or under a data directory. <see cref="CreateDefault"/> gives the demo network;
    /// <see cref="NetworkCompositionConfig"/> reads the same from a JSON file (docs/emulator.md). Test MCC 001 only.
    /// </summary>
    public sealed class NetworkCompositionOptions
    {
        /// <summary>Names of the default home operators, in order.</summary>
        public static readonly string[] DefaultHomeOperatorNames = { "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta" };

        /// <summary>MNCs of the default home operators (001 04 is the second visited operator's).</summary>
        private static readonly string[] DefaultHomeOperatorMncs = { "02", "03", "05", "06", "07", "08", "09", "10" };

        /// <summary>Data directory (docs/emulator.md: pki/, rs/, ho-&lt;host&gt;/, composition-state.json); null keeps everything in memory.</summary>
        public string DataDirectory { get; set; }

        /// <summary>RS host name (B-TID domain, certificate SAN).</summary>
        public string RsHostName { get; set; } = "rs.m2m.test";

        /// <summary>RS port; 0 picks a free one (with a data directory, the first port picked is kept).</summary>
        public int RsPort { get; set; }

        /// <summary>The RS PIMSI range: default MCC 001, MNC 01, MSIN 0..999999.</summary>
        public PimsiRange PimsiRange { get; set; } = new PimsiRange("001", "01", 0, 999_999);

        /// <summary>Name of the manufacturer registered at RS (its token is <see cref="NetworkComposition.ManufacturerToken"/>).</summary>
        public string ManufacturerName { get; set; } = "Demo Manufacturer";

        /// <summary>The home operators.</summary>
        public IList<HomeOperatorSpec> HomeOperators { get; } = new List<HomeOperatorSpec>();

        /// <summary>The visited operators.</summary>
        public IList<VisitedOperatorSpec> VisitedOperators { get; } = new List<VisitedOperatorSpec>();

        /// <summary>Clock of every server.</summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>Logger factory of every server; null logs nothing.</summary>
        public ILoggerFactory LoggerFactory { get; set; }

        /// <summary>
        /// Message trace shared by RS, every HO and every visited operator's core (the demo's sequence diagram; names
        /// and public identifiers only). Default <see cref="TraceRecorder.None"/>.
        /// </summary>
        public ITraceRecorder Trace { get; set; } = TraceRecorder.None;

        /// <summary>
        /// The demo network: RS with PIMSIs 001 01 MSIN 0..999999; homeOperatorCount HOs named Alpha (001 02), Beta
        /// (001 03), Gamma (001 05) ... each in coverage with its own cell; "Visited-1" (001 01) accepting PIMSIs
        /// in a walled garden and every HO's subscribers; "Visited-2" (001 04) accepting every HO's subscribers only.
        /// </summary>
        public static NetworkCompositionOptions CreateDefault(int homeOperatorCount = 2)
        {
            if (homeOperatorCount < 1 || homeOperatorCount > DefaultHomeOperatorNames.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(homeOperatorCount), $"1 to {DefaultHomeOperatorNames.Length} home operators");
            }

            var options = new NetworkCompositionOptions();
            for (int i = 0; i < homeOperatorCount; i++)
            {
                options.HomeOperators.Add(new HomeOperatorSpec
                {
                    Name = DefaultHomeOperatorNames[i],
                    ImsiRange = new PimsiRange("001", DefaultHomeOperatorMncs[i], 0, 999_999),
                });
            }

            options.VisitedOperators.Add(new VisitedOperatorSpec { Name = "Visited-1", Plmn = "00101", ShortName = "VIS1", Rssi = 22, AcceptsPimsis = true, WalledGarden = true });
            options.VisitedOperators.Add(new VisitedOperatorSpec { Name = "Visited-2", Plmn = "00104", ShortName = "VIS2", Rssi = 14, AcceptsPimsis = false });
            return options;
        }

        /// <summary>
        /// Fills defaults (NAF host, ICCID prefix, owner and short names) and checks the whole configuration:
        /// unique names, hosts and PLMNs, home-operator references, ranges that do not overlap the PIMSI range, at
        /// least one HO and one visited operator accepting PIMSIs. Throws <see cref="NetworkConfigurationException"/>.
        /// </summary>
        public void Validate()
        {
            if (this.PimsiRange == null)
            {
                throw new NetworkConfigurationException("the RS PIMSI range is required");
            }

            if (string.IsNullOrWhiteSpace(this.RsHostName))
            {
                throw new NetworkConfigurationException("the RS host name is required");
            }

            CheckPort(this.RsPort, "the RS port");
            if (this.HomeOperators.Count == 0)
            {
                throw new NetworkConfigurationException("at least one home operator is required");
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { this.RsHostName };
            var plmns = new HashSet<string>(StringComparer.Ordinal);
            foreach (HomeOperatorSpec ho in this.HomeOperators)
            {
                if (string.IsNullOrWhiteSpace(ho.Name) || ho.Name.Length > 100)
                {
                    throw new NetworkConfigurationException("every home operator needs a name (1..100 characters)");
                }

                if (!names.Add(ho.Name))
                {
                    throw new NetworkConfigurationException($"home operator '{ho.Name}': the name is used twice");
                }

                if (ho.ImsiRange == null)
                {
                    throw new NetworkConfigurationException($"home operator '{ho.Name}': the IMSI range is required");
                }

                if (ho.Plmn == this.PimsiRange.Mcc + this.PimsiRange.Mnc)
                {
                    throw new NetworkConfigurationException($"home operator '{ho.Name}': its PLMN {ho.Plmn} is the PIMSI range's; give it its own MNC");
                }

                ho.NafHost ??= ho.Name.ToLowerInvariant().Replace(' ', '-') + ".m2m.test";
                if (Uri.CheckHostName(ho.NafHost) != UriHostNameType.Dns || !hosts.Add(ho.NafHost))
                {
                    throw new NetworkConfigurationException($"home operator '{ho.Name}': the NAF host must be a unique DNS name");
                }

                ho.IccidIssuerPrefix ??= "89" + ho.ImsiRange.Mcc + ho.ImsiRange.Mnc;
                ho.OwnerName ??= "Owner at " + ho.Name;
                CheckPort(ho.Port, $"home operator '{ho.Name}': the port");
                if (ho.InCoverage && !plmns.Add(ho.Plmn))
                {
                    throw new NetworkConfigurationException($"home operator '{ho.Name}': PLMN {ho.Plmn} is used twice");
                }
            }

            bool pimsiNetwork = false;
            foreach (VisitedOperatorSpec vo in this.VisitedOperators)
            {
                if (string.IsNullOrWhiteSpace(vo.Name) || vo.Name.Length > 100)
                {
                    throw new NetworkConfigurationException("every visited operator needs a name (1..100 characters)");
                }

                if (!names.Add(vo.Name))
                {
                    throw new NetworkConfigurationException($"visited operator '{vo.Name}': the name is used twice");
                }

                if (!PimsiRange.IsDigits(vo.Plmn, 5, 6))
                {
                    throw new NetworkConfigurationException($"visited operator '{vo.Name}': plmn must be MCC (3 digits) + MNC (2 or 3 digits)");
                }

                if (!plmns.Add(vo.Plmn))
                {
                    throw new NetworkConfigurationException($"visited operator '{vo.Name}': PLMN {vo.Plmn} is used twice");
                }

                if (vo.Rssi < 0 || vo.Rssi > 31)
                {
                    throw new NetworkConfigurationException($"visited operator '{vo.Name}': rssi must be 0..31");
                }

                vo.ShortName ??= ShortNameOf(vo.Name);
                foreach (string reference in vo.HomeOperators ?? Array.Empty<string>())
                {
                    if (!this.HasHomeOperator(reference))
                    {
                        throw new NetworkConfigurationException($"visited operator '{vo.Name}': no home operator named '{reference}'");
                    }
                }

                pimsiNetwork |= vo.AcceptsPimsis;
            }

            if (!pimsiNetwork)
            {
                throw new NetworkConfigurationException("at least one visited operator must accept PIMSIs (acceptsPimsis), or no device can attach before provisioning");
            }
        }

        /// <summary>True when a home operator of that name (case-insensitive) is configured.</summary>
        public bool HasHomeOperator(string name)
        {
            foreach (HomeOperatorSpec ho in this.HomeOperators)
            {
                if (string.Equals(ho.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static void CheckPort(int port, string what)
        {
            if (port < 0 || port > 65535)
            {
                throw new NetworkConfigurationException(what + " must be 0..65535 (0: any free port)");
            }
        }

        private static string ShortNameOf(string name)
        {
            var letters = new System.Text.StringBuilder();
            foreach (char c in name.ToUpper(CultureInfo.InvariantCulture))
            {
                if (char.IsAsciiLetterOrDigit(c) && letters.Length < 8)
                {
                    letters.Append(c);
                }
            }

            return letters.Length == 0 ? "VO" : letters.ToString();
        }
    }
}
