using System;
using System.Globalization;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Ho
{
    /// <summary>
    /// ICCIDs a home operator issues (ITU-T E.118, TS 102 221 13.2 EF_ICCID): issuer prefix ("89" major industry
    /// identifier, country code, issuer identifier) || zero-padded serial || one Luhn check digit (E.118 / ISO/IEC 7812-1).
    /// </summary>
    public static class Iccid
    {
        /// <summary>Shortest ICCID accepted by the package body (docs/protocol.md tag 0x39).</summary>
        public const int MinLength = 18;

        /// <summary>Longest ICCID: 19 digits plus the check digit (ITU-T E.118).</summary>
        public const int MaxLength = 20;

        /// <summary>The Luhn check digit of <paramref name="digits"/> (the ICCID without its last digit).</summary>
        public static int CheckDigit(string digits)
        {
            if (!PimsiRange.IsDigits(digits, 1, MaxLength))
            {
                throw new ArgumentException("digits only", nameof(digits));
            }

            // ISO/IEC 7812-1 Annex B (Luhn): from the rightmost payload digit leftwards, double every other digit.
            int sum = 0;
            bool doubled = true;
            for (int i = digits.Length - 1; i >= 0; i--)
            {
                int digit = digits[i] - '0';
                if (doubled)
                {
                    digit *= 2;
                    if (digit > 9)
                    {
                        digit -= 9;
                    }
                }

                sum += digit;
                doubled = !doubled;
            }

            return (10 - (sum % 10)) % 10;
        }

        /// <summary>True when <paramref name="iccid"/> is 18 to 20 digits starting "89" with a correct Luhn check digit.</summary>
        public static bool IsValid(string iccid)
        {
            return PimsiRange.IsDigits(iccid, MinLength, MaxLength)
                && iccid.StartsWith("89", StringComparison.Ordinal)
                && CheckDigit(iccid.Substring(0, iccid.Length - 1)) == iccid[^1] - '0';
        }

        /// <summary>
        /// prefix || serial (zero-padded) || check digit, <paramref name="length"/> digits in all. ArgumentException
        /// when the prefix is not digits starting "89" or the serial does not fit.
        /// </summary>
        public static string Build(string prefix, long serial, int length)
        {
            CheckLayout(prefix, length);
            int serialDigits = length - 1 - prefix.Length;
            string text = serial.ToString(CultureInfo.InvariantCulture);
            if (serial < 0 || text.Length > serialDigits)
            {
                throw new ArgumentOutOfRangeException(nameof(serial), "the serial does not fit the ICCID");
            }

            string payload = prefix + text.PadLeft(serialDigits, '0');
            return payload + (char)('0' + CheckDigit(payload));
        }

        /// <summary>Largest serial an ICCID of <paramref name="length"/> digits with this prefix can carry.</summary>
        public static long MaxSerial(string prefix, int length)
        {
            CheckLayout(prefix, length);
            return (long)Math.Pow(10, length - 1 - prefix.Length) - 1;
        }

        private static void CheckLayout(string prefix, int length)
        {
            if (length < MinLength || length > MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "an ICCID is 18 to 20 digits");
            }

            // ITU-T E.118: major industry identifier 89 (telecommunications); at least 4 serial digits remain.
            if (!PimsiRange.IsDigits(prefix, 2, length - 5) || !prefix.StartsWith("89", StringComparison.Ordinal))
            {
                throw new ArgumentException("the ICCID issuer prefix is digits starting with 89, leaving at least 4 serial digits", nameof(prefix));
            }
        }
    }
}
