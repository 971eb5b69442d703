using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// Turns a verified, decrypted UsimPackageBody into the <see cref="UsimProfile"/> the key store stages
    /// (docs/provisioning.md section 6): IMSI and ICCID into their EF encodings, secrets and PLMN lists copied (the
    /// caller clears the body afterwards). Refuses what the soft USIM cannot honour as it stands.
    /// </summary>
    public static class UsimPackageMapper
    {
        /// <summary>
        /// Maps body with the package's profile sequence. False (profile null) when the content is unusable here:
        /// IND length other than 5 bits or delta other than 2^28 (the soft USIM's fixed TS 33.102 C.3 profile), an age
        /// limit (not supported), or fields the USIM's EF encodings do not hold.
        /// </summary>
        public static bool TryMap(UsimPackageBody body, uint profileSequence, out UsimProfile profile)
        {
            profile = null;
            if (body == null || profileSequence == 0)
            {
                return false;
            }

            // TS 33.102 C.3: the soft USIM's SQN array uses a 5-bit IND and delta = 2^28; the profile holds no other.
            if (body.SqnIndLength != UsimSqnState.IndBits || body.SqnDelta != UsimSqnState.DefaultDelta || body.SqnAgeLimit != 0)
            {
                return false;
            }

            if (body.Imsi == null || body.Iccid == null || body.K == null || body.Opc == null
                || !Ascii.IsDigits(body.Imsi, 0, body.Imsi.Length) || !Ascii.IsDigits(body.Iccid, 0, body.Iccid.Length)
                || body.Imsi.Length < ProtocolLimits.MinImsiDigits || body.Imsi.Length > ProtocolLimits.MaxImsiDigits
                || body.Iccid.Length > 2 * UsimEncoding.IccidFileLength)
            {
                return false;
            }

            if (body.Algorithm != AkaAlgorithmKind.Milenage && body.Algorithm != AkaAlgorithmKind.Tuak)
            {
                return false;
            }

            UsimProfile mapped = new UsimProfile();

            // TS 31.102 4.2.2: EF_IMSI; TS 102 221 13.2: EF_ICCID.
            mapped.EfImsi = new byte[UsimEncoding.ImsiFileLength];
            UsimEncoding.EncodeImsi(Ascii.GetString(body.Imsi), mapped.EfImsi, 0);
            mapped.EfIccid = new byte[UsimEncoding.IccidFileLength];
            UsimEncoding.EncodeIccid(Ascii.GetString(body.Iccid), mapped.EfIccid, 0);
            mapped.MncLength = body.MncLength;
            mapped.Algorithm = body.Algorithm;
            mapped.K = Copy(body.K);
            mapped.Opc = Copy(body.Opc);
            if (body.Algorithm == AkaAlgorithmKind.Tuak)
            {
                mapped.TuakMacLength = body.TuakMacLength;
                mapped.TuakResLength = body.TuakResLength;
                mapped.TuakCkLength = body.TuakCkLength;
                mapped.TuakIkLength = body.TuakIkLength;
                mapped.TuakKeccakIterations = body.TuakKeccakIterations;
            }

            // TS 31.102 4.2.52 EF_HPLMNwAcT, 4.2.53 EF_OPLMNwACT, 4.2.84 EF_EHPLMN, 4.2.16 EF_FPLMN, 4.2.15 EF_ACC.
            mapped.HplmnWithAct = Copy(body.HomePlmnsWithAct);
            mapped.OplmnWithAct = Copy(body.OperatorPlmnsWithAct);
            mapped.Ehplmn = Copy(body.HomePlmns);
            mapped.Fplmn = Copy(body.ForbiddenPlmns);
            mapped.Acc = Copy(body.AccessControlClass);
            mapped.Msisdn = body.Msisdn == null ? null : Ascii.GetString(body.Msisdn);
            mapped.ServiceProviderName = body.ServiceProviderName == null ? null : Ascii.GetString(body.ServiceProviderName);
            mapped.ProfileSequence = profileSequence;
            profile = mapped;
            return true;
        }

        private static byte[] Copy(byte[] value)
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
