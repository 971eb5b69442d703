using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// Parsed CA files shared by every modem of the process, keyed by the SHA-256 of the file's bytes (issue 8): a fleet
    /// uploads the same RS and HO anchors to thousands of modems, and parsing them again for every HTTP action (and
    /// finalizing the certificates afterwards) cost more than the rest of the request. The collections are read-only
    /// after loading; at most <see cref="Capacity"/> files are kept, others are parsed each time.
    /// </summary>
    internal static class TrustAnchorCache
    {
        public const int Capacity = 64;

        private static readonly ConcurrentDictionary<string, X509Certificate2Collection> Parsed = new ConcurrentDictionary<string, X509Certificate2Collection>(StringComparer.Ordinal);

        /// <summary>The anchors of file, from the cache or from load(file).</summary>
        public static X509Certificate2Collection GetOrLoad(byte[] file, Func<byte[], X509Certificate2Collection> load)
        {
            ArgumentNullException.ThrowIfNull(file);
            ArgumentNullException.ThrowIfNull(load);
            string key = Convert.ToHexString(SHA256.HashData(file));
            if (Parsed.TryGetValue(key, out X509Certificate2Collection anchors))
            {
                return anchors;
            }

            anchors = load(file);
            if (Parsed.Count < Capacity)
            {
                anchors = Parsed.GetOrAdd(key, anchors);
            }

            return anchors;
        }
    }
}
