using System;
using M2MDevice.Crypto;

namespace M2MDevice.Firmware.Tests.Cost
{
    /// <summary>
    /// Issue 8 part 3: an <see cref="IBlockCipher"/> decorator that counts the 16-byte blocks it encrypts, so a test (or the
    /// quick benchmark) can state the AES cost of an operation as an exact number. Allocation-free; not thread-safe.
    /// </summary>
    public sealed class CountingBlockCipher : IBlockCipher
    {
        private readonly IBlockCipher inner;

        /// <summary>Wraps inner (already keyed).</summary>
        public CountingBlockCipher(IBlockCipher inner)
        {
            this.inner = inner ?? throw new ArgumentNullException(nameof(inner));
        }

        /// <summary>Blocks encrypted since creation or the last <see cref="Reset"/>.</summary>
        public long Blocks { get; private set; }

        /// <summary>Sets <see cref="Blocks"/> to zero.</summary>
        public void Reset() => this.Blocks = 0;

        /// <inheritdoc />
        public void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            this.Blocks++;
            this.inner.EncryptBlock(input, inputOffset, output, outputOffset);
        }
    }
}
