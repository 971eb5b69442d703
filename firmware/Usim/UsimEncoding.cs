using System;

namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// Encodings of the USIM files that carry identities and PLMNs: EF_IMSI (TS 31.102 4.2.2),
    /// EF_ICCID (TS 102 221 13.2), the 3-byte PLMN of TS 24.008 10.5.1.3 used by EF_FPLMN, EF_EHPLMN,
    /// EF_LOCI and the PLMN-with-AcT lists (TS 31.102 4.2.5), EF_AD (TS 31.102 4.2.18), EF_LOCI
    /// (TS 31.102 4.2.17) and dialling numbers (TS 31.102 4.2.26, TS 24.008 10.5.4.7).
    /// Digits are strings of '0'..'9'; encoders throw ArgumentException on a malformed input (a
    /// programming error of the caller), decoders return false on malformed bytes.
    /// </summary>
    public static class UsimEncoding
    {
        /// <summary>Size of EF_IMSI in bytes (TS 31.102 4.2.2).</summary>
        public const int ImsiFileLength = 9;

        /// <summary>Size of EF_ICCID in bytes (TS 102 221 13.2).</summary>
        public const int IccidFileLength = 10;

        /// <summary>Size of one encoded PLMN in bytes (TS 24.008 10.5.1.3).</summary>
        public const int PlmnLength = 3;

        /// <summary>Size of one PLMN-with-access-technology entry in bytes (TS 31.102 4.2.5).</summary>
        public const int PlmnWithActLength = 5;

        /// <summary>Size of EF_LOCI in bytes (TS 31.102 4.2.17).</summary>
        public const int LociLength = 11;

        /// <summary>Size of the dialling number part of an EF_MSISDN record (TS 31.102 4.2.26): length, TON/NPI, 10 BCD bytes, CCP2, Ext5.</summary>
        public const int DiallingNumberLength = 14;

        /// <summary>
        /// Writes EF_IMSI (9 bytes) for an IMSI of 6 to 15 digits. TS 31.102 4.2.2: byte 1 = number of
        /// following bytes; byte 2 = first digit in the high nibble, parity in the low nibble (9 odd,
        /// 1 even digit count); then two digits per byte, low nibble first; unused bytes 'FF'.
        /// </summary>
        public static void EncodeImsi(string imsi, byte[] buffer, int offset)
        {
            RequireDigits(imsi, 6, 15, nameof(imsi));
            CheckSpace(buffer, offset, ImsiFileLength);
            int digits = imsi.Length;
            for (int i = 0; i < ImsiFileLength; i++)
            {
                buffer[offset + i] = 0xFF;
            }

            buffer[offset] = (byte)((digits + 2) / 2);

            // Nibble stream: parity nibble, then the digits; an even count ends with an 'F' filler.
            int nibbleCount = digits + 1;
            for (int n = 0; n < nibbleCount + (nibbleCount & 1); n++)
            {
                int value;
                if (n == 0)
                {
                    value = (digits & 1) == 1 ? 0x9 : 0x1;
                }
                else if (n <= digits)
                {
                    value = imsi[n - 1] - '0';
                }
                else
                {
                    value = 0xF;
                }

                SetNibble(buffer, offset + 1, n, value);
            }
        }

        /// <summary>Decodes EF_IMSI at buffer[offset] (9 bytes); false when it is empty or malformed.</summary>
        public static bool TryDecodeImsi(byte[] buffer, int offset, out string imsi)
        {
            imsi = null;
            if (buffer == null || offset < 0 || offset > buffer.Length - ImsiFileLength)
            {
                return false;
            }

            int length = buffer[offset];
            if (length < 4 || length > 8)
            {
                return false;
            }

            int parity = buffer[offset + 1] & 0x0F;
            if (parity != 0x1 && parity != 0x9)
            {
                return false;
            }

            // TS 31.102 4.2.2: 2*length - 1 nibbles carry digits; the last is 'F' when the count is even.
            int digits = (length * 2) - 1;
            if (parity == 0x1)
            {
                digits--;
                if (GetNibble(buffer, offset + 1, digits + 1) != 0xF)
                {
                    return false;
                }
            }

            char[] chars = new char[digits];
            for (int i = 0; i < digits; i++)
            {
                int value = GetNibble(buffer, offset + 1, i + 1);
                if (value > 9)
                {
                    return false;
                }

                chars[i] = (char)('0' + value);
            }

            imsi = new string(chars);
            return true;
        }

        /// <summary>
        /// Writes EF_ICCID (10 bytes) for an ICCID of up to 20 digits: TS 102 221 13.2, BCD with the
        /// nibbles of each byte swapped, padded with 'F'.
        /// </summary>
        public static void EncodeIccid(string iccid, byte[] buffer, int offset)
        {
            RequireDigits(iccid, 1, 20, nameof(iccid));
            CheckSpace(buffer, offset, IccidFileLength);
            EncodeSwappedBcd(iccid, buffer, offset, IccidFileLength);
        }

        /// <summary>Decodes EF_ICCID at buffer[offset] (10 bytes): digits up to the first 'F' filler.</summary>
        public static bool TryDecodeIccid(byte[] buffer, int offset, out string iccid)
        {
            return TryDecodeSwappedBcd(buffer, offset, IccidFileLength, out iccid);
        }

        /// <summary>
        /// Writes a PLMN (3 bytes). TS 24.008 10.5.1.3: byte 1 = MCC2 MCC1, byte 2 = MNC3 MCC3 (MNC3 'F'
        /// for a 2-digit MNC), byte 3 = MNC2 MNC1 (high nibble first in each pair).
        /// </summary>
        public static void EncodePlmn(string mcc, string mnc, byte[] buffer, int offset)
        {
            RequireDigits(mcc, 3, 3, nameof(mcc));
            RequireDigits(mnc, 2, 3, nameof(mnc));
            CheckSpace(buffer, offset, PlmnLength);
            int mnc3 = mnc.Length == 3 ? mnc[2] - '0' : 0xF;
            buffer[offset] = (byte)(((mcc[1] - '0') << 4) | (mcc[0] - '0'));
            buffer[offset + 1] = (byte)((mnc3 << 4) | (mcc[2] - '0'));
            buffer[offset + 2] = (byte)(((mnc[1] - '0') << 4) | (mnc[0] - '0'));
        }

        /// <summary>Decodes a PLMN (3 bytes); false for an unused entry ('FFFFFF') or non-decimal nibbles.</summary>
        public static bool TryDecodePlmn(byte[] buffer, int offset, out string mcc, out string mnc)
        {
            mcc = null;
            mnc = null;
            if (buffer == null || offset < 0 || offset > buffer.Length - PlmnLength)
            {
                return false;
            }

            int mcc1 = buffer[offset] & 0x0F;
            int mcc2 = buffer[offset] >> 4;
            int mcc3 = buffer[offset + 1] & 0x0F;
            int mnc3 = buffer[offset + 1] >> 4;
            int mnc1 = buffer[offset + 2] & 0x0F;
            int mnc2 = buffer[offset + 2] >> 4;
            if (mcc1 > 9 || mcc2 > 9 || mcc3 > 9 || mnc1 > 9 || mnc2 > 9 || (mnc3 > 9 && mnc3 != 0xF))
            {
                return false;
            }

            char[] mccChars = new char[] { (char)('0' + mcc1), (char)('0' + mcc2), (char)('0' + mcc3) };
            char[] mncChars = mnc3 == 0xF
                ? new char[] { (char)('0' + mnc1), (char)('0' + mnc2) }
                : new char[] { (char)('0' + mnc1), (char)('0' + mnc2), (char)('0' + mnc3) };
            mcc = new string(mccChars);
            mnc = new string(mncChars);
            return true;
        }

        /// <summary>
        /// Writes one PLMN-with-access-technology entry (5 bytes, TS 31.102 4.2.5): the PLMN then the
        /// 2-byte access technology bitmap (e.g. 0x4000 E-UTRAN, 0x8000 UTRAN, 0x0080 GSM).
        /// </summary>
        public static void EncodePlmnWithAct(string mcc, string mnc, ushort accessTechnology, byte[] buffer, int offset)
        {
            CheckSpace(buffer, offset, PlmnWithActLength);
            EncodePlmn(mcc, mnc, buffer, offset);
            buffer[offset + 3] = (byte)(accessTechnology >> 8);
            buffer[offset + 4] = (byte)accessTechnology;
        }

        /// <summary>Writes an unused PLMN entry: 'FFFFFF' (TS 31.102 4.2.16).</summary>
        public static void EncodeUnusedPlmn(byte[] buffer, int offset)
        {
            CheckSpace(buffer, offset, PlmnLength);
            buffer[offset] = 0xFF;
            buffer[offset + 1] = 0xFF;
            buffer[offset + 2] = 0xFF;
        }

        /// <summary>
        /// Writes EF_AD (4 bytes, TS 31.102 4.2.18): UE operation mode '00' (normal operation),
        /// additional information '0000', length of MNC in the IMSI (2 or 3).
        /// </summary>
        public static void EncodeAdministrativeData(int mncLength, byte[] buffer, int offset)
        {
            if (mncLength != 2 && mncLength != 3)
            {
                throw new ArgumentException("MNC length must be 2 or 3", nameof(mncLength));
            }

            CheckSpace(buffer, offset, 4);
            buffer[offset] = 0x00;
            buffer[offset + 1] = 0x00;
            buffer[offset + 2] = 0x00;
            buffer[offset + 3] = (byte)mncLength;
        }

        /// <summary>Reads the MNC length from EF_AD byte 4 (TS 31.102 4.2.18); false when absent or not 2/3.</summary>
        public static bool TryDecodeMncLength(byte[] buffer, int offset, int count, out int mncLength)
        {
            mncLength = 0;
            if (buffer == null || count < 4 || offset < 0 || offset > buffer.Length - count)
            {
                return false;
            }

            int value = buffer[offset + 3] & 0x0F;
            if (value != 2 && value != 3)
            {
                return false;
            }

            mncLength = value;
            return true;
        }

        /// <summary>
        /// Decodes EF_LOCI (11 bytes, TS 31.102 4.2.17): TMSI, LAI (PLMN + LAC), RFU, location update
        /// status (bits 1-3). False when the LAI's PLMN is not decodable (e.g. deleted 'FFFFFF').
        /// </summary>
        public static bool TryDecodeLocationInformation(byte[] buffer, int offset, out uint tmsi, out string mcc, out string mnc, out ushort lac, out byte updateStatus)
        {
            tmsi = 0;
            lac = 0;
            updateStatus = 0;
            mcc = null;
            mnc = null;
            if (buffer == null || offset < 0 || offset > buffer.Length - LociLength)
            {
                return false;
            }

            tmsi = (uint)((buffer[offset] << 24) | (buffer[offset + 1] << 16) | (buffer[offset + 2] << 8) | buffer[offset + 3]);
            lac = (ushort)((buffer[offset + 7] << 8) | buffer[offset + 8]);
            updateStatus = (byte)(buffer[offset + 10] & 0x07);
            return TryDecodePlmn(buffer, offset + 4, out mcc, out mnc);
        }

        /// <summary>
        /// Writes EF_LOCI (11 bytes, TS 31.102 4.2.17): TMSI (4), LAI = PLMN (3) + LAC (2), RFU 'FF',
        /// location update status (0 updated, 1 not updated, 2 PLMN not allowed, 3 LA not allowed).
        /// </summary>
        public static void EncodeLocationInformation(uint tmsi, string mcc, string mnc, ushort lac, byte updateStatus, byte[] buffer, int offset)
        {
            CheckSpace(buffer, offset, LociLength);
            buffer[offset] = (byte)(tmsi >> 24);
            buffer[offset + 1] = (byte)(tmsi >> 16);
            buffer[offset + 2] = (byte)(tmsi >> 8);
            buffer[offset + 3] = (byte)tmsi;
            EncodePlmn(mcc, mnc, buffer, offset + 4);
            buffer[offset + 7] = (byte)(lac >> 8);
            buffer[offset + 8] = (byte)lac;
            buffer[offset + 9] = 0xFF;
            buffer[offset + 10] = updateStatus;
        }

        /// <summary>
        /// Writes the 14-byte dialling number part of an ADN-style record (EF_MSISDN, TS 31.102 4.2.26;
        /// TS 24.008 10.5.4.7): length of BCD contents (TON/NPI byte + digit bytes), TON/NPI ('91'
        /// international when the number starts with '+', else '81'), up to 20 digits in swapped BCD
        /// padded with 'F', capability/configuration 2 id 'FF', extension 5 id 'FF'.
        /// </summary>
        public static void EncodeDiallingNumber(string number, byte[] buffer, int offset)
        {
            if (number == null)
            {
                throw new ArgumentNullException(nameof(number));
            }

            bool international = number.Length > 0 && number[0] == '+';
            string digits = international ? number.Substring(1) : number;
            RequireDigits(digits, 1, 20, nameof(number));
            CheckSpace(buffer, offset, DiallingNumberLength);
            buffer[offset] = (byte)(1 + ((digits.Length + 1) / 2));
            buffer[offset + 1] = international ? (byte)0x91 : (byte)0x81;
            EncodeSwappedBcd(digits, buffer, offset + 2, 10);
            buffer[offset + 12] = 0xFF;
            buffer[offset + 13] = 0xFF;
        }

        /// <summary>True when s is count digits '0'..'9' with count in [minimum, maximum].</summary>
        public static bool IsDigits(string s, int minimum, int maximum)
        {
            if (s == null || s.Length < minimum || s.Length > maximum)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] < '0' || s[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static void EncodeSwappedBcd(string digits, byte[] buffer, int offset, int length)
        {
            for (int i = 0; i < length; i++)
            {
                buffer[offset + i] = 0xFF;
            }

            for (int i = 0; i < digits.Length; i++)
            {
                SetNibble(buffer, offset, i, digits[i] - '0');
            }
        }

        private static bool TryDecodeSwappedBcd(byte[] buffer, int offset, int length, out string digits)
        {
            digits = null;
            if (buffer == null || offset < 0 || offset > buffer.Length - length)
            {
                return false;
            }

            int count = 0;
            while (count < length * 2 && GetNibble(buffer, offset, count) != 0xF)
            {
                if (GetNibble(buffer, offset, count) > 9)
                {
                    return false;
                }

                count++;
            }

            // Everything after the first filler must be filler too.
            for (int i = count; i < length * 2; i++)
            {
                if (GetNibble(buffer, offset, i) != 0xF)
                {
                    return false;
                }
            }

            if (count == 0)
            {
                return false;
            }

            char[] chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)('0' + GetNibble(buffer, offset, i));
            }

            digits = new string(chars);
            return true;
        }

        // Nibble n of a swapped-BCD stream: even n in the low nibble, odd n in the high nibble.
        private static void SetNibble(byte[] buffer, int offset, int n, int value)
        {
            int index = offset + (n >> 1);
            buffer[index] = (n & 1) == 0
                ? (byte)((buffer[index] & 0xF0) | value)
                : (byte)((buffer[index] & 0x0F) | (value << 4));
        }

        private static int GetNibble(byte[] buffer, int offset, int n)
        {
            int b = buffer[offset + (n >> 1)];
            return (n & 1) == 0 ? b & 0x0F : b >> 4;
        }

        private static void RequireDigits(string s, int minimum, int maximum, string name)
        {
            if (!IsDigits(s, minimum, maximum))
            {
                throw new ArgumentException("expected " + minimum.ToString() + ".." + maximum.ToString() + " decimal digits", name);
            }
        }

        private static void CheckSpace(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }
        }
    }
}
