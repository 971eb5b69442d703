using System;
using System.Text.RegularExpressions;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// The logging redaction rule of every server (ARCHITECTURE 6: never log K, OPc, CK, IK, RES, Ks or SQN).
    /// Code never passes those values to a logger; this is the second line of defence applied to every formatted
    /// message by <see cref="RedactingLoggerFactory"/>: values of secret-named fields ("k", "opc", "ck", "ik",
    /// "res", "xres", "ks", "ksNaf", "sqn", "auts", "token", ...) and any run of 16 or more hexadecimal digits
    /// are replaced by "[redacted]".
    /// </summary>
    public static partial class LogRedaction
    {
        /// <summary>The replacement text.</summary>
        public const string Replacement = "[redacted]";

        /// <summary>Returns <paramref name="message"/> with secrets replaced.</summary>
        public static string Redact(string message)
        {
            if (string.IsNullOrEmpty(message))
            {
                return message;
            }

            string redacted = SecretField().Replace(message, m => m.Groups["prefix"].Value + Replacement);
            return LongHex().Replace(redacted, Replacement);
        }

        [GeneratedRegex("(?<prefix>\"?\\b(?:k|opc|op|topc|ck|ik|res|xres|ks|ksNaf|ks_naf|sqn|sqnMs|seqHe|auts|token|kc|sres)\\b\"?\\s*[:=]\\s*)(?:\"[^\"]*\"|[^\\s,;}\"]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex SecretField();

        [GeneratedRegex("\\b[0-9A-Fa-f]{16,}\\b", RegexOptions.CultureInvariant)]
        private static partial Regex LongHex();
    }
}
