namespace M2MDevice.Crypto
{
    /// <summary>
    /// A block cipher that can encrypt several independent blocks (ECB, one key) in one call, so a
    /// hardware implementation can keep several blocks in flight. MILENAGE (TS 35.206) needs one AES call
    /// for TEMP and then five independent ones (OUT1..OUT5), and an AuC computes many vectors per key.
    /// </summary>
    public interface IBatchBlockCipher : IBlockCipher
    {
        /// <summary>
        /// Encrypts blockCount consecutive 16-byte blocks at input[inputOffset] into output[outputOffset];
        /// input and output may be the same buffer at the same offset.
        /// </summary>
        void EncryptBlocks(byte[] input, int inputOffset, byte[] output, int outputOffset, int blockCount);
    }
}
