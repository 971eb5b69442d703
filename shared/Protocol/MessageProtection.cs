using System;
using M2MDevice.Crypto;

namespace M2MDevice.Protocol
{
    /// <summary>
    /// The end-to-end keys of one device-server exchange and what they do (docs/protocol.md, "Keys"):
    /// K_mac and K_enc are derived from Ks_NAF and the exchange's nonces with the TS 33.220 Annex B KDF,
    /// K_mac signs and verifies whole messages with AES-CMAC (RFC 4493), K_enc encrypts the package body with
    /// AES-CTR (SP 800-38A). Buffers and ciphers are allocated once; SetKeys rekeys without allocating.
    /// Holds secrets: call Clear when the exchange is over. Not thread-safe.
    /// </summary>
    public sealed class MessageProtection
    {
        /// <summary>
        /// FC of both derivations. TS 33.220 B.2.0 lets each specification that uses the KDF pick FC values; this
        /// project's value sits at the top of the single-octet space, away from the ranges 3GPP specifications
        /// have allocated so far, and the input key (Ks_NAF) is one no other 3GPP derivation takes (docs/protocol.md).
        /// </summary>
        public const byte FunctionCode = 0xFE;

        /// <summary>Length of Ks_NAF in bytes (TS 33.220 B.3: the 256-bit KDF output).</summary>
        public const int KsNafSize = 32;

        /// <summary>Nonce length in bytes, device and server alike.</summary>
        public const int NonceSize = 16;

        /// <summary>Length of K_mac and K_enc in bytes (AES-128).</summary>
        public const int KeySize = Aes128.KeySize;

        // TS 33.220 B.2.0: P0 is a static ASCII string; one label per derived key.
        private static readonly byte[] MacLabel = { 0x6d, 0x32, 0x6d, 0x2d, 0x6d, 0x61, 0x63 }; // "m2m-mac"
        private static readonly byte[] EncryptionLabel = { 0x6d, 0x32, 0x6d, 0x2d, 0x65, 0x6e, 0x63 }; // "m2m-enc"
        private static readonly byte[] Empty = new byte[0];

        private readonly Kdf kdf = new Kdf(64);
        private readonly byte[] derived = new byte[Kdf.OutputSize];
        private readonly byte[] counter = new byte[AesCtr.BlockSize];
        private readonly Aes128 macCipher;
        private readonly Aes128 encryptionCipher;
        private readonly AesCmac cmac;
        private readonly AesCtr ctr;
        private bool keyed;

        /// <summary>Creates an unkeyed instance; SetKeys before use.</summary>
        public MessageProtection()
        {
            macCipher = new Aes128(new byte[KeySize]);
            encryptionCipher = new Aes128(new byte[KeySize]);
            cmac = new AesCmac(macCipher);
            ctr = new AesCtr(encryptionCipher);
        }

        /// <summary>True after SetKeys and until Clear.</summary>
        public bool IsKeyed
        {
            get { return keyed; }
        }

        /// <summary>
        /// Derives K_mac = KDF(Ks_NAF, FC, "m2m-mac", device nonce, server nonce) and K_enc likewise with "m2m-enc"
        /// (TS 33.220 B.2.0 encoding), each the 128 least significant bits of the 256-bit output as TS 33.401 A.7 does
        /// for algorithm keys. serverNonceCount is 0 for exchanges with no server nonce (serverNonce may then be null).
        /// </summary>
        public void SetKeys(
            byte[] ksNaf, int ksNafOffset,
            byte[] deviceNonce, int deviceNonceOffset,
            byte[] serverNonce, int serverNonceOffset, int serverNonceCount)
        {
            TlvReader.CheckRange(ksNaf, ksNafOffset, KsNafSize);
            TlvReader.CheckRange(deviceNonce, deviceNonceOffset, NonceSize);
            if (serverNonceCount != 0 && serverNonceCount != NonceSize)
            {
                throw new ArgumentOutOfRangeException(nameof(serverNonceCount));
            }

            if (serverNonceCount == 0)
            {
                serverNonce = Empty;
                serverNonceOffset = 0;
            }

            TlvReader.CheckRange(serverNonce, serverNonceOffset, serverNonceCount);
            Derive(MacLabel, ksNaf, ksNafOffset, deviceNonce, deviceNonceOffset, serverNonce, serverNonceOffset, serverNonceCount);
            macCipher.SetKey(derived, Kdf.OutputSize - KeySize);
            cmac.GenerateSubkeys();

            Derive(EncryptionLabel, ksNaf, ksNafOffset, deviceNonce, deviceNonceOffset, serverNonce, serverNonceOffset, serverNonceCount);
            encryptionCipher.SetKey(derived, Kdf.OutputSize - KeySize);
            Array.Clear(derived, 0, derived.Length);
            keyed = true;
        }

        /// <summary>Writes AES-CMAC(K_mac, coveredCount bytes at buffer[offset]) to buffer[offset + coveredCount].</summary>
        public void Sign(byte[] buffer, int offset, int coveredCount)
        {
            RequireKeys();
            TlvReader.CheckRange(buffer, offset, coveredCount + MessageEnvelope.MacSize);
            cmac.Compute(buffer, offset, coveredCount, buffer, offset + coveredCount);
        }

        /// <summary>
        /// Checks the MAC of the authenticated message at buffer[offset] (count bytes available): the header is read
        /// (MessageEnvelope.TryReadHeader) to find the MAC, which must equal AES-CMAC(K_mac, header || body);
        /// compared in constant time. An unauthenticated type gives WrongType.
        /// </summary>
        public ProtocolResult VerifyMac(byte[] buffer, int offset, int count)
        {
            RequireKeys();
            MessageType type;
            int bodyLength;
            int messageLength;
            ProtocolResult result = MessageEnvelope.TryReadHeader(buffer, offset, count, out type, out bodyLength, out messageLength);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (!MessageEnvelope.IsAuthenticated(type))
            {
                return ProtocolResult.WrongType;
            }

            int covered = messageLength - MessageEnvelope.MacSize;
            bool equal = cmac.Verify(buffer, offset, covered, buffer, offset + covered, MessageEnvelope.MacSize);
            return equal ? ProtocolResult.Success : ProtocolResult.MacMismatch;
        }

        /// <summary>
        /// AES-CTR under K_enc with the initial counter block 0^128 (SP 800-38A 6.5); encrypts and decrypts alike.
        /// Safe because K_enc is new for every nonce pair and encrypts exactly one body. input and output may coincide.
        /// </summary>
        public void Transform(byte[] input, int inputOffset, byte[] output, int outputOffset, int count)
        {
            RequireKeys();
            TlvReader.CheckRange(input, inputOffset, count);
            TlvReader.CheckRange(output, outputOffset, count);
            Array.Clear(counter, 0, counter.Length);
            ctr.Transform(counter, 0, input, inputOffset, output, outputOffset, count);
        }

        /// <summary>Zeroes both keys and every work buffer; SetKeys before further use.</summary>
        public void Clear()
        {
            macCipher.Clear();
            encryptionCipher.Clear();
            cmac.Clear();
            ctr.Clear();
            kdf.Clear();
            Array.Clear(derived, 0, derived.Length);
            keyed = false;
        }

        /// <summary>
        /// Nonce binding (docs/protocol.md, "Checks"): Success when the received nonce (16 bytes) equals the one
        /// sent, NonceMismatch otherwise, MissingTag when none was received.
        /// </summary>
        public static ProtocolResult CheckNonce(byte[] received, byte[] expected, int expectedOffset)
        {
            TlvReader.CheckRange(expected, expectedOffset, NonceSize);
            if (received == null)
            {
                return ProtocolResult.MissingTag;
            }

            if (received.Length != NonceSize)
            {
                return ProtocolResult.NonceMismatch;
            }

            return ConstantTime.AreEqual(received, 0, expected, expectedOffset, NonceSize)
                ? ProtocolResult.Success
                : ProtocolResult.NonceMismatch;
        }

        private void Derive(
            byte[] label, byte[] ksNaf, int ksNafOffset,
            byte[] deviceNonce, int deviceNonceOffset,
            byte[] serverNonce, int serverNonceOffset, int serverNonceCount)
        {
            // TS 33.220 B.2.0: S = FC || P0 || L0 || P1 || L1 || P2 || L2; Key = Ks_NAF (256 bits).
            kdf.Begin(FunctionCode);
            kdf.Append(label, 0, label.Length);
            kdf.Append(deviceNonce, deviceNonceOffset, NonceSize);
            kdf.Append(serverNonce, serverNonceOffset, serverNonceCount);
            kdf.Derive(ksNaf, ksNafOffset, KsNafSize, derived, 0);
        }

        private void RequireKeys()
        {
            if (!keyed)
            {
                throw new InvalidOperationException("SetKeys first");
            }
        }
    }
}
