using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace M2MDevice.Emulator.Tests.Secrets
{
    /// <summary>
    /// Issue 7 part 4: the secret values of one run (K, OPc, CK, IK, RES, Ks, Ks_NAF, SQN) and the ways each could show
    /// up in text: hex in either case (searched case-insensitively), hex with ':', '-' or ' ' between bytes, base64 and
    /// base64url at each of the three byte alignments (the characters that depend on the secret alone, so a secret inside
    /// a longer encoded blob is found too), and for an SQN its decimal value and its SEQ's. A decimal of fewer than six
    /// digits is a leak only right after a word naming an SQN ("SQN", "SEQ_MS", "SEQ_HE"; a bare "37" is every port and
    /// counter); raw bytes are searched in
    /// binary captures (the AT transcript).
    /// </summary>
    public sealed class SecretSet
    {
        // Words that name an SQN or its SEQ (TS 33.102 C.1: SEQ_HE, SEQ_MS). A bare "seq" is the profile sequence number
        // of the HO's package in the trace ("seq 1"), a public counter, so it does not count.
        private const string SqnWords = "(sqn|seq[ _]?he|seq[ _]?ms|seqhe|seqms)";

        private readonly List<Secret> secrets = new List<Secret>();

        /// <summary>Names of the secrets held.</summary>
        public IReadOnlyList<string> Names => this.secrets.Select(s => s.Name).ToList();

        /// <summary>Number of secrets held.</summary>
        public int Count => this.secrets.Count;

        /// <summary>Adds a byte secret (ignored when null or all zero, which is no secret).</summary>
        public void Add(string name, byte[] value)
        {
            if (value == null || value.All(b => b == 0))
            {
                return;
            }

            if (this.secrets.Any(s => s.Value.AsSpan().SequenceEqual(value)))
            {
                return;
            }

            this.secrets.Add(new Secret(name, (byte[])value.Clone(), false));
        }

        /// <summary>Adds an SQN (6 bytes): also searched as decimal SQN and SEQ.</summary>
        public void AddSqn(string name, byte[] sqn)
        {
            if (sqn == null || sqn.Length != 6 || sqn.All(b => b == 0))
            {
                return;
            }

            int known = this.secrets.FindIndex(s => s.Value.AsSpan().SequenceEqual(sqn));
            if (known >= 0)
            {
                // The same value under its first name (two devices' first SQNs are equal: SEQ 1 of the same IND).
                this.secrets[known] = this.secrets[known] with { IsSqn = true };
                return;
            }

            this.secrets.Add(new Secret(name, (byte[])sqn.Clone(), true));
        }

        /// <summary>True when a secret with that exact value is held.</summary>
        public bool Contains(byte[] value) => this.secrets.Any(s => s.Value.AsSpan().SequenceEqual(value));

        /// <summary>Every textual form of every secret, as (secret name, encoding, text), for the self-check.</summary>
        public IEnumerable<(string Name, string Encoding, string Text)> Forms()
        {
            foreach (Secret secret in this.secrets)
            {
                foreach ((string encoding, string text) in TextForms(secret.Value))
                {
                    yield return (secret.Name, encoding, text);
                }

                if (secret.IsSqn)
                {
                    yield return (secret.Name, "decimal SQN", "SQN=" + ToDecimal(secret.Value));
                    yield return (secret.Name, "decimal SEQ", "SEQ_MS " + (ToDecimal(secret.Value) >> 5).ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        /// <summary>Leaks in text: "secret name as encoding in source", empty when none.</summary>
        public List<string> FindIn(string source, string text, Func<string, bool> except = null)
        {
            var leaks = new List<string>();
            foreach (Secret secret in this.secrets)
            {
                if (except != null && except(secret.Name))
                {
                    continue;
                }

                foreach ((string encoding, string form) in TextForms(secret.Value))
                {
                    StringComparison comparison = encoding.StartsWith("hex", StringComparison.Ordinal) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                    if (text.Contains(form, comparison))
                    {
                        leaks.Add($"{secret.Name} as {encoding} in {source}");
                    }
                }

                if (secret.IsSqn)
                {
                    ulong sqn = ToDecimal(secret.Value);
                    if (DecimalLeak(text, sqn))
                    {
                        leaks.Add($"{secret.Name} as decimal SQN in {source}");
                    }

                    if (DecimalLeak(text, sqn >> 5))
                    {
                        leaks.Add($"{secret.Name} as decimal SEQ in {source}");
                    }
                }
            }

            return leaks;
        }

        /// <summary>Leaks in binary data (the raw bytes of a secret), skipping the secrets except names.</summary>
        public List<string> FindInBytes(string source, byte[] data, Func<string, bool> except = null)
        {
            var leaks = new List<string>();
            foreach (Secret secret in this.secrets)
            {
                if ((except == null || !except(secret.Name)) && data.AsSpan().IndexOf(secret.Value) >= 0)
                {
                    leaks.Add($"{secret.Name} as raw bytes in {source}");
                }
            }

            return leaks;
        }

        /// <summary>The value of a secret by name (for positive controls).</summary>
        public byte[] ValueOf(string name) => this.secrets.First(s => s.Name == name).Value;

        private static ulong ToDecimal(byte[] value)
        {
            ulong result = 0;
            foreach (byte b in value)
            {
                result = (result << 8) | b;
            }

            return result;
        }

        private static bool DecimalLeak(string text, ulong value)
        {
            string digits = value.ToString(CultureInfo.InvariantCulture);
            if (digits.Length >= 6)
            {
                return Regex.IsMatch(text, "(?<![0-9])" + digits + "(?![0-9])");
            }

            return Regex.IsMatch(text, "(?i)" + SqnWords + "[^0-9\\n]{0,24}(?<![0-9])" + digits + "(?![0-9])");
        }

        private static IEnumerable<(string Encoding, string Text)> TextForms(byte[] value)
        {
            string hex = Convert.ToHexString(value);
            yield return ("hex", hex);
            foreach (string separator in new[] { ":", "-", " ", ", 0x" })
            {
                yield return ($"hex with '{separator}'", string.Join(separator, value.Select(b => b.ToString("X2", CultureInfo.InvariantCulture))));
            }

            for (int shift = 0; shift < 3; shift++)
            {
                byte[] shifted = new byte[shift + value.Length];
                value.CopyTo(shifted, shift);
                string encoded = Convert.ToBase64String(shifted);

                // Character i carries bits 6i .. 6i+5; keep those that come from the secret's bytes only.
                int first = ((8 * shift) + 5) / 6;
                int last = ((8 * (shift + value.Length)) / 6) - 1;
                string core = encoded.Substring(first, last - first + 1);
                yield return ($"base64 (offset {shift})", core);
                yield return ($"base64url (offset {shift})", core.Replace('+', '-').Replace('/', '_'));
            }
        }

        private sealed record Secret(string Name, byte[] Value, bool IsSqn);
    }
}
