using System;
using System.Globalization;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// The preliminary IMSI (PIMSI) range of an RS: MCC and MNC of its PLMN plus a range of MSINs (TS 23.003 2.2:
    /// IMSI = MCC (3 digits) || MNC (2 or 3) || MSIN, at most 15 digits). MSINs are zero-padded to
    /// <see cref="MsinDigits"/> digits.
    /// </summary>
    public sealed class PimsiRange
    {
        /// <summary>Creates a range; throws ArgumentException for malformed codes or an empty or oversized range.</summary>
        public PimsiRange(string mcc, string mnc, long firstMsin, long lastMsin, int msinDigits = 0)
        {
            if (!IsDigits(mcc, 3, 3))
            {
                throw new ArgumentException("MCC must be 3 digits", nameof(mcc));
            }

            if (!IsDigits(mnc, 2, 3))
            {
                throw new ArgumentException("MNC must be 2 or 3 digits", nameof(mnc));
            }

            // TS 23.003 2.2: the IMSI is at most 15 digits.
            int digits = msinDigits == 0 ? 15 - mcc.Length - mnc.Length : msinDigits;
            if (digits < 1 || mcc.Length + mnc.Length + digits > 15)
            {
                throw new ArgumentOutOfRangeException(nameof(msinDigits));
            }

            long limit = (long)Math.Pow(10, digits) - 1;
            if (firstMsin < 0 || lastMsin < firstMsin || lastMsin > limit)
            {
                throw new ArgumentOutOfRangeException(nameof(lastMsin), "the MSIN range must be non-empty and fit the MSIN digits");
            }

            this.Mcc = mcc;
            this.Mnc = mnc;
            this.FirstMsin = firstMsin;
            this.LastMsin = lastMsin;
            this.MsinDigits = digits;
        }

        /// <summary>Mobile country code, 3 digits.</summary>
        public string Mcc { get; }

        /// <summary>Mobile network code, 2 or 3 digits.</summary>
        public string Mnc { get; }

        /// <summary>First MSIN of the range.</summary>
        public long FirstMsin { get; }

        /// <summary>Last MSIN of the range (inclusive).</summary>
        public long LastMsin { get; }

        /// <summary>Digits of each MSIN.</summary>
        public int MsinDigits { get; }

        /// <summary>Number of PIMSIs in the range.</summary>
        public long Size => this.LastMsin - this.FirstMsin + 1;

        /// <summary>The IMSI of <paramref name="msin"/>.</summary>
        public string Format(long msin)
        {
            return this.Mcc + this.Mnc + msin.ToString(CultureInfo.InvariantCulture).PadLeft(this.MsinDigits, '0');
        }

        /// <summary>True when <paramref name="imsi"/> is a well-formed IMSI inside this range.</summary>
        public bool Contains(string imsi)
        {
            if (imsi == null || imsi.Length != this.Mcc.Length + this.Mnc.Length + this.MsinDigits || !IsDigits(imsi, 6, 15))
            {
                return false;
            }

            if (!imsi.StartsWith(this.Mcc + this.Mnc, StringComparison.Ordinal))
            {
                return false;
            }

            long msin = long.Parse(imsi.AsSpan(this.Mcc.Length + this.Mnc.Length), NumberStyles.None, CultureInfo.InvariantCulture);
            return msin >= this.FirstMsin && msin <= this.LastMsin;
        }

        /// <summary>
        /// The IMPI of a PIMSI (TS 23.003 13.3): "&lt;IMSI&gt;@ims.mnc&lt;MNC&gt;.mcc&lt;MCC&gt;.3gppnetwork.org", a 2-digit
        /// MNC padded with a leading zero.
        /// </summary>
        public string ImpiOf(string imsi)
        {
            return imsi + "@ims.mnc" + this.Mnc.PadLeft(3, '0') + ".mcc" + this.Mcc + ".3gppnetwork.org";
        }

        /// <summary>True when every character of <paramref name="text"/> is an ASCII digit and its length is within bounds.</summary>
        public static bool IsDigits(string text, int minLength, int maxLength)
        {
            if (text == null || text.Length < minLength || text.Length > maxLength)
            {
                return false;
            }

            foreach (char c in text)
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
