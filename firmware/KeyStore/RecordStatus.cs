namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>Outcome of decoding one key-store record (or a manufacture image); every failure has its reason.</summary>
    public enum RecordStatus : byte
    {
        /// <summary>The record is complete, authentic and decrypted.</summary>
        Valid = 0,

        /// <summary>Erased flash (0xFF) where a header would start: no record here.</summary>
        Empty = 1,

        /// <summary>Fewer bytes than the header or the declared length need.</summary>
        Truncated = 2,

        /// <summary>The first bytes are not the record magic.</summary>
        BadMagic = 3,

        /// <summary>The version byte is one this firmware does not read.</summary>
        UnsupportedVersion = 4,

        /// <summary>The record type is not one this firmware knows, or not one the area holds.</summary>
        UnknownType = 5,

        /// <summary>The declared body length is outside what the record type allows.</summary>
        BadLength = 6,

        /// <summary>The commit trailer after the MAC is missing: the write was interrupted.</summary>
        BadTrailer = 7,

        /// <summary>The AES-CMAC does not match: corrupted, torn, forged or moved.</summary>
        BadMac = 8,

        /// <summary>Authentic, but the decrypted body does not parse (missing field, bad field length, unknown tag).</summary>
        BadBody = 9,
    }
}
