using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// AUTN, the authentication token (TS 33.102 6.3.2): (SQN xor AK) || AMF || MAC-A, 6 + 2 + MAC length bytes
    /// (16 with the 64-bit MAC of MILENAGE and 3GPP-compatible TUAK).
    /// </summary>
    public static class Autn
    {
        /// <summary>Offset of SQN xor AK in AUTN.</summary>
        public const int SqnOffset = 0;

        /// <summary>Offset of AMF in AUTN.</summary>
        public const int AmfOffset = 6;

        /// <summary>Offset of MAC-A in AUTN.</summary>
        public const int MacOffset = 8;

        /// <summary>AUTN length for a MAC of macLength bytes.</summary>
        public static int LengthFor(int macLength)
        {
            return MacOffset + macLength;
        }

        /// <summary>
        /// TS 33.102 6.3.2: AUTN = (SQN xor AK) || AMF || MAC-A, written at output[outputOffset]; returns its length.
        /// </summary>
        public static int Build(byte[] sqn, int sqnOffset, byte[] ak, int akOffset, byte[] amf, int amfOffset, byte[] macA, int macAOffset, int macLength, byte[] output, int outputOffset)
        {
            CheckMacLength(macLength);
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (outputOffset < 0 || outputOffset > output.Length - LengthFor(macLength))
            {
                throw new ArgumentOutOfRangeException(nameof(outputOffset));
            }

            AkaBytes.Xor(sqn, sqnOffset, ak, akOffset, output, outputOffset + SqnOffset, AkaSizes.Sqn);
            Array.Copy(amf, amfOffset, output, outputOffset + AmfOffset, AkaSizes.Amf);
            Array.Copy(macA, macAOffset, output, outputOffset + MacOffset, macLength);
            return LengthFor(macLength);
        }

        /// <summary>
        /// Splits AUTN: SQN = (SQN xor AK) xor AK into sqn, AMF into amf, MAC-A into macA (macLength bytes).
        /// </summary>
        public static void Split(byte[] autn, int autnOffset, byte[] ak, int akOffset, int macLength, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, byte[] macA, int macAOffset)
        {
            CheckMacLength(macLength);
            if (autn == null)
            {
                throw new ArgumentNullException(nameof(autn));
            }

            if (autnOffset < 0 || autnOffset > autn.Length - LengthFor(macLength))
            {
                throw new ArgumentOutOfRangeException(nameof(autnOffset));
            }

            // TS 33.102 6.3.3: the USIM computes AK and retrieves SQN = (SQN xor AK) xor AK.
            AkaBytes.Xor(autn, autnOffset + SqnOffset, ak, akOffset, sqn, sqnOffset, AkaSizes.Sqn);
            Array.Copy(autn, autnOffset + AmfOffset, amf, amfOffset, AkaSizes.Amf);
            Array.Copy(autn, autnOffset + MacOffset, macA, macAOffset, macLength);
        }

        private static void CheckMacLength(int macLength)
        {
            if (macLength != 8 && macLength != 16 && macLength != 32)
            {
                throw new ArgumentOutOfRangeException(nameof(macLength));
            }
        }
    }
}
