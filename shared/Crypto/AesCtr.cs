using System;

namespace M2MDevice.Crypto
{
    /// <summary>
    /// CTR mode (NIST SP 800-38A 6.5) over a 128-bit block cipher, with the standard incrementing function
    /// over the whole 128-bit counter block, big-endian (SP 800-38A B.1). Encryption and decryption are the
    /// same transform. Start sets the initial counter block; Transform may be called repeatedly to continue
    /// the key stream. No allocation after construction.
    /// </summary>
    public sealed class AesCtr
    {
        /// <summary>Counter block length in bytes.</summary>
        public const int BlockSize = 16;

        private readonly IBlockCipher cipher;
        private readonly byte[] counter = new byte[BlockSize];
        private readonly byte[] keyStream = new byte[BlockSize];
        private int keyStreamUsed = BlockSize;

        /// <summary>Creates a CTR transform over the given (already keyed) cipher.</summary>
        public AesCtr(IBlockCipher cipher)
        {
            if (cipher == null)
            {
                throw new ArgumentNullException(nameof(cipher));
            }

            this.cipher = cipher;
        }

        /// <summary>Starts a new key stream at the 16-byte initial counter block T1 at counterBlock[offset].</summary>
        public void Start(byte[] counterBlock, int offset)
        {
            if (counterBlock == null)
            {
                throw new ArgumentNullException(nameof(counterBlock));
            }

            if (offset < 0 || offset > counterBlock.Length - BlockSize)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            Array.Copy(counterBlock, offset, counter, 0, BlockSize);
            Array.Clear(keyStream, 0, BlockSize);
            keyStreamUsed = BlockSize;
        }

        /// <summary>
        /// XORs count bytes at input[inputOffset] with the next key stream bytes into output[outputOffset];
        /// input and output may be the same buffer at the same offset.
        /// </summary>
        public void Transform(byte[] input, int inputOffset, byte[] output, int outputOffset, int count)
        {
            if (input == null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (count < 0 || inputOffset < 0 || outputOffset < 0
                || inputOffset > input.Length - count || outputOffset > output.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            for (int i = 0; i < count; i++)
            {
                if (keyStreamUsed == BlockSize)
                {
                    // SP 800-38A 6.5: O_j = CIPH_K(T_j); T_(j+1) = inc(T_j).
                    cipher.EncryptBlock(counter, 0, keyStream, 0);
                    Increment(counter);
                    keyStreamUsed = 0;
                }

                // SP 800-38A 6.5: C_j = P_j ^ O_j (the last block uses only the leading bytes of O_n).
                output[outputOffset + i] = (byte)(input[inputOffset + i] ^ keyStream[keyStreamUsed++]);
            }
        }

        /// <summary>One-shot: Start(counterBlock, counterOffset) then Transform(input, ..., count).</summary>
        public void Transform(
            byte[] counterBlock, int counterOffset, byte[] input, int inputOffset, byte[] output, int outputOffset, int count)
        {
            Start(counterBlock, counterOffset);
            Transform(input, inputOffset, output, outputOffset, count);
            Clear();
        }

        /// <summary>Zeroes the counter and the buffered key stream.</summary>
        public void Clear()
        {
            Array.Clear(counter, 0, BlockSize);
            Array.Clear(keyStream, 0, BlockSize);
            keyStreamUsed = BlockSize;
        }

        private static void Increment(byte[] block)
        {
            // SP 800-38A B.1: the standard incrementing function, modulo 2^128, big-endian.
            for (int i = BlockSize - 1; i >= 0; i--)
            {
                block[i]++;
                if (block[i] != 0)
                {
                    return;
                }
            }
        }
    }
}
