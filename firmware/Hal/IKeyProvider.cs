namespace M2MDevice.Firmware.Hal
{
    /// <summary>
    /// The two 16-byte device keys that protect the key store: the storage encryption key (AES-CTR
    /// over record bodies) and the storage MAC key (AES-CMAC over records). They never sit in flash.
    /// On the ESP32 the board derives them at boot with the HMAC peripheral from an eFuse key block
    /// that software cannot read (purpose HMAC_UP): key = first 16 bytes of
    /// HMAC-SHA-256(eFuseKey, "M2MDevice key store encryption v1") and
    /// HMAC-SHA-256(eFuseKey, "M2MDevice key store MAC v1"); the manufacturer burns the eFuse key and
    /// derives the same two keys in its tool to write the manufacture image. The emulator and tests
    /// use <see cref="FixedKeyProvider"/>.
    /// </summary>
    public interface IKeyProvider
    {
        /// <summary>Copies the 16-byte storage encryption key to buffer[offset..]; the caller zeroes it after use.</summary>
        void GetStorageEncryptionKey(byte[] buffer, int offset);

        /// <summary>Copies the 16-byte storage MAC key to buffer[offset..]; the caller zeroes it after use.</summary>
        void GetStorageMacKey(byte[] buffer, int offset);
    }
}
