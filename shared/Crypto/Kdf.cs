using System;

namespace M2MDevice.Crypto
{
    /// <summary>
    /// The generic key derivation function of TS 33.220 Annex B.2: derived key = HMAC-SHA-256(Key, S),
    /// S = FC || P0 || L0 || P1 || L1 || ... || Pn || Ln, Li = length of Pi in bytes as 2 bytes big-endian.
    /// Build S with Begin(fc), Append(...) per parameter, then Derive(key, ...); or use the named
    /// derivations. One instance reuses its buffers: no allocation per derivation. Not thread-safe.
    /// </summary>
    public sealed class Kdf
    {
        /// <summary>Output length of Derive in bytes (TS 33.220 B.2.0: 256 bits).</summary>
        public const int OutputSize = HmacSha256.TagSize;

        /// <summary>Default capacity of S in bytes.</summary>
        public const int DefaultCapacity = 512;

        /// <summary>FC for Ks_(ext)_NAF (TS 33.220 B.3).</summary>
        public const byte KsNafFunctionCode = 0x01;

        /// <summary>FC for KASME (TS 33.401 A.2).</summary>
        public const byte KasmeFunctionCode = 0x10;

        /// <summary>FC for CK' and IK' (TS 33.402 A.2).</summary>
        public const byte CkIkPrimeFunctionCode = 0x20;

        /// <summary>FC for KAUSF (TS 33.501 A.2).</summary>
        public const byte KausfFunctionCode = 0x6A;

        /// <summary>FC for RES* and XRES* (TS 33.501 A.4).</summary>
        public const byte ResStarFunctionCode = 0x6B;

        private const int CipherKeySize = 16; // CK and IK: 128 bits (TS 33.102 6.3.2)
        private const int SqnXorAkSize = 6; // SQN xor AK: 48 bits (TS 33.102 6.3.2)
        private const int ServingNetworkIdSize = 3; // TS 33.401 A.2: PLMN identity, MCC and MNC, 3 bytes (TS 24.301 9.9.3.32)
        private const int RandSize = 16; // RAND: 128 bits (TS 33.102 6.3.2)

        // TS 33.220 B.3: P0 = "gba-me" (0x67 0x62 0x61 0x2d 0x6d 0x65) for Ks_NAF.
        private static readonly byte[] GbaMe = { 0x67, 0x62, 0x61, 0x2d, 0x6d, 0x65 };

        private readonly byte[] s;
        private readonly HmacSha256 hmac = new HmacSha256();
        private readonly byte[] key = new byte[2 * CipherKeySize];
        private readonly byte[] derived = new byte[OutputSize];
        private int length;

        /// <summary>Creates a KDF whose S holds up to DefaultCapacity bytes.</summary>
        public Kdf()
            : this(DefaultCapacity)
        {
        }

        /// <summary>Creates a KDF whose S holds up to capacity bytes.</summary>
        public Kdf(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            s = new byte[capacity];
        }

        /// <summary>Starts S with the function code FC (TS 33.220 B.2.0).</summary>
        public void Begin(byte functionCode)
        {
            s[0] = functionCode;
            length = 1;
        }

        /// <summary>Appends the next parameter Pi (count bytes at parameter[offset]) followed by its length Li.</summary>
        public void Append(byte[] parameter, int offset, int count)
        {
            if (length == 0)
            {
                throw new InvalidOperationException("Begin must be called first");
            }

            if (parameter == null)
            {
                throw new ArgumentNullException(nameof(parameter));
            }

            if (offset < 0 || count < 0 || count > 0xffff || offset > parameter.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (count + 2 > s.Length - length)
            {
                throw new InvalidOperationException("KDF input S exceeds capacity");
            }

            // TS 33.220 B.2.0: Pi then Li, the length of Pi in octets as two octets, most significant first.
            Array.Copy(parameter, offset, s, length, count);
            length += count;
            s[length++] = (byte)(count >> 8);
            s[length++] = (byte)count;
        }

        /// <summary>
        /// Writes HMAC-SHA-256(key, S) (32 bytes) to output[outputOffset] (TS 33.220 B.2.0) and clears S;
        /// Begin starts the next derivation.
        /// </summary>
        public void Derive(byte[] keyBytes, int keyOffset, int keyCount, byte[] output, int outputOffset)
        {
            if (length == 0)
            {
                throw new InvalidOperationException("Begin must be called first");
            }

            hmac.SetKey(keyBytes, keyOffset, keyCount);
            hmac.Compute(s, 0, length, output, outputOffset);
            hmac.Clear();
            Array.Clear(s, 0, length);
            length = 0;
        }

        /// <summary>
        /// KASME (32 bytes) per TS 33.401 A.2: Key = CK || IK, FC = 0x10, P0 = serving network id
        /// (3-byte PLMN identity), P1 = SQN xor AK (6 bytes).
        /// </summary>
        public void DeriveKasme(
            byte[] ck, int ckOffset, byte[] ik, int ikOffset,
            byte[] servingNetworkId, int servingNetworkIdOffset,
            byte[] sqnXorAk, int sqnXorAkOffset,
            byte[] output, int outputOffset)
        {
            // TS 33.401 A.2: FC = 0x10, P0 = SN id, L0 = 0x00 0x03, P1 = SQN xor AK, L1 = 0x00 0x06.
            Begin(KasmeFunctionCode);
            Append(servingNetworkId, servingNetworkIdOffset, ServingNetworkIdSize);
            Append(sqnXorAk, sqnXorAkOffset, SqnXorAkSize);
            DeriveWithCkIk(ck, ckOffset, ik, ikOffset, output, outputOffset);
        }

        /// <summary>
        /// RES* or XRES* (16 bytes) per TS 33.501 A.4: Key = CK || IK, FC = 0x6B, P0 = serving network name
        /// (ASCII, e.g. "5G:mnc001.mcc001.3gppnetwork.org"), P1 = RAND, P2 = RES or XRES;
        /// the result is the 128 least significant bits of the KDF output.
        /// </summary>
        public void DeriveResStar(
            byte[] ck, int ckOffset, byte[] ik, int ikOffset,
            byte[] servingNetworkName, int servingNetworkNameOffset, int servingNetworkNameCount,
            byte[] rand, int randOffset,
            byte[] res, int resOffset, int resCount,
            byte[] output, int outputOffset)
        {
            // TS 33.501 A.4: FC = 0x6B, P0 = serving network name, P1 = RAND (L1 = 0x00 0x10), P2 = RES (L2 = its length).
            Begin(ResStarFunctionCode);
            Append(servingNetworkName, servingNetworkNameOffset, servingNetworkNameCount);
            Append(rand, randOffset, RandSize);
            Append(res, resOffset, resCount);
            DeriveWithCkIk(ck, ckOffset, ik, ikOffset, derived, 0);

            // TS 33.501 A.4: the (X)RES* is the 128 least significant bits of the output of the KDF.
            Array.Copy(derived, OutputSize - 16, output, outputOffset, 16);
            Array.Clear(derived, 0, derived.Length);
        }

        /// <summary>
        /// KAUSF (32 bytes) per TS 33.501 A.2: Key = CK || IK (5G AKA; CK' || IK' for EAP-AKA'), FC = 0x6A,
        /// P0 = serving network name (ASCII), P1 = SQN xor AK (6 bytes).
        /// </summary>
        public void DeriveKausf(
            byte[] ck, int ckOffset, byte[] ik, int ikOffset,
            byte[] servingNetworkName, int servingNetworkNameOffset, int servingNetworkNameCount,
            byte[] sqnXorAk, int sqnXorAkOffset,
            byte[] output, int outputOffset)
        {
            // TS 33.501 A.2: FC = 0x6A, P0 = serving network name, P1 = SQN xor AK, L1 = 0x00 0x06.
            Begin(KausfFunctionCode);
            Append(servingNetworkName, servingNetworkNameOffset, servingNetworkNameCount);
            Append(sqnXorAk, sqnXorAkOffset, SqnXorAkSize);
            DeriveWithCkIk(ck, ckOffset, ik, ikOffset, output, outputOffset);
        }

        /// <summary>
        /// CK' and IK' (16 bytes each) per TS 33.402 A.2: Key = CK || IK, FC = 0x20, P0 = access network
        /// identity (ASCII, e.g. "WLAN"), P1 = SQN xor AK (6 bytes); CK' || IK' = KDF output.
        /// </summary>
        public void DeriveCkIkPrime(
            byte[] ck, int ckOffset, byte[] ik, int ikOffset,
            byte[] accessNetworkIdentity, int accessNetworkIdentityOffset, int accessNetworkIdentityCount,
            byte[] sqnXorAk, int sqnXorAkOffset,
            byte[] ckPrime, int ckPrimeOffset, byte[] ikPrime, int ikPrimeOffset)
        {
            // TS 33.402 A.2: FC = 0x20, P0 = access network identity, P1 = SQN xor AK, L1 = 0x00 0x06.
            Begin(CkIkPrimeFunctionCode);
            Append(accessNetworkIdentity, accessNetworkIdentityOffset, accessNetworkIdentityCount);
            Append(sqnXorAk, sqnXorAkOffset, SqnXorAkSize);
            DeriveWithCkIk(ck, ckOffset, ik, ikOffset, derived, 0);

            // TS 33.402 A.2: CK' || IK' = KDF(CK || IK, S); CK' the 128 most significant bits.
            Array.Copy(derived, 0, ckPrime, ckPrimeOffset, CipherKeySize);
            Array.Copy(derived, CipherKeySize, ikPrime, ikPrimeOffset, CipherKeySize);
            Array.Clear(derived, 0, derived.Length);
        }

        /// <summary>
        /// Ks_NAF (32 bytes) per TS 33.220 B.3: Key = Ks = CK || IK (32 bytes at ks[ksOffset]), FC = 0x01,
        /// P0 = "gba-me", P1 = RAND, P2 = IMPI (UTF-8), P3 = NAF_Id (NAF FQDN || Ua security protocol identifier).
        /// </summary>
        public void DeriveKsNaf(
            byte[] ks, int ksOffset,
            byte[] rand, int randOffset,
            byte[] impi, int impiOffset, int impiCount,
            byte[] nafId, int nafIdOffset, int nafIdCount,
            byte[] output, int outputOffset)
        {
            // TS 33.220 B.3: FC = 0x01, P0 = "gba-me", P1 = RAND, P2 = IMPI, P3 = NAF_ID; Key = Ks.
            Begin(KsNafFunctionCode);
            Append(GbaMe, 0, GbaMe.Length);
            Append(rand, randOffset, RandSize);
            Append(impi, impiOffset, impiCount);
            Append(nafId, nafIdOffset, nafIdCount);
            Derive(ks, ksOffset, 2 * CipherKeySize, output, outputOffset);
        }

        /// <summary>Zeroes S and all keyed state.</summary>
        public void Clear()
        {
            Array.Clear(s, 0, s.Length);
            Array.Clear(key, 0, key.Length);
            Array.Clear(derived, 0, derived.Length);
            hmac.Clear();
            length = 0;
        }

        private void DeriveWithCkIk(byte[] ck, int ckOffset, byte[] ik, int ikOffset, byte[] output, int outputOffset)
        {
            // TS 33.401 A.2, TS 33.501 A.2/A.4, TS 33.402 A.2: Key = CK || IK.
            Array.Copy(ck, ckOffset, key, 0, CipherKeySize);
            Array.Copy(ik, ikOffset, key, CipherKeySize, CipherKeySize);
            Derive(key, 0, key.Length, output, outputOffset);
            Array.Clear(key, 0, key.Length);
        }
    }
}
