namespace M2MDevice.Crypto
{
    /// <summary>
    /// A 128-bit block cipher keyed once: encrypts one 16-byte block. MILENAGE (TS 35.206),
    /// AES-CMAC (RFC 4493) and AES-CTR only ever need the forward direction.
    /// Implementations: Aes128 (portable managed code, runs on nanoFramework)
    /// and, on the network side, a hardware-accelerated one with the same contract.
    /// </summary>
    public interface IBlockCipher
    {
        /// <summary>Encrypts 16 bytes at input[inputOffset] into output[outputOffset]; the two may overlap exactly.</summary>
        void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset);
    }
}
