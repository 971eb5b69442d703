using System;
using System.Security.Cryptography;
using M2MDevice.Firmware.Hal;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>The emulated board's random source: the host's cryptographic RNG (the ESP32 would use its hardware RNG).</summary>
    public sealed class HostRandomSource : IRandomSource
    {
        /// <inheritdoc />
        public void GetBytes(byte[] buffer, int offset, int count)
        {
            RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
        }
    }
}
