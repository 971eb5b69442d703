namespace M2MDevice.Protocol
{
    /// <summary>Length and value checks shared by every message's encoder and decoder, so both agree.</summary>
    internal static class FieldRules
    {
        /// <summary>Mandatory field of exactly size bytes.</summary>
        public static ProtocolResult Fixed(byte[] value, int size)
        {
            if (value == null)
            {
                return ProtocolResult.MissingTag;
            }

            if (value.Length > size)
            {
                return ProtocolResult.Oversized;
            }

            return value.Length == size ? ProtocolResult.Success : ProtocolResult.BadLength;
        }

        /// <summary>Mandatory field of min..max bytes.</summary>
        public static ProtocolResult Range(byte[] value, int min, int max)
        {
            if (value == null)
            {
                return ProtocolResult.MissingTag;
            }

            return OptionalRange(value, min, max);
        }

        /// <summary>Optional (null) field of min..max bytes.</summary>
        public static ProtocolResult OptionalRange(byte[] value, int min, int max)
        {
            if (value == null)
            {
                return ProtocolResult.Success;
            }

            if (value.Length > max)
            {
                return ProtocolResult.Oversized;
            }

            return value.Length < min ? ProtocolResult.BadLength : ProtocolResult.Success;
        }

        /// <summary>Optional list of 1..maxEntries entries of entrySize bytes each.</summary>
        public static ProtocolResult OptionalList(byte[] value, int entrySize, int maxEntries)
        {
            if (value == null)
            {
                return ProtocolResult.Success;
            }

            if (value.Length > entrySize * maxEntries)
            {
                return ProtocolResult.Oversized;
            }

            return value.Length == 0 || value.Length % entrySize != 0 ? ProtocolResult.BadLength : ProtocolResult.Success;
        }

        /// <summary>Mandatory digit string of min..max digits.</summary>
        public static ProtocolResult Digits(byte[] value, int min, int max)
        {
            ProtocolResult result = Range(value, min, max);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            return Ascii.IsDigits(value, 0, value.Length) ? ProtocolResult.Success : ProtocolResult.BadValue;
        }

        /// <summary>Mandatory B-TID: TS 33.220 4.5.2 form (BTid.TryParse).</summary>
        public static ProtocolResult BTidValue(byte[] value)
        {
            ProtocolResult result = Range(value, BTid.MinLength, BTid.MaxLength);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            byte[] rand = new byte[BTid.RandSize];
            int hostOffset;
            int hostCount;
            result = BTid.TryParse(value, 0, value.Length, rand, 0, out hostOffset, out hostCount);
            return result == ProtocolResult.Success ? result : ProtocolResult.BadValue;
        }

        /// <summary>Mandatory device or server nonce.</summary>
        public static ProtocolResult Nonce(byte[] value)
        {
            return Fixed(value, ProtocolLimits.NonceSize);
        }

        /// <summary>First non-success of a and b, a first.</summary>
        public static ProtocolResult First(ProtocolResult a, ProtocolResult b)
        {
            return a != ProtocolResult.Success ? a : b;
        }
    }
}
