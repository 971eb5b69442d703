namespace M2MDevice.At
{
    /// <summary>Why a parse of an AT line failed (Ok when it did not). Reported by <see cref="AtReader.Error"/>.</summary>
    public enum AtParseResult
    {
        /// <summary>Parsed.</summary>
        Ok = 0,

        /// <summary>The line does not start with the expected prefix or keyword.</summary>
        WrongPrefix = 1,

        /// <summary>A required parameter is absent.</summary>
        MissingParameter = 2,

        /// <summary>A ',' separator was expected.</summary>
        ExpectedComma = 3,

        /// <summary>A '"' was expected.</summary>
        ExpectedQuote = 4,

        /// <summary>A string parameter has no closing '"'.</summary>
        UnterminatedString = 5,

        /// <summary>A numeric parameter has no digits or a non-digit character.</summary>
        InvalidNumber = 6,

        /// <summary>A number is outside the range the parameter allows.</summary>
        OutOfRange = 7,

        /// <summary>A hexadecimal parameter has a non-hex character.</summary>
        InvalidHex = 8,

        /// <summary>A hexadecimal byte string has an odd number of digits.</summary>
        OddHexLength = 9,

        /// <summary>The value does not fit the destination or its documented limit.</summary>
        TooLong = 10,

        /// <summary>Characters follow the last parameter.</summary>
        TrailingData = 11,

        /// <summary>A keyword or enumerated value is unknown.</summary>
        UnknownValue = 12,

        /// <summary>A length field disagrees with the data it describes.</summary>
        LengthMismatch = 13,

        /// <summary>A parenthesised list is malformed.</summary>
        MalformedList = 14,
    }
}
