using System;
using System.Collections.Generic;
using System.Globalization;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// What a registered subscriber's data sessions may reach. A PIMSI gets a walled garden (ARCHITECTURE 1,
    /// phase 3): only the allowed hosts (RS, home operators), at most MaxBytes per attach and for at most
    /// MaxDuration after the attach; operational IMSIs are unrestricted.
    /// </summary>
    public sealed class DataSessionPolicy
    {
        private readonly HashSet<string> allowedHosts;

        /// <summary>A walled garden: hosts as "host" (any port) or "host:port", case-insensitive.</summary>
        public DataSessionPolicy(IEnumerable<string> allowedHosts, long maxBytes, TimeSpan maxDuration)
        {
            ArgumentNullException.ThrowIfNull(allowedHosts);
            if (maxBytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes));
            }

            if (maxDuration < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(maxDuration));
            }

            this.allowedHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string host in allowedHosts)
            {
                if (string.IsNullOrWhiteSpace(host))
                {
                    throw new ArgumentException("empty allowed host", nameof(allowedHosts));
                }

                this.allowedHosts.Add(host.Trim());
            }

            MaxBytes = maxBytes;
            MaxDuration = maxDuration;
            IsWalledGarden = true;
        }

        private DataSessionPolicy()
        {
            allowedHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>No restriction (operational subscriptions).</summary>
        public static DataSessionPolicy Unrestricted { get; } = new DataSessionPolicy();

        /// <summary>True when hosts, bytes and time are limited.</summary>
        public bool IsWalledGarden { get; }

        /// <summary>Bytes (request and response bodies) allowed per attach; 0 = no byte limit.</summary>
        public long MaxBytes { get; }

        /// <summary>Time allowed after the attach; zero = no time limit.</summary>
        public TimeSpan MaxDuration { get; }

        /// <summary>The allowed hosts as configured.</summary>
        public IReadOnlyCollection<string> AllowedHosts => allowedHosts;

        /// <summary>True when a session may connect to host:port.</summary>
        public bool AllowsHost(string host, int port)
        {
            ArgumentNullException.ThrowIfNull(host);
            if (!IsWalledGarden)
            {
                return true;
            }

            string bare = host.Trim('[', ']');
            return allowedHosts.Contains(bare) || allowedHosts.Contains(bare + ":" + port.ToString(CultureInfo.InvariantCulture))
                || allowedHosts.Contains("[" + bare + "]:" + port.ToString(CultureInfo.InvariantCulture));
        }
    }
}
