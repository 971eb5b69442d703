using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>
    /// Size limits of the key store (docs/keystore-format.md section 5). Every record body fits one
    /// 4 KiB sector with room to spare, so a record can always be written into a freshly erased sector.
    /// </summary>
    public static class KeyStoreLimits
    {
        /// <summary>Smallest flash sector the layout supports (the ESP32's SPI flash sector).</summary>
        public const int MinSectorSize = 4096;

        /// <summary>Largest record body of any type.</summary>
        public const int MaxRecordBodyLength = 3600;

        /// <summary>SQN_MS slots per identity (TS 33.102 C.1.2: a = 5 bits of IND, 32 slots).</summary>
        public const int SqnSlotCount = 32;

        /// <summary>Bytes of one SQN_MS (TS 33.102 6.3.2: SQN is 48 bits).</summary>
        public const int SqnLength = 6;

        /// <summary>Bytes of the SQN array of one identity.</summary>
        public const int SqnArrayLength = SqnSlotCount * SqnLength;

        /// <summary>SqnCheckpoint body: for each identity, its kind byte then its 192-byte array.</summary>
        public const int SqnCheckpointBodyLength = 2 * (1 + SqnArrayLength);

        /// <summary>SqnEntry body: identity kind, slot index, 6-byte SQN.</summary>
        public const int SqnEntryBodyLength = 2 + SqnLength;

        /// <summary>Largest encoded UsimProfile.</summary>
        public const int MaxProfileLength = 1400;

        /// <summary>Largest RS trust anchor (DER CA certificate).</summary>
        public const int MaxTrustAnchorLength = 2048;

        /// <summary>Largest device id or RS address, in ASCII characters.</summary>
        public const int MaxTextLength = 200;

        /// <summary>Largest allowed-network list in bytes (3 bytes per PLMN, TS 24.008 10.5.1.13).</summary>
        public const int MaxAllowedNetworksLength = 300;

        /// <summary>
        /// Largest terminal-updated USIM file: what the soft USIM persists through IUsimStore
        /// (<see cref="SoftUsim.MaxPersistedFileLength"/>, EF_FPLMN at most 85 entries); it loads with a
        /// 256-byte buffer.
        /// </summary>
        public const int MaxFileLength = SoftUsim.MaxPersistedFileLength;

        /// <summary>Most terminal-updated files held: the soft USIM's persisted EFs for both identities.</summary>
        public const int MaxFiles = 2 * SoftUsim.PersistedFileCount;

        /// <summary>
        /// Largest total content of all terminal-updated files: both identities' persisted EFs at their
        /// largest take 2 x 442 bytes (docs/keystore-format.md section 5); the rest is headroom.
        /// </summary>
        public const int MaxFilesTotalLength = 2048;

        /// <summary>
        /// Largest provisioning-state blob: the largest home-operator context the protocol allows (HO URL,
        /// NAF id, trust anchor) takes 3160 bytes (docs/provisioning.md); one record still fits a sector.
        /// </summary>
        public const int MaxProvisioningBlobLength = 3200;

        /// <summary>Most pending notifications.</summary>
        public const int MaxNotifications = 8;

        /// <summary>Largest total content of all pending notifications.</summary>
        public const int MaxNotificationsTotalLength = 2048;
    }
}
