using System;

namespace M2MDevice.Crypto
{
    /// <summary>
    /// AES-CMAC (RFC 4493, NIST SP 800-38B) over a 128-bit block cipher, full 16-byte tag.
    /// One-shot (Compute, Verify) or incremental (Reset, Update, Final). No allocation after construction.
    /// The subkeys are derived from the cipher's current key: call GenerateSubkeys after rekeying it.
    /// </summary>
    public sealed class AesCmac
    {
        /// <summary>Tag length in bytes.</summary>
        public const int TagSize = 16;

        private const int BlockSize = 16;
        private const byte Rb = 0x87; // RFC 4493 2.3: const_Rb = 0x00..0087

        private readonly IBlockCipher cipher;
        private readonly byte[] subkey1 = new byte[BlockSize];
        private readonly byte[] subkey2 = new byte[BlockSize];
        private readonly byte[] chain = new byte[BlockSize];
        private readonly byte[] pending = new byte[BlockSize];
        private readonly byte[] tag = new byte[BlockSize];
        private int pendingLength;

        /// <summary>Creates a CMAC over the given (already keyed) cipher.</summary>
        public AesCmac(IBlockCipher cipher)
        {
            if (cipher == null)
            {
                throw new ArgumentNullException(nameof(cipher));
            }

            this.cipher = cipher;
            GenerateSubkeys();
        }

        /// <summary>Derives K1 and K2 from the cipher's current key (RFC 4493 2.3) and starts a new message.</summary>
        public void GenerateSubkeys()
        {
            // RFC 4493 2.3 step 1: L = AES-128(K, const_Zero).
            Array.Clear(subkey1, 0, BlockSize);
            cipher.EncryptBlock(subkey1, 0, subkey1, 0);

            // RFC 4493 2.3 steps 2-3: K1 = L << 1 (^ const_Rb if MSB(L) = 1); K2 = K1 << 1 (^ const_Rb if MSB(K1) = 1).
            ShiftLeftOne(subkey1, subkey1);
            ShiftLeftOne(subkey1, subkey2);
            Reset();
        }

        /// <summary>Starts a new message.</summary>
        public void Reset()
        {
            // RFC 4493 2.4 step 5: X = const_Zero.
            Array.Clear(chain, 0, BlockSize);
            Array.Clear(pending, 0, BlockSize);
            pendingLength = 0;
        }

        /// <summary>Adds count bytes at data[offset] to the message.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            while (count > 0)
            {
                // RFC 4493 2.4 step 6: every block but the last is chained here; a full pending block is
                // processed only once more input shows it is not the last (the last one gets K1 or K2).
                if (pendingLength == BlockSize)
                {
                    XorInto(pending, chain);
                    cipher.EncryptBlock(chain, 0, chain, 0);
                    pendingLength = 0;
                }

                int take = BlockSize - pendingLength;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, pending, pendingLength, take);
                pendingLength += take;
                offset += take;
                count -= take;
            }
        }

        /// <summary>Writes the 16-byte tag to output[outputOffset] and starts a new message.</summary>
        public void Final(byte[] output, int outputOffset)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (outputOffset < 0 || outputOffset > output.Length - TagSize)
            {
                throw new ArgumentOutOfRangeException(nameof(outputOffset));
            }

            if (pendingLength == BlockSize)
            {
                // RFC 4493 2.4 step 4: complete last block: M_last = M_n ^ K1.
                XorInto(subkey1, pending);
            }
            else
            {
                // RFC 4493 2.4 step 4: incomplete (or empty) last block: M_last = padding(M_n) ^ K2, padding = 10^i.
                pending[pendingLength] = 0x80;
                Array.Clear(pending, pendingLength + 1, BlockSize - pendingLength - 1);
                XorInto(subkey2, pending);
            }

            // RFC 4493 2.4 step 7: T = AES-128(K, M_last ^ X).
            XorInto(pending, chain);
            cipher.EncryptBlock(chain, 0, output, outputOffset);
            Reset();
        }

        /// <summary>One-shot: writes AES-CMAC(data[offset..offset+count)) to output[outputOffset].</summary>
        public void Compute(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            Reset();
            Update(data, offset, count);
            Final(output, outputOffset);
        }

        /// <summary>
        /// True when the first tagLength bytes (1..16) of the CMAC of the data equal expectedTag[expectedTagOffset],
        /// compared in constant time (RFC 4493 2.5).
        /// </summary>
        public bool Verify(byte[] data, int offset, int count, byte[] expectedTag, int expectedTagOffset, int tagLength)
        {
            if (tagLength < 1 || tagLength > TagSize)
            {
                throw new ArgumentOutOfRangeException(nameof(tagLength));
            }

            Compute(data, offset, count, tag, 0);
            bool equal = ConstantTime.AreEqual(tag, 0, expectedTag, expectedTagOffset, tagLength);
            Array.Clear(tag, 0, BlockSize);
            return equal;
        }

        /// <summary>Zeroes the subkeys and message state; GenerateSubkeys must be called before further use.</summary>
        public void Clear()
        {
            Array.Clear(subkey1, 0, BlockSize);
            Array.Clear(subkey2, 0, BlockSize);
            Array.Clear(tag, 0, BlockSize);
            Reset();
        }

        private static void ShiftLeftOne(byte[] input, byte[] output)
        {
            // RFC 4493 2.3: left shift by one bit, then XOR const_Rb into the last byte when the shifted-out MSB was 1.
            int msb = input[0] >> 7;
            for (int i = 0; i < BlockSize - 1; i++)
            {
                output[i] = (byte)((input[i] << 1) | (input[i + 1] >> 7));
            }

            // Branch-free so the subkeys' timing does not depend on L.
            output[BlockSize - 1] = (byte)((input[BlockSize - 1] << 1) ^ (Rb & -msb));
        }

        private static void XorInto(byte[] source, byte[] target)
        {
            for (int i = 0; i < BlockSize; i++)
            {
                target[i] ^= source[i];
            }
        }
    }
}
