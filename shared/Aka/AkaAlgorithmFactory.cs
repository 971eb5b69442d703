using System;
using M2MDevice.Crypto;

namespace M2MDevice.Aka
{
    /// <summary>
    /// Builds the <see cref="IAkaAlgorithm"/> of a subscription from what the key store or the subscriber
    /// database holds, so the USIM and the AuC never branch on the algorithm themselves.
    /// </summary>
    public static class AkaAlgorithmFactory
    {
        /// <summary>
        /// Creates the algorithm. MILENAGE: key is 16 bytes (K, keyed into the portable <see cref="Aes128"/>),
        /// operatorConstant is OPc (16 bytes), tuakParameters must be null. TUAK: key is 16 or 32 bytes,
        /// operatorConstant is TOPc (32 bytes), tuakParameters null means <see cref="TuakParameters.Default"/>.
        /// Key material is copied; the caller may zero its buffers afterwards.
        /// Throws ArgumentException for a length or parameter that does not fit the kind.
        /// </summary>
        public static IAkaAlgorithm Create(AkaAlgorithmKind kind, byte[] key, int keyOffset, int keyLength, byte[] operatorConstant, int operatorConstantOffset, TuakParameters tuakParameters)
        {
            if (kind == AkaAlgorithmKind.Milenage)
            {
                if (keyLength != Aes128.KeySize)
                {
                    throw new ArgumentOutOfRangeException(nameof(keyLength));
                }

                if (tuakParameters != null)
                {
                    throw new ArgumentException("TUAK parameters given for MILENAGE", nameof(tuakParameters));
                }

                if (key == null)
                {
                    throw new ArgumentNullException(nameof(key));
                }

                var cipher = new Aes128(new byte[Aes128.KeySize]);
                cipher.SetKey(key, keyOffset);
                return new Milenage(cipher, operatorConstant, operatorConstantOffset);
            }

            if (kind == AkaAlgorithmKind.Tuak)
            {
                return new Tuak(key, keyOffset, keyLength, operatorConstant, operatorConstantOffset, tuakParameters);
            }

            throw new ArgumentOutOfRangeException(nameof(kind));
        }

        /// <summary>
        /// Creates MILENAGE over a caller-supplied cipher already keyed with K (the network side's
        /// hardware AES, for example); OPc is 16 bytes at opc[opcOffset].
        /// </summary>
        public static IAkaAlgorithm CreateMilenage(IBlockCipher cipherK, byte[] opc, int opcOffset)
        {
            return new Milenage(cipherK, opc, opcOffset);
        }
    }
}
