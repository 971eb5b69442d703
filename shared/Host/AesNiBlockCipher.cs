using System;
using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using M2MDevice.Crypto;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace M2MDevice.Host
{
    /// <summary>
    /// AES-128 encryption (FIPS-197) with the CPU's AES instructions: AES-NI on x86/x64, the ARMv8
    /// Cryptography Extension on Arm64. Network side only (nanoFramework has no intrinsics). EncryptBlocks
    /// keeps up to 8 independent blocks in flight, which hides the latency of each AES round instruction.
    /// Check IsSupported first, or use HostBlockCipher.Create.
    /// </summary>
    public sealed class AesNiBlockCipher : IBatchBlockCipher
    {
        private const int BlockSize = 16;
        private const int Rounds = 10; // FIPS-197 5: Nr = 10 for AES-128

        private readonly uint[] words = new uint[Aes128.ScheduleWords];
        private readonly Vector128<byte>[] roundKeys = new Vector128<byte>[Rounds + 1];
        private readonly byte[] scratch = new byte[8 * BlockSize];

        /// <summary>Creates the cipher keyed with a 16-byte key; throws PlatformNotSupportedException without AES instructions.</summary>
        public AesNiBlockCipher(byte[] key)
        {
            if (!IsSupported)
            {
                throw new PlatformNotSupportedException("The CPU has no AES instructions");
            }

            ArgumentNullException.ThrowIfNull(key);
            if (key.Length != Aes128.KeySize)
            {
                throw new ArgumentException("AES-128 key must be 16 bytes", nameof(key));
            }

            SetKey(key, 0);
        }

        /// <summary>True when this process can use AES-NI (x86/x64) or the Arm64 AES instructions.</summary>
        public static bool IsSupported => X86Aes.IsSupported || ArmAes.IsSupported;

        /// <summary>Replaces the key with the 16 bytes at key[offset] without allocating.</summary>
        public void SetKey(byte[] key, int offset)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (offset < 0 || offset > key.Length - Aes128.KeySize)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            // FIPS-197 5.2: the managed key expansion; round key r is w[4r..4r+3] as bytes, most significant first.
            Aes128.ExpandKey(key, offset, words);
            for (int r = 0; r <= Rounds; r++)
            {
                // Vector lanes are little-endian on x64 and Arm64, so each word is byte-swapped to keep FIPS byte order.
                roundKeys[r] = Vector128.Create(
                    BinaryPrimitives.ReverseEndianness(words[4 * r]),
                    BinaryPrimitives.ReverseEndianness(words[4 * r + 1]),
                    BinaryPrimitives.ReverseEndianness(words[4 * r + 2]),
                    BinaryPrimitives.ReverseEndianness(words[4 * r + 3])).AsByte();
            }

            Array.Clear(words);
        }

        /// <summary>Encrypts 16 bytes at input[inputOffset] into output[outputOffset]; input and output may be the same.</summary>
        public void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            Vector128<byte> block = Vector128.Create(input.AsSpan(inputOffset, BlockSize));
            Encrypt(block).CopyTo(output.AsSpan(outputOffset, BlockSize));
        }

        /// <summary>
        /// Encrypts blockCount consecutive blocks (ECB), 8 at a time in flight, the remainder in one more pass;
        /// input and output may be the same buffer at the same offset. Not thread-safe (one scratch buffer).
        /// </summary>
        public void EncryptBlocks(byte[] input, int inputOffset, byte[] output, int outputOffset, int blockCount)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(output);
            if (blockCount < 0 || inputOffset < 0 || outputOffset < 0
                || inputOffset > input.Length - BlockSize * blockCount
                || outputOffset > output.Length - BlockSize * blockCount)
            {
                throw new ArgumentOutOfRangeException(nameof(blockCount));
            }

            int i = 0;
            for (; i + 8 <= blockCount; i += 8)
            {
                Encrypt8(input, inputOffset + BlockSize * i, output, outputOffset + BlockSize * i);
            }

            int rest = blockCount - i;
            if (rest == 4)
            {
                Encrypt4(input, inputOffset + BlockSize * i, output, outputOffset + BlockSize * i);
            }
            else if (rest == 1)
            {
                EncryptBlock(input, inputOffset + BlockSize * i, output, outputOffset + BlockSize * i);
            }
            else if (rest > 1)
            {
                // 2, 3, 5, 6 or 7 blocks (MILENAGE's OUT1..OUT5 is 5): one pipelined pass over a padded scratch
                // copy costs less than splitting into 4 + 1 + ... sequential passes.
                Array.Copy(input, inputOffset + BlockSize * i, scratch, 0, BlockSize * rest);
                if (rest < 4)
                {
                    Encrypt4(scratch, 0, scratch, 0);
                }
                else
                {
                    Encrypt8(scratch, 0, scratch, 0);
                }

                Array.Copy(scratch, 0, output, outputOffset + BlockSize * i, BlockSize * rest);
                Array.Clear(scratch);
            }
        }

        /// <summary>Zeroes the key schedule; the instance must be rekeyed with SetKey before further use.</summary>
        public void Clear()
        {
            Array.Clear(roundKeys);
            Array.Clear(words);
        }

        private Vector128<byte> Encrypt(Vector128<byte> block)
        {
            Vector128<byte>[] k = roundKeys;
            if (X86Aes.IsSupported)
            {
                // FIPS-197 5.1: AddRoundKey(w[0..3]), Nr-1 full rounds, final round without MixColumns.
                Vector128<byte> s = block ^ k[0];
                for (int r = 1; r < Rounds; r++)
                {
                    s = X86Aes.Encrypt(s, k[r]);
                }

                return X86Aes.EncryptLast(s, k[Rounds]);
            }

            Vector128<byte> a = block;
            for (int r = 0; r < Rounds - 1; r++)
            {
                a = ArmAes.MixColumns(ArmAes.Encrypt(a, k[r]));
            }

            return ArmAes.Encrypt(a, k[Rounds - 1]) ^ k[Rounds];
        }

        private void Encrypt4(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            Vector128<byte>[] k = roundKeys;
            Vector128<byte> s0 = Vector128.Create(input.AsSpan(inputOffset, BlockSize));
            Vector128<byte> s1 = Vector128.Create(input.AsSpan(inputOffset + 16, BlockSize));
            Vector128<byte> s2 = Vector128.Create(input.AsSpan(inputOffset + 32, BlockSize));
            Vector128<byte> s3 = Vector128.Create(input.AsSpan(inputOffset + 48, BlockSize));
            if (X86Aes.IsSupported)
            {
                Vector128<byte> k0 = k[0];
                s0 ^= k0;
                s1 ^= k0;
                s2 ^= k0;
                s3 ^= k0;
                for (int r = 1; r < Rounds; r++)
                {
                    Vector128<byte> kr = k[r];
                    s0 = X86Aes.Encrypt(s0, kr);
                    s1 = X86Aes.Encrypt(s1, kr);
                    s2 = X86Aes.Encrypt(s2, kr);
                    s3 = X86Aes.Encrypt(s3, kr);
                }

                Vector128<byte> last = k[Rounds];
                s0 = X86Aes.EncryptLast(s0, last);
                s1 = X86Aes.EncryptLast(s1, last);
                s2 = X86Aes.EncryptLast(s2, last);
                s3 = X86Aes.EncryptLast(s3, last);
            }
            else
            {
                for (int r = 0; r < Rounds - 1; r++)
                {
                    Vector128<byte> kr = k[r];
                    s0 = ArmAes.MixColumns(ArmAes.Encrypt(s0, kr));
                    s1 = ArmAes.MixColumns(ArmAes.Encrypt(s1, kr));
                    s2 = ArmAes.MixColumns(ArmAes.Encrypt(s2, kr));
                    s3 = ArmAes.MixColumns(ArmAes.Encrypt(s3, kr));
                }

                Vector128<byte> k9 = k[Rounds - 1];
                Vector128<byte> k10 = k[Rounds];
                s0 = ArmAes.Encrypt(s0, k9) ^ k10;
                s1 = ArmAes.Encrypt(s1, k9) ^ k10;
                s2 = ArmAes.Encrypt(s2, k9) ^ k10;
                s3 = ArmAes.Encrypt(s3, k9) ^ k10;
            }

            s0.CopyTo(output.AsSpan(outputOffset, BlockSize));
            s1.CopyTo(output.AsSpan(outputOffset + 16, BlockSize));
            s2.CopyTo(output.AsSpan(outputOffset + 32, BlockSize));
            s3.CopyTo(output.AsSpan(outputOffset + 48, BlockSize));
        }

        private void Encrypt8(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            if (!X86Aes.IsSupported)
            {
                Encrypt4(input, inputOffset, output, outputOffset);
                Encrypt4(input, inputOffset + 64, output, outputOffset + 64);
                return;
            }

            Vector128<byte>[] k = roundKeys;
            Vector128<byte> k0 = k[0];
            Vector128<byte> s0 = Vector128.Create(input.AsSpan(inputOffset, BlockSize)) ^ k0;
            Vector128<byte> s1 = Vector128.Create(input.AsSpan(inputOffset + 16, BlockSize)) ^ k0;
            Vector128<byte> s2 = Vector128.Create(input.AsSpan(inputOffset + 32, BlockSize)) ^ k0;
            Vector128<byte> s3 = Vector128.Create(input.AsSpan(inputOffset + 48, BlockSize)) ^ k0;
            Vector128<byte> s4 = Vector128.Create(input.AsSpan(inputOffset + 64, BlockSize)) ^ k0;
            Vector128<byte> s5 = Vector128.Create(input.AsSpan(inputOffset + 80, BlockSize)) ^ k0;
            Vector128<byte> s6 = Vector128.Create(input.AsSpan(inputOffset + 96, BlockSize)) ^ k0;
            Vector128<byte> s7 = Vector128.Create(input.AsSpan(inputOffset + 112, BlockSize)) ^ k0;
            for (int r = 1; r < Rounds; r++)
            {
                Vector128<byte> kr = k[r];
                s0 = X86Aes.Encrypt(s0, kr);
                s1 = X86Aes.Encrypt(s1, kr);
                s2 = X86Aes.Encrypt(s2, kr);
                s3 = X86Aes.Encrypt(s3, kr);
                s4 = X86Aes.Encrypt(s4, kr);
                s5 = X86Aes.Encrypt(s5, kr);
                s6 = X86Aes.Encrypt(s6, kr);
                s7 = X86Aes.Encrypt(s7, kr);
            }

            Vector128<byte> last = k[Rounds];
            X86Aes.EncryptLast(s0, last).CopyTo(output.AsSpan(outputOffset, BlockSize));
            X86Aes.EncryptLast(s1, last).CopyTo(output.AsSpan(outputOffset + 16, BlockSize));
            X86Aes.EncryptLast(s2, last).CopyTo(output.AsSpan(outputOffset + 32, BlockSize));
            X86Aes.EncryptLast(s3, last).CopyTo(output.AsSpan(outputOffset + 48, BlockSize));
            X86Aes.EncryptLast(s4, last).CopyTo(output.AsSpan(outputOffset + 64, BlockSize));
            X86Aes.EncryptLast(s5, last).CopyTo(output.AsSpan(outputOffset + 80, BlockSize));
            X86Aes.EncryptLast(s6, last).CopyTo(output.AsSpan(outputOffset + 96, BlockSize));
            X86Aes.EncryptLast(s7, last).CopyTo(output.AsSpan(outputOffset + 112, BlockSize));
        }
    }
}
