using System;
using System.Collections.Generic;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>What `m2m serve` prints that a client needs: the CA path, RS URL and tokens, each HO's URL, RS id, NAF host and tokens.</summary>
    internal sealed record ServeEndpoints(string CaPath, Uri Rs, string RsAdminToken, string ManufacturerToken, IReadOnlyList<ServeEndpoints.HomeOperator> HomeOperators)
    {
        /// <summary>Parses the lines printed up to "Press Ctrl+C to stop." (docs/emulator.md, `m2m serve`).</summary>
        public static ServeEndpoints Parse(IReadOnlyList<string> lines)
        {
            string ca = null;
            Uri rs = null;
            string rsAdmin = null;
            string manufacturer = null;
            var homeOperators = new List<HomeOperator>();
            HomeOperator current = null;
            foreach (string line in lines)
            {
                if (line.StartsWith("CA certificate: ", StringComparison.Ordinal))
                {
                    ca = line.Substring("CA certificate: ".Length).Trim();
                }
                else if (line.StartsWith("RS: ", StringComparison.Ordinal))
                {
                    rs = new Uri(Word(line, 1));
                }
                else if (line.StartsWith("RS admin token: ", StringComparison.Ordinal))
                {
                    rsAdmin = Word(line, 3);
                }
                else if (line.StartsWith("Manufacturer token: ", StringComparison.Ordinal))
                {
                    manufacturer = Word(line, 2);
                }
                else if (line.StartsWith("HO ", StringComparison.Ordinal))
                {
                    // HO Alpha: https://127.0.0.1:33257/  PLMN 00102  RS id ho-5f2bda2fe226  NAF host alpha.m2m.test
                    string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    current = new HomeOperator(words[1].TrimEnd(':'), new Uri(words[2]), words[7], words[10]);
                    homeOperators.Add(current);
                }
                else if (current != null && line.StartsWith("  admin token: ", StringComparison.Ordinal))
                {
                    current.AdminToken = Word(line, 2);
                }
                else if (current != null && line.StartsWith("  owner token: ", StringComparison.Ordinal))
                {
                    current.OwnerToken = Word(line, 2);
                }
            }

            Assert.True(ca != null && rs != null && rsAdmin != null && manufacturer != null && homeOperators.Count > 0, "m2m serve did not print its endpoints:\n" + string.Join('\n', lines));
            return new ServeEndpoints(ca, rs, rsAdmin, manufacturer, homeOperators);
        }

        private static string Word(string line, int index) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[index];

        /// <summary>One home operator as printed.</summary>
        internal sealed class HomeOperator
        {
            public HomeOperator(string name, Uri address, string rsId, string nafHost)
            {
                this.Name = name;
                this.Address = address;
                this.RsId = rsId;
                this.NafHost = nafHost;
            }

            public string Name { get; }

            public Uri Address { get; }

            public string RsId { get; }

            public string NafHost { get; }

            public string AdminToken { get; set; }

            public string OwnerToken { get; set; }

            /// <summary>Same URL, RS id and tokens (a restart must keep them).</summary>
            public bool SameAs(HomeOperator other) =>
                other != null && this.Name == other.Name && this.Address == other.Address && this.RsId == other.RsId && this.AdminToken == other.AdminToken && this.OwnerToken == other.OwnerToken;
        }
    }
}
