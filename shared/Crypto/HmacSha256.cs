using System;

namespace M2MDevice.Crypto
{
    /// <summary>
    /// HMAC-SHA-256 (RFC 2104, FIPS 198-1). Keyed once: the inner and outer hash states after the padded
    /// key block are kept, so each MAC costs only the message blocks plus two. One-shot (Compute) or
    /// incremental (Reset, Update, Final). No allocation after construction, including SetKey.
    /// </summary>
    public sealed class HmacSha256
    {
        /// <summary>Tag length in bytes (the full SHA-256 output).</summary>
        public const int TagSize = Sha256.HashSize;

        private const byte InnerPad = 0x36; // RFC 2104 2: ipad
        private const byte OuterPad = 0x5c; // RFC 2104 2: opad

        private readonly Sha256 innerStart = new Sha256();
        private readonly Sha256 outerStart = new Sha256();
        private readonly Sha256 inner = new Sha256();
        private readonly Sha256 outer = new Sha256();
        private readonly byte[] keyBlock = new byte[Sha256.BlockSize];
        private readonly byte[] innerHash = new byte[Sha256.HashSize];

        /// <summary>Creates an instance keyed with an empty key; call SetKey before use.</summary>
        public HmacSha256()
        {
            SetKey(keyBlock, 0, 0);
        }

        /// <summary>Creates an instance keyed with the whole key array.</summary>
        public HmacSha256(byte[] key)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            SetKey(key, 0, key.Length);
        }

        /// <summary>Rekeys with count bytes at key[offset] (any length; longer than 64 bytes is hashed first).</summary>
        public void SetKey(byte[] key, int offset, int count)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            if (offset < 0 || count < 0 || offset > key.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (count > Sha256.BlockSize)
            {
                // RFC 2104 2 / FIPS 198-1 4 step 2: keys longer than B bytes are first hashed.
                inner.Reset();
                inner.Update(key, offset, count);
                inner.Final(keyBlock, 0);
                Array.Clear(keyBlock, Sha256.HashSize, Sha256.BlockSize - Sha256.HashSize);
            }
            else
            {
                // FIPS 198-1 4 step 3: shorter keys are padded with zeros to B bytes.
                if (key != keyBlock)
                {
                    Array.Copy(key, offset, keyBlock, 0, count);
                }

                Array.Clear(keyBlock, count, Sha256.BlockSize - count);
            }

            // FIPS 198-1 4 steps 4-5: H((K0 ^ ipad) || text).
            XorAll(keyBlock, InnerPad);
            innerStart.Reset();
            innerStart.Update(keyBlock, 0, Sha256.BlockSize);

            // FIPS 198-1 4 steps 7-8: H((K0 ^ opad) || inner hash); undo ipad and apply opad in one pass.
            XorAll(keyBlock, InnerPad ^ OuterPad);
            outerStart.Reset();
            outerStart.Update(keyBlock, 0, Sha256.BlockSize);

            Array.Clear(keyBlock, 0, keyBlock.Length);
            Reset();
        }

        /// <summary>Starts a new message under the current key.</summary>
        public void Reset()
        {
            inner.CopyStateFrom(innerStart);
        }

        /// <summary>Adds count bytes at data[offset] to the message.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            inner.Update(data, offset, count);
        }

        /// <summary>Writes the 32-byte tag to output[outputOffset] and starts a new message.</summary>
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

            inner.Final(innerHash, 0);
            outer.CopyStateFrom(outerStart);
            outer.Update(innerHash, 0, innerHash.Length);
            outer.Final(output, outputOffset);
            Array.Clear(innerHash, 0, innerHash.Length);
            Reset();
        }

        /// <summary>One-shot: writes HMAC(key, data[offset..offset+count)) to output[outputOffset].</summary>
        public void Compute(byte[] data, int offset, int count, byte[] output, int outputOffset)
        {
            Reset();
            Update(data, offset, count);
            Final(output, outputOffset);
        }

        /// <summary>Zeroes every keyed state; SetKey must be called before further use.</summary>
        public void Clear()
        {
            innerStart.Clear();
            outerStart.Clear();
            inner.Clear();
            outer.Clear();
            Array.Clear(keyBlock, 0, keyBlock.Length);
            Array.Clear(innerHash, 0, innerHash.Length);
        }

        private static void XorAll(byte[] block, int pad)
        {
            for (int i = 0; i < block.Length; i++)
            {
                block[i] = (byte)(block[i] ^ pad);
            }
        }
    }
}
