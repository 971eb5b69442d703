using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.KeyStore
{
    /// <summary>
    /// Binary form of a <see cref="UsimProfile"/> inside key-store records and the manufacture image
    /// (docs/keystore-format.md section 3.2): a sequence of TLV fields, one per profile field, null
    /// fields omitted, unknown or duplicate tags rejected.
    /// </summary>
    public static class ProfileCodec
    {
        private const byte TagEfImsi = 1;
        private const byte TagEfIccid = 2;
        private const byte TagMncLength = 3;
        private const byte TagAlgorithm = 4;
        private const byte TagK = 5;
        private const byte TagOpc = 6;
        private const byte TagTuakResLength = 7;
        private const byte TagTuakMacLength = 8;
        private const byte TagTuakCkLength = 9;
        private const byte TagTuakKeccakIterations = 10;
        private const byte TagHplmnWithAct = 11;
        private const byte TagOplmnWithAct = 12;
        private const byte TagPlmnWithAct = 13;
        private const byte TagEhplmn = 14;
        private const byte TagFplmn = 15;
        private const byte TagAcc = 16;
        private const byte TagMsisdn = 17;
        private const byte TagProfileSequence = 18;
        private const byte TagServiceProviderName = 19;
        private const byte TagTuakIkLength = 20;
        private const byte LastTag = TagTuakIkLength;

        /// <summary>Encoded length of the profile; throws ArgumentException when a required field is missing.</summary>
        public static int GetEncodedLength(UsimProfile profile)
        {
            Validate(profile);
            return Tlv.Size(profile.EfImsi) + Tlv.Size(profile.EfIccid) + Tlv.Size(profile.K) + Tlv.Size(profile.Opc)
                + Tlv.Size(profile.HplmnWithAct) + Tlv.Size(profile.OplmnWithAct) + Tlv.Size(profile.PlmnWithAct)
                + Tlv.Size(profile.Ehplmn) + Tlv.Size(profile.Fplmn) + Tlv.Size(profile.Acc)
                + Tlv.TextSize(profile.Msisdn) + Tlv.TextSize(profile.ServiceProviderName)
                + (7 * (Tlv.FieldOverhead + 1)) + Tlv.FieldOverhead + 4;
        }

        /// <summary>Writes the profile at buffer[offset..] and returns the encoded length.</summary>
        public static int Encode(UsimProfile profile, byte[] buffer, int offset)
        {
            int length = GetEncodedLength(profile);
            if (offset < 0 || offset + length > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            int p = offset;
            p = Tlv.PutBytes(buffer, p, TagEfImsi, profile.EfImsi);
            p = Tlv.PutBytes(buffer, p, TagEfIccid, profile.EfIccid);
            p = Tlv.PutByte(buffer, p, TagMncLength, profile.MncLength);
            p = Tlv.PutByte(buffer, p, TagAlgorithm, (byte)profile.Algorithm);
            p = Tlv.PutBytes(buffer, p, TagK, profile.K);
            p = Tlv.PutBytes(buffer, p, TagOpc, profile.Opc);
            p = Tlv.PutByte(buffer, p, TagTuakResLength, profile.TuakResLength);
            p = Tlv.PutByte(buffer, p, TagTuakMacLength, profile.TuakMacLength);
            p = Tlv.PutByte(buffer, p, TagTuakCkLength, profile.TuakCkLength);
            p = Tlv.PutByte(buffer, p, TagTuakKeccakIterations, profile.TuakKeccakIterations);
            p = Tlv.PutBytes(buffer, p, TagHplmnWithAct, profile.HplmnWithAct);
            p = Tlv.PutBytes(buffer, p, TagOplmnWithAct, profile.OplmnWithAct);
            p = Tlv.PutBytes(buffer, p, TagPlmnWithAct, profile.PlmnWithAct);
            p = Tlv.PutBytes(buffer, p, TagEhplmn, profile.Ehplmn);
            p = Tlv.PutBytes(buffer, p, TagFplmn, profile.Fplmn);
            p = Tlv.PutBytes(buffer, p, TagAcc, profile.Acc);
            p = Tlv.PutText(buffer, p, TagMsisdn, profile.Msisdn);
            p = Tlv.PutUInt32(buffer, p, TagProfileSequence, profile.ProfileSequence);
            p = Tlv.PutText(buffer, p, TagServiceProviderName, profile.ServiceProviderName);
            p = Tlv.PutByte(buffer, p, TagTuakIkLength, profile.TuakIkLength);
            return p - offset;
        }

        /// <summary>
        /// Parses buffer[offset..offset+count) into a new profile. Returns <see cref="RecordStatus.Valid"/>
        /// or <see cref="RecordStatus.BadBody"/> (profile null) for any malformed, unknown, duplicate or
        /// missing field. Never throws for any content.
        /// </summary>
        public static RecordStatus TryDecode(byte[] buffer, int offset, int count, out UsimProfile profile)
        {
            profile = null;
            UsimProfile result = new UsimProfile();
            int end = offset + count;
            int p = offset;
            uint seen = 0;
            while (p < end)
            {
                byte tag;
                int valueOffset;
                int valueLength;
                if (!Tlv.TryRead(buffer, p, end, out tag, out valueOffset, out valueLength)
                    || tag == 0 || tag > LastTag || !Tlv.MarkSeen(ref seen, tag))
                {
                    Wipe(result);
                    return RecordStatus.BadBody;
                }

                if (!ReadField(result, tag, buffer, valueOffset, valueLength))
                {
                    Wipe(result);
                    return RecordStatus.BadBody;
                }

                p = valueOffset + valueLength;
            }

            if (result.EfImsi == null || result.K == null || result.Opc == null
                || (result.Algorithm != AkaAlgorithmKind.Milenage && result.Algorithm != AkaAlgorithmKind.Tuak))
            {
                Wipe(result);
                return RecordStatus.BadBody;
            }

            if ((seen & (1u << TagTuakIkLength)) == 0)
            {
                // Tag 9 alone (written before tag 20 existed) gave one length for CK and IK.
                result.TuakIkLength = result.TuakCkLength;
            }

            profile = result;
            return RecordStatus.Valid;
        }

        /// <summary>A deep copy (the store hands out copies so callers cannot change its state).</summary>
        public static UsimProfile Clone(UsimProfile profile)
        {
            if (profile == null)
            {
                return null;
            }

            UsimProfile copy = new UsimProfile();
            copy.EfImsi = CloneBytes(profile.EfImsi);
            copy.EfIccid = CloneBytes(profile.EfIccid);
            copy.MncLength = profile.MncLength;
            copy.Algorithm = profile.Algorithm;
            copy.K = CloneBytes(profile.K);
            copy.Opc = CloneBytes(profile.Opc);
            copy.TuakResLength = profile.TuakResLength;
            copy.TuakMacLength = profile.TuakMacLength;
            copy.TuakCkLength = profile.TuakCkLength;
            copy.TuakIkLength = profile.TuakIkLength;
            copy.TuakKeccakIterations = profile.TuakKeccakIterations;
            copy.HplmnWithAct = CloneBytes(profile.HplmnWithAct);
            copy.OplmnWithAct = CloneBytes(profile.OplmnWithAct);
            copy.PlmnWithAct = CloneBytes(profile.PlmnWithAct);
            copy.Ehplmn = CloneBytes(profile.Ehplmn);
            copy.Fplmn = CloneBytes(profile.Fplmn);
            copy.Acc = CloneBytes(profile.Acc);
            copy.Msisdn = profile.Msisdn;
            copy.ProfileSequence = profile.ProfileSequence;
            copy.ServiceProviderName = profile.ServiceProviderName;
            return copy;
        }

        /// <summary>Zeroes the profile's secrets (K, OPc).</summary>
        public static void Wipe(UsimProfile profile)
        {
            if (profile == null)
            {
                return;
            }

            if (profile.K != null)
            {
                Array.Clear(profile.K, 0, profile.K.Length);
            }

            if (profile.Opc != null)
            {
                Array.Clear(profile.Opc, 0, profile.Opc.Length);
            }
        }

        private static void Validate(UsimProfile profile)
        {
            if (profile == null)
            {
                throw new ArgumentNullException(nameof(profile));
            }

            if (profile.EfImsi == null || profile.K == null || profile.Opc == null)
            {
                throw new ArgumentException("profile lacks EF_IMSI, K or OPc", nameof(profile));
            }

            if (!IsKeyLength(profile.K.Length) || !IsKeyLength(profile.Opc.Length))
            {
                throw new ArgumentException("K and OPc must be 16 or 32 bytes", nameof(profile));
            }

            if (!Tlv.IsAscii(profile.Msisdn) || !Tlv.IsAscii(profile.ServiceProviderName))
            {
                throw new ArgumentException("MSISDN and service provider name must be printable ASCII", nameof(profile));
            }
        }

        private static bool IsKeyLength(int length)
        {
            return length == 16 || length == 32;
        }

        private static bool ReadField(UsimProfile result, byte tag, byte[] buffer, int offset, int length)
        {
            switch (tag)
            {
                case TagEfImsi:
                    result.EfImsi = Tlv.Copy(buffer, offset, length);
                    return true;
                case TagEfIccid:
                    result.EfIccid = Tlv.Copy(buffer, offset, length);
                    return true;
                case TagMncLength:
                    return ReadByte(buffer, offset, length, out result.MncLength);
                case TagAlgorithm:
                    byte algorithm;
                    bool ok = ReadByte(buffer, offset, length, out algorithm);
                    result.Algorithm = (AkaAlgorithmKind)algorithm;
                    return ok;
                case TagK:
                    result.K = Tlv.Copy(buffer, offset, length);
                    return IsKeyLength(length);
                case TagOpc:
                    result.Opc = Tlv.Copy(buffer, offset, length);
                    return IsKeyLength(length);
                case TagTuakResLength:
                    return ReadByte(buffer, offset, length, out result.TuakResLength);
                case TagTuakMacLength:
                    return ReadByte(buffer, offset, length, out result.TuakMacLength);
                case TagTuakCkLength:
                    return ReadByte(buffer, offset, length, out result.TuakCkLength);
                case TagTuakIkLength:
                    return ReadByte(buffer, offset, length, out result.TuakIkLength);
                case TagTuakKeccakIterations:
                    return ReadByte(buffer, offset, length, out result.TuakKeccakIterations);
                case TagHplmnWithAct:
                    result.HplmnWithAct = Tlv.Copy(buffer, offset, length);
                    return true;
                case TagOplmnWithAct:
                    result.OplmnWithAct = Tlv.Copy(buffer, offset, length);
                    return true;
                case TagPlmnWithAct:
                    result.PlmnWithAct = Tlv.Copy(buffer, offset, length);
                    return true;
                case TagEhplmn:
                    result.Ehplmn = Tlv.Copy(buffer, offset, length);
                    return true;
                case TagFplmn:
                    result.Fplmn = Tlv.Copy(buffer, offset, length);
                    return true;
                case TagAcc:
                    result.Acc = Tlv.Copy(buffer, offset, length);
                    return true;
                case TagMsisdn:
                    return Tlv.TryText(buffer, offset, length, out result.Msisdn);
                case TagProfileSequence:
                    if (length != 4)
                    {
                        return false;
                    }

                    result.ProfileSequence = RecordCodec.ReadUInt32(buffer, offset);
                    return true;
                case TagServiceProviderName:
                    return Tlv.TryText(buffer, offset, length, out result.ServiceProviderName);
                default:
                    return false;
            }
        }

        private static bool ReadByte(byte[] buffer, int offset, int length, out byte value)
        {
            value = 0;
            if (length != 1)
            {
                return false;
            }

            value = buffer[offset];
            return true;
        }

        private static byte[] CloneBytes(byte[] value)
        {
            if (value == null)
            {
                return null;
            }

            byte[] copy = new byte[value.Length];
            Array.Copy(value, copy, value.Length);
            return copy;
        }
    }
}
