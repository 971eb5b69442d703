using System;

namespace M2MDevice.Firmware.Hal
{
    /// <summary>
    /// An <see cref="IKeyProvider"/> holding two keys given at construction: for the emulator (one per
    /// emulated device) and tests. A board derives its keys in hardware instead (see IKeyProvider).
    /// </summary>
    public sealed class FixedKeyProvider : IKeyProvider
    {
        /// <summary>Key length in bytes.</summary>
        public const int KeySize = 16;

        private readonly byte[] encryptionKey = new byte[KeySize];
        private readonly byte[] macKey = new byte[KeySize];

        /// <summary>Copies the two 16-byte keys.</summary>
        public FixedKeyProvider(byte[] storageEncryptionKey, byte[] storageMacKey)
        {
            if (storageEncryptionKey == null || storageEncryptionKey.Length != KeySize)
            {
                throw new ArgumentException("encryption key must be 16 bytes", nameof(storageEncryptionKey));
            }

            if (storageMacKey == null || storageMacKey.Length != KeySize)
            {
                throw new ArgumentException("MAC key must be 16 bytes", nameof(storageMacKey));
            }

            Array.Copy(storageEncryptionKey, encryptionKey, KeySize);
            Array.Copy(storageMacKey, macKey, KeySize);
        }

        /// <inheritdoc />
        public void GetStorageEncryptionKey(byte[] buffer, int offset)
        {
            Array.Copy(encryptionKey, 0, buffer, offset, KeySize);
        }

        /// <inheritdoc />
        public void GetStorageMacKey(byte[] buffer, int offset)
        {
            Array.Copy(macKey, 0, buffer, offset, KeySize);
        }
    }
}
