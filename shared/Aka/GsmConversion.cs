using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// The conversion functions of TS 33.102 6.8.1.2 that let a USIM answer in GSM context and the AuC
    /// issue GSM triplets: c2 (SRES from XRES) and c3 (Kc from CK and IK).
    /// </summary>
    public static class GsmConversion
    {
        /// <summary>
        /// c2: SRES = XRES*1 xor XRES*2 xor XRES*3 xor XRES*4, the 32-bit words of XRES padded with zeros to
        /// 128 bits (TS 33.102 6.8.1.2). xresLength is 4 to 16 bytes; SRES is 4 bytes at sres[sresOffset].
        /// </summary>
        public static void C2(byte[] xres, int xresOffset, int xresLength, byte[] sres, int sresOffset)
        {
            if (xresLength < 4 || xresLength > 16)
            {
                throw new ArgumentOutOfRangeException(nameof(xresLength));
            }

            for (int j = 0; j < AkaSizes.Sres; j++)
            {
                int value = 0;
                for (int i = j; i < xresLength; i += AkaSizes.Sres)
                {
                    value ^= xres[xresOffset + i];
                }

                sres[sresOffset + j] = (byte)value;
            }
        }

        /// <summary>
        /// c3: Kc = CK1 xor CK2 xor IK1 xor IK2, the 64-bit halves of 128-bit CK and IK (TS 33.102 6.8.1.2);
        /// Kc is 8 bytes at kc[kcOffset].
        /// </summary>
        public static void C3(byte[] ck, int ckOffset, byte[] ik, int ikOffset, byte[] kc, int kcOffset)
        {
            for (int i = 0; i < AkaSizes.Kc; i++)
            {
                kc[kcOffset + i] = (byte)(ck[ckOffset + i] ^ ck[ckOffset + 8 + i] ^ ik[ikOffset + i] ^ ik[ikOffset + 8 + i]);
            }
        }
    }
}
