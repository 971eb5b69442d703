using System;
using System.Security.Cryptography;
using System.Text;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// The per-device keys a manufacture image is protected under (docs/keystore-format.md section 1): a 32-byte
    /// eFuse key the manufacturer burns into the board (ESP32 key block, purpose HMAC_UP) and the two storage keys
    /// the board derives from it with its HMAC peripheral: KE = first 16 bytes of HMAC-SHA-256(eFuseKey,
    /// "M2MDevice key store encryption v1"), KM = first 16 bytes of HMAC-SHA-256(eFuseKey, "M2MDevice key store MAC
    /// v1"). Secret: only the manufacturer (its keys file) and the device hold them. Emulator test keys only.
    /// </summary>
    public sealed class DeviceStorageKeys
    {
        /// <summary>eFuse key length in bytes (one ESP32 key block).</summary>
        public const int EfuseKeyLength = 32;

        /// <summary>Label of the storage encryption key derivation.</summary>
        public const string EncryptionLabel = "M2MDevice key store encryption v1";

        /// <summary>Label of the storage MAC key derivation.</summary>
        public const string MacLabel = "M2MDevice key store MAC v1";

        private DeviceStorageKeys(byte[] efuseKey, byte[] encryptionKey, byte[] macKey)
        {
            this.EfuseKey = efuseKey;
            this.EncryptionKey = encryptionKey;
            this.MacKey = macKey;
        }

        /// <summary>The eFuse key (32 bytes). Secret.</summary>
        public byte[] EfuseKey { get; }

        /// <summary>KE, the storage encryption key (16 bytes). Secret.</summary>
        public byte[] EncryptionKey { get; }

        /// <summary>KM, the storage MAC key (16 bytes). Secret.</summary>
        public byte[] MacKey { get; }

        /// <summary>Derives KE and KM from an eFuse key as the board does.</summary>
        public static DeviceStorageKeys Derive(byte[] efuseKey)
        {
            ArgumentNullException.ThrowIfNull(efuseKey);
            if (efuseKey.Length != EfuseKeyLength)
            {
                throw new ArgumentException("the eFuse key is 32 bytes", nameof(efuseKey));
            }

            byte[] encryption = HMACSHA256.HashData(efuseKey, Encoding.ASCII.GetBytes(EncryptionLabel)).AsSpan(0, FixedKeyProvider.KeySize).ToArray();
            byte[] mac = HMACSHA256.HashData(efuseKey, Encoding.ASCII.GetBytes(MacLabel)).AsSpan(0, FixedKeyProvider.KeySize).ToArray();
            return new DeviceStorageKeys((byte[])efuseKey.Clone(), encryption, mac);
        }

        /// <summary>A fresh random eFuse key and its storage keys.</summary>
        public static DeviceStorageKeys Generate() => Derive(RandomNumberGenerator.GetBytes(EfuseKeyLength));

        /// <summary>A reproducible eFuse key drawn from random (demo with --seed; test keys only).</summary>
        public static DeviceStorageKeys FromRandom(Random random)
        {
            ArgumentNullException.ThrowIfNull(random);
            byte[] efuse = new byte[EfuseKeyLength];
            random.NextBytes(efuse);
            return Derive(efuse);
        }

        /// <summary>The keys as the firmware's key provider (the emulated board's HMAC peripheral).</summary>
        public FixedKeyProvider ToKeyProvider() => new FixedKeyProvider(this.EncryptionKey, this.MacKey);

        /// <summary>Zeroes the three keys.</summary>
        public void Clear()
        {
            CryptographicOperations.ZeroMemory(this.EfuseKey);
            CryptographicOperations.ZeroMemory(this.EncryptionKey);
            CryptographicOperations.ZeroMemory(this.MacKey);
        }

        /// <inheritdoc/>
        public override string ToString() => "DeviceStorageKeys(redacted)";
    }
}
