using System;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// One line of a visited operator's roaming policy: an IMSI range (first..last, equal lengths, inclusive)
    /// and what happens to subscribers in it: rejected with a cause, or authenticated with vectors from a
    /// source (the RS for PIMSI ranges, a home operator for its operational range), optionally inside the
    /// walled garden. The first matching rule applies.
    /// </summary>
    public sealed class SubscriberRule
    {
        private SubscriberRule(string first, string last, int rejectCause, IAuthenticationVectorSource source, string sourceName, bool walledGarden)
        {
            if (first == null || last == null || first.Length != last.Length || first.Length > 15 || !IsDigits(first) || !IsDigits(last)
                || string.CompareOrdinal(first, last) > 0)
            {
                throw new ArgumentException("an IMSI range is two digit strings of equal length (at most 15), first <= last");
            }

            First = first;
            Last = last;
            RejectCause = rejectCause;
            Source = source;
            SourceName = sourceName;
            WalledGarden = walledGarden;
        }

        /// <summary>First IMSI (or IMSI prefix) of the range.</summary>
        public string First { get; }

        /// <summary>Last IMSI (or prefix) of the range, same length as First.</summary>
        public string Last { get; }

        /// <summary>The NAS cause of a rejecting rule; 0 for an accepting one.</summary>
        public int RejectCause { get; }

        /// <summary>Where vectors come from (accepting rules).</summary>
        public IAuthenticationVectorSource Source { get; }

        /// <summary>Name of the source in the configuration (diagnostics).</summary>
        public string SourceName { get; }

        /// <summary>True when registered subscribers of this rule get the operator's walled garden.</summary>
        public bool WalledGarden { get; }

        /// <summary>Subscribers in first..last are authenticated through source.</summary>
        public static SubscriberRule Accept(string first, string last, IAuthenticationVectorSource source, string sourceName, bool walledGarden)
        {
            ArgumentNullException.ThrowIfNull(source);
            return new SubscriberRule(first, last, 0, source, sourceName ?? "source", walledGarden);
        }

        /// <summary>Subscribers in first..last are rejected with cause (1..255, TS 24.008 10.5.3.6).</summary>
        public static SubscriberRule Reject(string first, string last, int cause)
        {
            if (cause < 1 || cause > 255)
            {
                throw new ArgumentOutOfRangeException(nameof(cause));
            }

            return new SubscriberRule(first, last, cause, null, null, false);
        }

        /// <summary>True when the IMSI's first digits (as many as the range's length) lie in the range.</summary>
        public bool Matches(string imsi)
        {
            if (imsi == null || imsi.Length < First.Length)
            {
                return false;
            }

            string head = imsi.Substring(0, First.Length);
            return string.CompareOrdinal(head, First) >= 0 && string.CompareOrdinal(head, Last) <= 0;
        }

        private static bool IsDigits(string value)
        {
            foreach (char c in value)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
