namespace M2MDevice.Protocol
{
    /// <summary>
    /// Field tags, one number space shared by all messages (docs/protocol.md, "Tags"). A tag is one byte:
    /// 0x01-0x7F comprehension required (a receiver that does not know it rejects the message),
    /// 0x80-0xFE comprehension optional (skipped when unknown), 0x00 and 0xFF reserved (always rejected).
    /// A number, once assigned, is never given another meaning: retired tags stay reserved.
    /// </summary>
    public static class ProtocolTag
    {
        /// <summary>IMPI, ASCII (TS 23.003 13.3).</summary>
        public const byte Impi = 0x01;

        /// <summary>RAND, 16 bytes (TS 33.102 6.3.7).</summary>
        public const byte Rand = 0x02;

        /// <summary>AUTN, 16, 24 or 40 bytes (TS 33.102 6.3.2; TUAK MAC lengths of TS 35.231 5.1).</summary>
        public const byte Autn = 0x03;

        /// <summary>RES, 4 to 16 bytes (MILENAGE) or 4, 8, 16, 32 (TUAK).</summary>
        public const byte Res = 0x04;

        /// <summary>AUTS, 14, 22 or 38 bytes (TS 33.102 6.3.3).</summary>
        public const byte Auts = 0x05;

        /// <summary>B-TID, ASCII "base64(RAND)@host" (TS 33.220 4.5.2).</summary>
        public const byte BTid = 0x06;

        /// <summary>Lifetime in seconds, 4 bytes big-endian.</summary>
        public const byte Lifetime = 0x07;

        /// <summary>Device nonce, 16 bytes.</summary>
        public const byte DeviceNonce = 0x08;

        /// <summary>Server (home operator) nonce, 16 bytes.</summary>
        public const byte ServerNonce = 0x09;

        /// <summary>Home operator status, 1 byte (HomeOperatorStatus).</summary>
        public const byte HomeOperatorStatus = 0x0A;

        /// <summary>Retry after, seconds, 4 bytes big-endian.</summary>
        public const byte RetryAfter = 0x0B;

        /// <summary>Home operator address, ASCII https URL.</summary>
        public const byte HomeOperatorAddress = 0x0C;

        /// <summary>Home operator identity: its NAF_Id (TS 33.220 B.3: FQDN || Ua security protocol identifier).</summary>
        public const byte HomeOperatorId = 0x0D;

        /// <summary>Home operator trust anchor: one DER X.509 certificate.</summary>
        public const byte TrustAnchor = 0x0E;

        /// <summary>Profile sequence number, 4 bytes big-endian.</summary>
        public const byte ProfileSequence = 0x0F;

        /// <summary>Sequence number of the last installed profile, 4 bytes big-endian (0: none).</summary>
        public const byte LastInstalledSequence = 0x10;

        /// <summary>Resume offset into a previously sent package, 4 bytes big-endian (0: fresh).</summary>
        public const byte ResumeOffset = 0x11;

        /// <summary>The AES-CTR encrypted package body.</summary>
        public const byte EncryptedBody = 0x12;

        /// <summary>PLMN identity, 3 bytes (TS 24.008 10.5.1.13 coding).</summary>
        public const byte Plmn = 0x13;

        /// <summary>Failure cause, 1 byte (FailureCause).</summary>
        public const byte FailureCause = 0x14;

        /// <summary>NAS reject cause the network gave, 1 byte (TS 24.008 10.5.3.6 / TS 24.301 9.9.3.9).</summary>
        public const byte NetworkRejectCause = 0x15;

        /// <summary>Message type acknowledged, 1 byte (MessageType).</summary>
        public const byte AcknowledgedType = 0x16;

        /// <summary>Error cause, 1 byte (ErrorCause).</summary>
        public const byte ErrorCause = 0x17;

        /// <summary>IMSI, 6 to 15 ASCII digits (TS 23.003 2.2).</summary>
        public const byte Imsi = 0x30;

        /// <summary>Algorithm, 1 byte: 1 MILENAGE, 2 TUAK (AkaAlgorithmKind).</summary>
        public const byte Algorithm = 0x31;

        /// <summary>K, 16 bytes (MILENAGE) or 16/32 bytes (TUAK).</summary>
        public const byte K = 0x32;

        /// <summary>OPc, 16 bytes (MILENAGE), or TOPc, 32 bytes (TUAK).</summary>
        public const byte Opc = 0x33;

        /// <summary>TUAK parameters, 5 bytes: MAC, RES, CK, IK lengths in bytes, Keccak iterations (TS 35.231 5.1, 7.2).</summary>
        public const byte TuakParameters = 0x34;

        /// <summary>AMF, 2 bytes (TS 33.102 6.3.2).</summary>
        public const byte Amf = 0x35;

        /// <summary>SQN: IND length in bits, 1 byte (TS 33.102 C.1.1).</summary>
        public const byte SqnIndLength = 0x36;

        /// <summary>SQN: delta, 6 bytes big-endian (TS 33.102 C.2.2).</summary>
        public const byte SqnDelta = 0x37;

        /// <summary>SQN: age limit L, 6 bytes big-endian, optional (TS 33.102 C.2.2).</summary>
        public const byte SqnAgeLimit = 0x38;

        /// <summary>ICCID, 18 to 20 ASCII digits (ITU-T E.118).</summary>
        public const byte Iccid = 0x39;

        /// <summary>MSISDN, 1 to 15 ASCII digits, optional (ITU-T E.164).</summary>
        public const byte Msisdn = 0x3A;

        /// <summary>MNC length in the IMSI, 1 byte: 2 or 3 (TS 31.102 4.2.18).</summary>
        public const byte MncLength = 0x3B;

        /// <summary>Equivalent home PLMNs, 3 bytes each (EF_EHPLMN, TS 31.102 4.2.84).</summary>
        public const byte HomePlmns = 0x3C;

        /// <summary>Home PLMN with access technology, 5 bytes each (EF_HPLMNwAcT, TS 31.102 4.2.54).</summary>
        public const byte HomePlmnsWithAct = 0x3D;

        /// <summary>Operator controlled PLMN selector with access technology, 5 bytes each (EF_OPLMNwACT, TS 31.102 4.2.53).</summary>
        public const byte OperatorPlmnsWithAct = 0x3E;

        /// <summary>Forbidden PLMNs, initial content, 3 bytes each (EF_FPLMN, TS 31.102 4.2.16).</summary>
        public const byte ForbiddenPlmns = 0x3F;

        /// <summary>Service provider name, 1 to 16 printable ASCII characters, optional (EF_SPN, TS 31.102 4.2.12).</summary>
        public const byte ServiceProviderName = 0x40;

        /// <summary>Access control class, 2 bytes, optional (EF_ACC, TS 31.102 4.2.15).</summary>
        public const byte AccessControlClass = 0x41;

        /// <summary>First comprehension-optional tag: unknown tags from here up are skipped.</summary>
        public const byte FirstOptional = 0x80;

        /// <summary>Reserved: never valid.</summary>
        public const byte ReservedZero = 0x00;

        /// <summary>Reserved for a future extended tag form: never valid in version 1.</summary>
        public const byte ReservedExtension = 0xFF;

        /// <summary>True when a receiver that does not know the tag must reject the message.</summary>
        public static bool IsCritical(byte tag)
        {
            return tag < FirstOptional || tag == ReservedExtension;
        }
    }
}
