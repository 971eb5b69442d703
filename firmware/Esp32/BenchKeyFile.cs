using System;
using System.IO;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// Bench boards only: reads the two 16-byte key store keys from a file on I:\ into a
    /// <see cref="FixedKeyProvider"/>. Production boards derive the keys in hardware (IKeyProvider,
    /// docs/board.md "Key store at rest"): nanoFramework has no managed API for the ESP32's HMAC
    /// peripheral or read-protected eFuse blocks, so that provider needs a native interop library.
    /// </summary>
    public static class BenchKeyFile
    {
        /// <summary>File length: storage encryption key then storage MAC key.</summary>
        public const int Length = 2 * FixedKeyProvider.KeySize;

        /// <summary>Loads the keys; false when the file is missing or not exactly 32 bytes.</summary>
        public static bool TryLoad(string path, out IKeyProvider keys)
        {
            keys = null;
            if (!File.Exists(path))
            {
                return false;
            }

            byte[] both = new byte[Length];
            byte[] encryption = new byte[FixedKeyProvider.KeySize];
            byte[] mac = new byte[FixedKeyProvider.KeySize];
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None))
            {
                if (stream.Length != Length || ReadFully(stream, both) != Length)
                {
                    return false;
                }
            }

            Array.Copy(both, 0, encryption, 0, FixedKeyProvider.KeySize);
            Array.Copy(both, FixedKeyProvider.KeySize, mac, 0, FixedKeyProvider.KeySize);
            keys = new FixedKeyProvider(encryption, mac);
            Zero(both);
            Zero(encryption);
            Zero(mac);
            return true;
        }

        private static int ReadFully(FileStream stream, byte[] buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int read = stream.Read(buffer, done, buffer.Length - done);
                if (read <= 0)
                {
                    break;
                }

                done += read;
            }

            return done;
        }

        private static void Zero(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0;
            }
        }
    }
}
