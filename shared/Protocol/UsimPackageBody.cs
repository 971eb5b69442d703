using M2MDevice.Aka;

namespace M2MDevice.Protocol
{
    /// <summary>
    /// The plaintext of a USIM package (ARCHITECTURE 3.5): the subscription the home operator provisions. Encoded as a
    /// message of type UsimPackageBody that travels only AES-CTR encrypted inside a UsimPackage. Plain data: the firmware
    /// maps it to its own profile record. Holds K and OPc: never log it; call Clear when done.
    /// </summary>
    public sealed class UsimPackageBody : IMessageFields
    {
        /// <summary>IMSI, 6 to 15 ASCII digits (tag 0x30; TS 23.003 2.2).</summary>
        public byte[] Imsi;

        /// <summary>Algorithm set (tag 0x31).</summary>
        public AkaAlgorithmKind Algorithm;

        /// <summary>K: 16 bytes for MILENAGE, 16 or 32 for TUAK (tag 0x32). Secret.</summary>
        public byte[] K;

        /// <summary>OPc, 16 bytes, for MILENAGE; TOPc, 32 bytes, for TUAK (tag 0x33). Secret.</summary>
        public byte[] Opc;

        /// <summary>TUAK only: MAC-A/MAC-S length in bytes, 8, 16 or 32 (tag 0x34 byte 1).</summary>
        public byte TuakMacLength;

        /// <summary>TUAK only: RES length in bytes, 4, 8, 16 or 32 (tag 0x34 byte 2).</summary>
        public byte TuakResLength;

        /// <summary>TUAK only: CK length in bytes, 16 or 32 (tag 0x34 byte 3).</summary>
        public byte TuakCkLength;

        /// <summary>TUAK only: IK length in bytes, 16 or 32 (tag 0x34 byte 4).</summary>
        public byte TuakIkLength;

        /// <summary>TUAK only: Keccak iterations, at least 1 (tag 0x34 byte 5; TS 35.231 7.2).</summary>
        public byte TuakKeccakIterations;

        /// <summary>AMF the home network uses, 2 bytes (tag 0x35).</summary>
        public byte[] Amf;

        /// <summary>IND length in bits, 1 to 8 (tag 0x36; TS 33.102 C.3.2 suggests 5).</summary>
        public byte SqnIndLength;

        /// <summary>Delta of the SQN freshness check, 1 to 2^48 - 1 (tag 0x37; TS 33.102 C.2.2).</summary>
        public long SqnDelta;

        /// <summary>Age limit L of the SQN check, or 0 for none (tag 0x38, present only when not 0; TS 33.102 C.2.2).</summary>
        public long SqnAgeLimit;

        /// <summary>ICCID, 18 to 20 ASCII digits (tag 0x39).</summary>
        public byte[] Iccid;

        /// <summary>MSISDN, 1 to 15 ASCII digits, or null (tag 0x3A, optional).</summary>
        public byte[] Msisdn;

        /// <summary>Length of the MNC in the IMSI, 2 or 3 (tag 0x3B; EF_AD byte 4, TS 31.102 4.2.18).</summary>
        public byte MncLength;

        /// <summary>EF_EHPLMN content, 3 bytes per PLMN, or null (tag 0x3C).</summary>
        public byte[] HomePlmns;

        /// <summary>EF_HPLMNwAcT content, 5 bytes per entry, or null (tag 0x3D).</summary>
        public byte[] HomePlmnsWithAct;

        /// <summary>EF_OPLMNwACT content, 5 bytes per entry, or null (tag 0x3E).</summary>
        public byte[] OperatorPlmnsWithAct;

        /// <summary>Initial EF_FPLMN content, 3 bytes per PLMN, or null (tag 0x3F).</summary>
        public byte[] ForbiddenPlmns;

        /// <summary>Service provider name, 1 to 16 printable ASCII characters, or null (tag 0x40).</summary>
        public byte[] ServiceProviderName;

        /// <summary>EF_ACC content, 2 bytes, or null (tag 0x41).</summary>
        public byte[] AccessControlClass;

        /// <summary>Checks every field against its rule (docs/protocol.md); Success or the first violation.</summary>
        public ProtocolResult Validate()
        {
            ProtocolResult result = FieldRules.Digits(Imsi, ProtocolLimits.MinImsiDigits, ProtocolLimits.MaxImsiDigits);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            result = ValidateAlgorithm();
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            result = FieldRules.Fixed(Amf, 2);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            // TS 33.102 C.1.1: SQN = SEQ || IND in 48 bits; C.2.2: delta and L are positive 48-bit quantities.
            if (SqnIndLength < 1 || SqnIndLength > 8 || SqnDelta < 1 || SqnDelta > 0xFFFFFFFFFFFFL
                || SqnAgeLimit < 0 || SqnAgeLimit > 0xFFFFFFFFFFFFL)
            {
                return ProtocolResult.BadValue;
            }

            result = FieldRules.Digits(Iccid, ProtocolLimits.MinIccidDigits, ProtocolLimits.MaxIccidDigits);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (Msisdn != null)
            {
                result = FieldRules.Digits(Msisdn, 1, ProtocolLimits.MaxMsisdnDigits);
                if (result != ProtocolResult.Success)
                {
                    return result;
                }
            }

            // TS 31.102 4.2.18: the MNC of the IMSI is 2 or 3 digits; TS 23.003 2.2: MCC 3 digits, MSIN at least 1.
            if ((MncLength != 2 && MncLength != 3) || Imsi.Length < 3 + MncLength + 1)
            {
                return ProtocolResult.BadValue;
            }

            result = ValidateLists();
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            result = FieldRules.OptionalRange(ServiceProviderName, 1, ProtocolLimits.MaxServiceProviderNameLength);
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (ServiceProviderName != null && !Ascii.IsPrintable(ServiceProviderName, 0, ServiceProviderName.Length, true))
            {
                return ProtocolResult.BadValue;
            }

            return FieldRules.OptionalRange(AccessControlClass, 2, 2);
        }

        /// <summary>Writes the body (a UsimPackageBody message) to buffer[offset], at most capacity bytes.</summary>
        public ProtocolResult Encode(byte[] buffer, int offset, int capacity, out int length)
        {
            return MessageCodec.Encode(this, MessageType.UsimPackageBody, buffer, offset, capacity, out length);
        }

        /// <summary>Zeroes K and OPc (the firmware calls this once it has stored them).</summary>
        public void Clear()
        {
            if (K != null)
            {
                System.Array.Clear(K, 0, K.Length);
            }

            if (Opc != null)
            {
                System.Array.Clear(Opc, 0, Opc.Length);
            }
        }

        /// <summary>Decodes a message that fills exactly count bytes at buffer[offset] (structure and field rules; no MAC check).</summary>
        public static ProtocolResult TryDecode(byte[] buffer, int offset, int count, out UsimPackageBody message)
        {
            TlvReader reader = new TlvReader(buffer, offset, count);
            ProtocolResult result = TryDecode(reader, out message);
            if (result == ProtocolResult.Success && reader.Remaining != 0)
            {
                message = null;
                return ProtocolResult.BadLength;
            }

            return result;
        }

        /// <summary>Decodes the message at the reader's position and moves past it; on failure the reader does not move.</summary>
        public static ProtocolResult TryDecode(TlvReader reader, out UsimPackageBody message)
        {
            UsimPackageBody decoded = new UsimPackageBody();
            ProtocolResult result = MessageCodec.TryDecode(reader, MessageType.UsimPackageBody, decoded);
            if (result != ProtocolResult.Success)
            {
                decoded.Clear(); // K and OPc of a rejected body are wiped, not left to the collector
                message = null;
                return result;
            }

            message = decoded;
            return ProtocolResult.Success;
        }

        private static void WriteOptional(TlvWriter writer, byte tag, byte[] value)
        {
            if (value != null)
            {
                writer.WriteBytes(tag, value);
            }
        }

        private ProtocolResult ValidateAlgorithm()
        {
            if (Algorithm == AkaAlgorithmKind.Milenage)
            {
                // TS 35.206 2: K and OPc are 128 bits; MILENAGE has no TUAK parameters.
                if (TuakMacLength != 0 || TuakResLength != 0 || TuakCkLength != 0 || TuakIkLength != 0 || TuakKeccakIterations != 0)
                {
                    return ProtocolResult.UnexpectedTag;
                }

                return FieldRules.First(FieldRules.Fixed(K, 16), FieldRules.Fixed(Opc, 16));
            }

            if (Algorithm != AkaAlgorithmKind.Tuak)
            {
                return ProtocolResult.BadValue;
            }

            // TS 35.231 5.1: K is 128 or 256 bits, TOPc 256 bits.
            ProtocolResult result = FieldRules.Range(K, 16, 32);
            if (result == ProtocolResult.Success && K.Length != 16 && K.Length != 32)
            {
                result = ProtocolResult.BadLength;
            }

            result = FieldRules.First(result, FieldRules.Fixed(Opc, 32));
            if (result != ProtocolResult.Success)
            {
                return result;
            }

            if (TuakMacLength == 0 && TuakResLength == 0 && TuakCkLength == 0 && TuakIkLength == 0 && TuakKeccakIterations == 0)
            {
                return ProtocolResult.MissingTag;
            }

            // TS 35.231 5.1: MAC 64/128/256, RES 32/64/128/256, CK and IK 128/256 bits; 7.2: at least one iteration.
            bool valid = (TuakMacLength == 8 || TuakMacLength == 16 || TuakMacLength == 32)
                && (TuakResLength == 4 || TuakResLength == 8 || TuakResLength == 16 || TuakResLength == 32)
                && (TuakCkLength == 16 || TuakCkLength == 32)
                && (TuakIkLength == 16 || TuakIkLength == 32)
                && TuakKeccakIterations >= 1;
            return valid ? ProtocolResult.Success : ProtocolResult.BadValue;
        }

        private ProtocolResult ValidateLists()
        {
            ProtocolResult result = FieldRules.OptionalList(HomePlmns, ProtocolLimits.PlmnSize, ProtocolLimits.MaxPlmnEntries);
            result = FieldRules.First(result, FieldRules.OptionalList(HomePlmnsWithAct, ProtocolLimits.PlmnWithActSize, ProtocolLimits.MaxPlmnEntries));
            result = FieldRules.First(result, FieldRules.OptionalList(OperatorPlmnsWithAct, ProtocolLimits.PlmnWithActSize, ProtocolLimits.MaxPlmnEntries));
            return FieldRules.First(result, FieldRules.OptionalList(ForbiddenPlmns, ProtocolLimits.PlmnSize, ProtocolLimits.MaxPlmnEntries));
        }

        void IMessageFields.WriteFields(TlvWriter writer)
        {
            writer.WriteBytes(ProtocolTag.Imsi, Imsi);
            writer.WriteByte(ProtocolTag.Algorithm, (byte)Algorithm);
            writer.WriteBytes(ProtocolTag.K, K);
            writer.WriteBytes(ProtocolTag.Opc, Opc);
            if (Algorithm == AkaAlgorithmKind.Tuak)
            {
                byte[] tuak = { TuakMacLength, TuakResLength, TuakCkLength, TuakIkLength, TuakKeccakIterations };
                writer.WriteBytes(ProtocolTag.TuakParameters, tuak);
            }

            writer.WriteBytes(ProtocolTag.Amf, Amf);
            writer.WriteByte(ProtocolTag.SqnIndLength, SqnIndLength);
            writer.WriteUInt48(ProtocolTag.SqnDelta, SqnDelta);
            if (SqnAgeLimit != 0)
            {
                writer.WriteUInt48(ProtocolTag.SqnAgeLimit, SqnAgeLimit);
            }

            writer.WriteBytes(ProtocolTag.Iccid, Iccid);
            WriteOptional(writer, ProtocolTag.Msisdn, Msisdn);
            writer.WriteByte(ProtocolTag.MncLength, MncLength);
            WriteOptional(writer, ProtocolTag.HomePlmns, HomePlmns);
            WriteOptional(writer, ProtocolTag.HomePlmnsWithAct, HomePlmnsWithAct);
            WriteOptional(writer, ProtocolTag.OperatorPlmnsWithAct, OperatorPlmnsWithAct);
            WriteOptional(writer, ProtocolTag.ForbiddenPlmns, ForbiddenPlmns);
            WriteOptional(writer, ProtocolTag.ServiceProviderName, ServiceProviderName);
            WriteOptional(writer, ProtocolTag.AccessControlClass, AccessControlClass);
        }

        ProtocolResult IMessageFields.ReadFields(TlvReader reader)
        {
            while (!reader.IsAtBodyEnd)
            {
                byte tag;
                int valueOffset;
                int valueLength;
                ProtocolResult result = reader.TryReadTlv(out tag, out valueOffset, out valueLength);
                if (result != ProtocolResult.Success)
                {
                    return result;
                }

                switch (tag)
                {
                    case ProtocolTag.Imsi:
                        Imsi = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.Algorithm:
                        byte algorithm;
                        result = reader.ReadByte(valueOffset, valueLength, out algorithm);
                        Algorithm = (AkaAlgorithmKind)algorithm;
                        break;
                    case ProtocolTag.K:
                        K = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.Opc:
                        Opc = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.TuakParameters:
                        if (valueLength != 5)
                        {
                            result = ProtocolResult.BadLength;
                            break;
                        }

                        // A present TUAK field must be valid, so all-zero cannot pass as "absent".
                        if (reader.Buffer[valueOffset + 4] == 0)
                        {
                            result = ProtocolResult.BadValue;
                            break;
                        }

                        TuakMacLength = reader.Buffer[valueOffset];
                        TuakResLength = reader.Buffer[valueOffset + 1];
                        TuakCkLength = reader.Buffer[valueOffset + 2];
                        TuakIkLength = reader.Buffer[valueOffset + 3];
                        TuakKeccakIterations = reader.Buffer[valueOffset + 4];
                        break;
                    case ProtocolTag.Amf:
                        Amf = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.SqnIndLength:
                        result = reader.ReadByte(valueOffset, valueLength, out SqnIndLength);
                        break;
                    case ProtocolTag.SqnDelta:
                        result = reader.ReadUInt48(valueOffset, valueLength, out SqnDelta);
                        break;
                    case ProtocolTag.SqnAgeLimit:
                        result = reader.ReadUInt48(valueOffset, valueLength, out SqnAgeLimit);
                        if (result == ProtocolResult.Success && SqnAgeLimit == 0)
                        {
                            result = ProtocolResult.BadValue;
                        }

                        break;
                    case ProtocolTag.Iccid:
                        Iccid = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.Msisdn:
                        Msisdn = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.MncLength:
                        result = reader.ReadByte(valueOffset, valueLength, out MncLength);
                        break;
                    case ProtocolTag.HomePlmns:
                        HomePlmns = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.HomePlmnsWithAct:
                        HomePlmnsWithAct = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.OperatorPlmnsWithAct:
                        OperatorPlmnsWithAct = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.ForbiddenPlmns:
                        ForbiddenPlmns = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.ServiceProviderName:
                        ServiceProviderName = reader.CopyValue(valueOffset, valueLength);
                        break;
                    case ProtocolTag.AccessControlClass:
                        AccessControlClass = reader.CopyValue(valueOffset, valueLength);
                        break;
                    default:
                        result = ProtocolTag.IsCritical(tag) ? ProtocolResult.UnknownCriticalTag : ProtocolResult.Success;
                        break;
                }

                if (result != ProtocolResult.Success)
                {
                    return result;
                }
            }

            bool complete = reader.HasSeen(ProtocolTag.Algorithm) && reader.HasSeen(ProtocolTag.SqnIndLength)
                && reader.HasSeen(ProtocolTag.SqnDelta) && reader.HasSeen(ProtocolTag.MncLength);
            return complete ? ProtocolResult.Success : ProtocolResult.MissingTag;
        }
    }
}
