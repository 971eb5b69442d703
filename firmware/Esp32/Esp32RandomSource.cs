using System;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// <see cref="IRandomSource"/> on the ESP32. nanoFramework's System.Random on ESP32 targets is not a
    /// seeded PRNG: its native side (nf-interpreter targets/ESP32/_nanoCLR/targetRandom.cpp) returns
    /// esp_random(), the hardware RNG, and ignores any seed. ESP-IDF documents esp_random() as a true
    /// RNG only while an entropy source runs (Wi-Fi or Bluetooth enabled, or the bootloader's/ADC
    /// entropy source); with the radio off its output must not be trusted for keys (docs/board.md).
    /// </summary>
    public sealed class Esp32RandomSource : IRandomSource
    {
        private const int BlockSize = 32;

        private readonly Random random = new Random();
        private readonly byte[] block = new byte[BlockSize];

        /// <inheritdoc />
        public void GetBytes(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(buffer));
            }

            while (count > 0)
            {
                // NextBytes fills a whole array; draw into a fixed block and copy.
                random.NextBytes(block);
                int chunk = count < BlockSize ? count : BlockSize;
                Array.Copy(block, 0, buffer, offset, chunk);
                offset += chunk;
                count -= chunk;
            }

            // The bytes may become nonces or keys: do not leave a copy behind.
            for (int i = 0; i < BlockSize; i++)
            {
                block[i] = 0;
            }
        }
    }
}
