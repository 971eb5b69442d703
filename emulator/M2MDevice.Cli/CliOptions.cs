using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace M2MDevice.Cli
{
    /// <summary>
    /// Option factories shared by every command group: hex byte strings, 48-bit sequence numbers and
    /// small integers, each validated while parsing so that a bad value becomes one parse error naming
    /// the option (never echoing the value, which may be a key).
    /// </summary>
    public static class CliOptions
    {
        /// <summary>Text of the error for an option followed by another option instead of its value.</summary>
        public const string MissingValueMessage = "value missing";

        /// <summary>The largest 48-bit sequence number (TS 33.102 6.3.2: SQN is 48 bits).</summary>
        public const long MaximumSqn = (1L << 48) - 1;

        /// <summary>An option holding bytes written as hex; lengths (in bytes) empty means any non-empty length.</summary>
        public static Option<byte[]> Hex(string name, string description, params int[] lengths)
        {
            Option<byte[]> option = new Option<byte[]>(name)
            {
                Description = description,
                HelpName = "hex",

                // byte[] would otherwise make System.CommandLine take every following token as a value.
                Arity = ArgumentArity.ExactlyOne,
            };
            option.CustomParser = result => ParseHexToken(result, name, lengths);
            return option;
        }

        /// <summary>An option holding a 48-bit SQN, decimal or 0x-prefixed hex.</summary>
        public static Option<long> Sqn(string name, string description)
        {
            Option<long> option = new Option<long>(name)
            {
                Description = description,
                HelpName = "N",
            };
            option.CustomParser = result =>
            {
                string text = SingleToken(result);
                if (IsOptionToken(result, name, text))
                {
                    return default;
                }

                if (!TryParseNumber(text, out long value, out string problem))
                {
                    result.AddError($"{name}: {problem}");
                    return 0;
                }

                if (value > MaximumSqn)
                {
                    result.AddError($"{name}: out of range, SQN is 48 bits (0 to {MaximumSqn})");
                    return 0;
                }

                return value;
            };
            return option;
        }

        /// <summary>An option holding an integer from a fixed set of allowed values, with a default.</summary>
        public static Option<int> OneOf(string name, string description, int defaultValue, params int[] allowed)
        {
            Option<int> option = new Option<int>(name)
            {
                Description = $"{description} (one of {string.Join(", ", allowed)})",
                HelpName = "N",
                DefaultValueFactory = _ => defaultValue,
            };
            option.CustomParser = result =>
            {
                string text = SingleToken(result);
                if (IsOptionToken(result, name, text))
                {
                    return default;
                }

                if (!TryParseNumber(text, out long value, out string problem))
                {
                    result.AddError($"{name}: {problem}");
                    return defaultValue;
                }

                if (Array.IndexOf(allowed, (int)Math.Min(value, int.MaxValue)) < 0)
                {
                    result.AddError($"{name}: must be one of {string.Join(", ", allowed)}");
                    return defaultValue;
                }

                return (int)value;
            };
            return option;
        }

        /// <summary>An option holding an integer in [minimum, maximum], with a default.</summary>
        public static Option<int> Range(string name, string description, int defaultValue, int minimum, int maximum)
        {
            Option<int> option = new Option<int>(name)
            {
                Description = $"{description} ({minimum} to {maximum})",
                HelpName = "N",
                DefaultValueFactory = _ => defaultValue,
            };
            option.CustomParser = result =>
            {
                string text = SingleToken(result);
                if (IsOptionToken(result, name, text))
                {
                    return default;
                }

                if (!TryParseNumber(text, out long value, out string problem))
                {
                    result.AddError($"{name}: {problem}");
                    return defaultValue;
                }

                if (value < minimum || value > maximum)
                {
                    result.AddError($"{name}: out of range ({minimum} to {maximum})");
                    return defaultValue;
                }

                return (int)value;
            };
            return option;
        }

        /// <summary>True when the option was written on the command line (not merely defaulted).</summary>
        public static bool IsGiven(ParseResult parseResult, Option option)
        {
            OptionResult result = parseResult.GetResult(option);
            return result != null && !result.Implicit;
        }

        /// <summary>
        /// Parses a non-negative integer written in decimal or as 0x-prefixed hex; on failure the problem
        /// is a short phrase safe to print (it never contains the text).
        /// </summary>
        public static bool TryParseNumber(string text, out long value, out string problem)
        {
            value = 0;
            problem = null;
            string trimmed = text == null ? string.Empty : text.Trim();
            if (trimmed.Length == 0)
            {
                problem = "a number is required";
                return false;
            }

            bool isHex = trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            string digits = isHex ? trimmed.Substring(2) : trimmed;
            NumberStyles style = isHex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
            if (digits.Length == 0 || !long.TryParse(digits, style, CultureInfo.InvariantCulture, out value))
            {
                // A hex value with the top bit set parses as negative; long.TryParse fails on overflow.
                problem = isHex ? "not a hex number (expected 0x followed by hex digits)" : "not a number (expected decimal digits or 0x-prefixed hex)";
                value = 0;
                return false;
            }

            if (value < 0 || digits.Length > 16)
            {
                problem = "out of range";
                value = 0;
                return false;
            }

            return true;
        }

        /// <summary>Parses hex (upper or lower case, no separators, optional 0x prefix) into bytes; false on bad input.</summary>
        public static bool TryParseHex(string text, out byte[] bytes, out string problem)
        {
            bytes = null;
            problem = null;
            string digits = text == null ? string.Empty : text.Trim();
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                digits = digits.Substring(2);
            }

            if (digits.Length == 0)
            {
                problem = "hex value is empty";
                return false;
            }

            if ((digits.Length & 1) != 0)
            {
                problem = $"odd number of hex digits ({digits.Length})";
                return false;
            }

            for (int i = 0; i < digits.Length; i++)
            {
                if (!Uri.IsHexDigit(digits[i]))
                {
                    problem = $"not hex (character {i + 1} is not 0-9, a-f)";
                    return false;
                }
            }

            bytes = Convert.FromHexString(digits);
            return true;
        }

        /// <summary>Lowercase hex of bytes, the only form every command prints.</summary>
        public static string ToHex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

        /// <summary>Lowercase hex of count bytes at offset.</summary>
        public static string ToHex(byte[] bytes, int offset, int count) =>
            Convert.ToHexString(bytes, offset, count).ToLowerInvariant();

        /// <summary>"16 bytes (32 hex digits)" or "16 or 32 bytes" for error messages.</summary>
        public static string DescribeLengths(int[] lengths)
        {
            if (lengths.Length == 1)
            {
                return $"{lengths[0]} bytes ({lengths[0] * 2} hex digits)";
            }

            string[] parts = new string[lengths.Length];
            for (int i = 0; i < lengths.Length; i++)
            {
                parts[i] = lengths[i].ToString(CultureInfo.InvariantCulture);
            }

            return string.Join(", ", parts, 0, parts.Length - 1) + " or " + parts[parts.Length - 1] + " bytes";
        }

        private static byte[] ParseHexToken(ArgumentResult result, string name, int[] lengths)
        {
            string text = SingleToken(result);
            if (IsOptionToken(result, name, text))
            {
                return null;
            }

            if (!TryParseHex(text, out byte[] bytes, out string problem))
            {
                result.AddError($"{name}: {problem}");
                return null;
            }

            if (lengths.Length > 0 && Array.IndexOf(lengths, bytes.Length) < 0)
            {
                result.AddError($"{name}: must be {DescribeLengths(lengths)}, got {bytes.Length} bytes");
                return null;
            }

            return bytes;
        }

        /// <summary>`--k --opc ...`: System.CommandLine hands the next option to --k as its value.</summary>
        internal static bool IsOptionToken(ArgumentResult result, string name, string text)
        {
            if (!text.StartsWith("--", StringComparison.Ordinal))
            {
                return false;
            }

            result.AddError($"{name}: {MissingValueMessage} (found option '{text}')");
            return true;
        }

        internal static string SingleToken(ArgumentResult result) =>
            result.Tokens.Count == 0 ? string.Empty : result.Tokens[result.Tokens.Count - 1].Value;
    }
}
