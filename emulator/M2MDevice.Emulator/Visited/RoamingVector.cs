using System;
using System.Security.Cryptography;

namespace M2MDevice.Emulator.Visited
{
    /// <summary>
    /// One UMTS authentication vector (quintet, TS 33.102 6.3.2) as a visited operator receives it over the
    /// roaming interface (ARCHITECTURE 3.2): RAND, XRES, CK, IK, AUTN. XRES, CK and IK are secret: never
    /// logged, wiped with <see cref="Clear"/> once used.
    /// </summary>
    public sealed class RoamingVector
    {
        /// <summary>Takes ownership of the arrays (the caller must not keep them).</summary>
        public RoamingVector(byte[] rand, byte[] xres, byte[] ck, byte[] ik, byte[] autn)
        {
            ArgumentNullException.ThrowIfNull(rand);
            ArgumentNullException.ThrowIfNull(xres);
            ArgumentNullException.ThrowIfNull(ck);
            ArgumentNullException.ThrowIfNull(ik);
            ArgumentNullException.ThrowIfNull(autn);

            // TS 33.102 6.3.2: RAND 128 bits, XRES 32..128 bits; TS 35.231 allows longer RES/CK/IK for TUAK.
            if (rand.Length != 16 || xres.Length < 4 || xres.Length > 32 || ck.Length < 16 || ik.Length < 16
                || (autn.Length != 16 && autn.Length != 24 && autn.Length != 40))
            {
                throw new ArgumentException("authentication vector field lengths are outside TS 33.102 / TS 35.231");
            }

            Rand = rand;
            Xres = xres;
            Ck = ck;
            Ik = ik;
            Autn = autn;
        }

        /// <summary>RAND, the random challenge (16 bytes).</summary>
        public byte[] Rand { get; }

        /// <summary>XRES, the expected response (secret).</summary>
        public byte[] Xres { get; }

        /// <summary>CK, the cipher key (secret).</summary>
        public byte[] Ck { get; }

        /// <summary>IK, the integrity key (secret).</summary>
        public byte[] Ik { get; }

        /// <summary>AUTN, the network authentication token (SQN xor AK || AMF || MAC).</summary>
        public byte[] Autn { get; }

        /// <summary>Wipes the secret fields.</summary>
        public void Clear()
        {
            CryptographicOperations.ZeroMemory(Xres);
            CryptographicOperations.ZeroMemory(Ck);
            CryptographicOperations.ZeroMemory(Ik);
        }

        /// <summary>Shows RAND only: XRES, CK and IK are secret.</summary>
        public override string ToString()
        {
            return "RoamingVector(RAND=" + Convert.ToHexString(Rand) + ")";
        }
    }
}
