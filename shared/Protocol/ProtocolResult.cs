namespace M2MDevice.Protocol
{
    /// <summary>
    /// Outcome of encoding, decoding or checking a protocol message (docs/protocol.md). Every failure
    /// names its reason; a decoder that fails leaves its reader where it was.
    /// </summary>
    public enum ProtocolResult : byte
    {
        /// <summary>The operation succeeded.</summary>
        Success = 0,

        /// <summary>The input ends before the header, a TLV header or the message (MAC included) is complete.</summary>
        Truncated = 1,

        /// <summary>A length exceeds its limit: the message body, or a field longer than its maximum.</summary>
        Oversized = 2,

        /// <summary>
        /// A length is inconsistent: a field shorter than its minimum or not one of its allowed sizes, a TLV that
        /// runs past the message body, or bytes left over after a message that must fill its input.
        /// </summary>
        BadLength = 3,

        /// <summary>The version byte is not one this codec speaks.</summary>
        UnknownVersion = 4,

        /// <summary>The message type byte is not assigned.</summary>
        UnknownType = 5,

        /// <summary>The message type is assigned but is not the one the decoder expects.</summary>
        WrongType = 6,

        /// <summary>A tag below 0x80 (comprehension required), or a reserved tag, that this message does not define.</summary>
        UnknownCriticalTag = 7,

        /// <summary>A tag occurs twice.</summary>
        DuplicateTag = 8,

        /// <summary>Tags are not in strictly ascending order.</summary>
        OutOfOrderTag = 9,

        /// <summary>A mandatory field, or one the other fields make mandatory, is absent.</summary>
        MissingTag = 10,

        /// <summary>A defined field is present where the other fields forbid it.</summary>
        UnexpectedTag = 11,

        /// <summary>A field has the right length but a value outside its allowed set (enum, digit string, URL scheme...).</summary>
        BadValue = 12,

        /// <summary>The AES-CMAC does not verify: wrong key, or any bit of the message changed.</summary>
        MacMismatch = 13,

        /// <summary>The MAC verified but the answer does not carry the nonce the device sent (a replay).</summary>
        NonceMismatch = 14,

        /// <summary>The output buffer is too small for the encoded message.</summary>
        BufferTooSmall = 15,
    }
}
