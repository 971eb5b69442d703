namespace M2MDevice.Aka
{
    /// <summary>
    /// Why an AUTHENTICATE command or response APDU was accepted or rejected; map a command rejection to its
    /// status word with <see cref="AuthenticateApdu.StatusWordFor(AuthenticateParseResult)"/>.
    /// </summary>
    public enum AuthenticateParseResult : byte
    {
        /// <summary>Well-formed.</summary>
        Ok = 0,

        /// <summary>Fewer bytes than the header, Lc or an LV length announces (status '6700').</summary>
        Truncated = 1,

        /// <summary>Bytes after the data field other than a single Le (status '6700').</summary>
        Oversized = 2,

        /// <summary>Lc absent or zero: AUTHENTICATE always carries data (status '6700').</summary>
        MissingData = 3,

        /// <summary>CLA is not an interindustry class without secure messaging, '0X' or '4X' (status '6E00').</summary>
        ClassNotSupported = 4,

        /// <summary>INS is not '88' (status '6D00').</summary>
        InstructionNotSupported = 5,

        /// <summary>P1 is not '00' or P2 names a context other than GSM '80' or 3G '81' (status '6A86').</summary>
        IncorrectP1P2 = 6,

        /// <summary>LV structure wrong: RAND not 16 bytes, AUTN not 16/24/40 bytes, or LVs not filling Lc (status '6A80').</summary>
        IncorrectData = 7,

        /// <summary>Response only: the status word is not '9000' (see the response's StatusWord).</summary>
        ErrorStatus = 8,

        /// <summary>Response only: the '9000' body starts with neither 'DB' nor 'DC' (3G context).</summary>
        UnknownTag = 9,
    }
}
