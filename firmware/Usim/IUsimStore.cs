namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// Where the soft USIM persists what changes while it runs: SQN_MS slots after a successful
    /// AUTHENTICATE, and the files a terminal updates (EF_LOCI, EF_PSLOCI, EF_EPSLOCI, EF_FPLMN,
    /// EF_KEYS, EF_KEYSPS). The key store implements it; each call returns only once the data is
    /// durable, so the USIM answers the terminal after the write (a power cut never loses an
    /// acknowledged SQN).
    /// </summary>
    public interface IUsimStore
    {
        /// <summary>Persists SQN_MS of IND slot <paramref name="index"/> (0..31), 6 bytes at sqn[offset] (TS 33.102 C.2).</summary>
        void SaveSqnSlot(UsimIdentityKind identity, int index, byte[] sqn, int offset);

        /// <summary>Persists the new content of an elementary file the terminal updated.</summary>
        void SaveFile(UsimIdentityKind identity, ushort fileId, byte[] data, int offset, int count);

        /// <summary>Loads a previously saved file into buffer; returns its length, or -1 if never saved.</summary>
        int LoadFile(UsimIdentityKind identity, ushort fileId, byte[] buffer, int offset);

        /// <summary>Loads the 32 SQN_MS slots (32 x 6 bytes) into buffer at offset; all zero when never saved.</summary>
        void LoadSqnSlots(UsimIdentityKind identity, byte[] buffer, int offset);
    }
}
