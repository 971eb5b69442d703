namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// Where the soft USIM persists what changes while it runs: SQN_MS slots after a successful
    /// AUTHENTICATE, and the files a terminal updates. The key store implements it; each Save call
    /// returns only once the data is durable, so the USIM answers the terminal after the write (a power
    /// cut never loses an acknowledged SQN or file update). A Save that throws has changed nothing the
    /// Load calls return: a retry of the same content is written again, never skipped as unchanged.
    /// <para>
    /// The contract the soft USIM relies on (docs/soft-usim.md, docs/keystore-format.md section 5): per
    /// identity exactly the <see cref="SoftUsim.PersistedFileCount"/> EFs EF_LOCI '6F7E', EF_PSLOCI
    /// '6F73', EF_EPSLOCI '6FE3', EF_FPLMN '6F7B', EF_KEYS '6F08', EF_KEYSPS '6F09', EF_START-HFN '6F5B',
    /// EF_EPSNSC '6FE4', EF_Kc '4F20', EF_KcGPRS '4F52', each saved whole, 1 to
    /// <see cref="SoftUsim.MaxPersistedFileLength"/> (255) bytes, and loaded into a 256-byte buffer.
    /// </para>
    /// </summary>
    public interface IUsimStore
    {
        /// <summary>Persists SQN_MS of IND slot <paramref name="index"/> (0..31), 6 bytes at sqn[offset] (TS 33.102 C.2).</summary>
        void SaveSqnSlot(UsimIdentityKind identity, int index, byte[] sqn, int offset);

        /// <summary>Persists the whole new content (count bytes, at most 255) of an elementary file the terminal updated.</summary>
        void SaveFile(UsimIdentityKind identity, ushort fileId, byte[] data, int offset, int count);

        /// <summary>
        /// Loads a previously saved file into buffer at offset (room for 255 bytes needed); returns its
        /// length, or -1 if never saved.
        /// </summary>
        int LoadFile(UsimIdentityKind identity, ushort fileId, byte[] buffer, int offset);

        /// <summary>Loads the 32 SQN_MS slots (32 x 6 bytes) into buffer at offset; all zero when never saved.</summary>
        void LoadSqnSlots(UsimIdentityKind identity, byte[] buffer, int offset);
    }
}
