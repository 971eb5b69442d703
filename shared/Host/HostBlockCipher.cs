using M2MDevice.Crypto;

namespace M2MDevice.Host
{
    /// <summary>Creates the fastest AES-128 available to this process (network side).</summary>
    public static class HostBlockCipher
    {
        /// <summary>AesNiBlockCipher when the CPU has AES instructions, else the managed Aes128.</summary>
        public static IBatchBlockCipher Create(byte[] key)
        {
            if (AesNiBlockCipher.IsSupported)
            {
                return new AesNiBlockCipher(key);
            }

            return new Aes128(key);
        }
    }
}
