using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CsCheck;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>UsimEncoding against tests/vectors/encodings.json, plus round-trip properties.</summary>
    public class UsimEncodingTests
    {
        private static readonly JsonElement Encodings = TestVectors.Load("encodings");

        private static IEnumerable<object[]> Rows(string section, params string[] fields) =>
            Encodings.GetProperty(section).EnumerateArray()
                .Select(row => fields.Select(f => (object)row.GetProperty(f).GetString()).ToArray());

        public static IEnumerable<object[]> ImsiRows() => Rows("ef_imsi", "imsi", "ef");

        public static IEnumerable<object[]> IccidRows() => Rows("ef_iccid", "iccid", "ef");

        public static IEnumerable<object[]> PlmnRows() => Rows("plmn", "mcc", "mnc", "bytes");

        public static IEnumerable<object[]> PlmnWithActRows() => Rows("plmn_with_act", "bytes", "meaning");

        public static IEnumerable<object[]> AdRows() => Rows("ef_ad", "bytes", "meaning");

        [Theory]
        [MemberData(nameof(ImsiRows))]
        public void EncodeImsi_Vector_MatchesEfImsi(string imsi, string ef)
        {
            byte[] buffer = new byte[UsimEncoding.ImsiFileLength];

            UsimEncoding.EncodeImsi(imsi, buffer, 0);

            Assert.Equal(ef, TestVectors.ToHex(buffer));
        }

        [Theory]
        [MemberData(nameof(ImsiRows))]
        public void TryDecodeImsi_Vector_GivesTheDigits(string imsi, string ef)
        {
            Assert.True(UsimEncoding.TryDecodeImsi(TestVectors.Hex(ef), 0, out string decoded));
            Assert.Equal(imsi, decoded);
        }

        [Theory]
        [MemberData(nameof(IccidRows))]
        public void EncodeIccid_Vector_MatchesSwappedBcd(string iccid, string ef)
        {
            byte[] buffer = new byte[UsimEncoding.IccidFileLength];

            UsimEncoding.EncodeIccid(iccid, buffer, 0);

            Assert.Equal(ef, TestVectors.ToHex(buffer));
            Assert.True(UsimEncoding.TryDecodeIccid(buffer, 0, out string decoded));
            Assert.Equal(iccid, decoded);
        }

        [Theory]
        [MemberData(nameof(PlmnRows))]
        public void EncodePlmn_Vector_MatchesThreeBytes(string mcc, string mnc, string bytes)
        {
            byte[] buffer = new byte[3];

            UsimEncoding.EncodePlmn(mcc, mnc, buffer, 0);

            Assert.Equal(bytes, TestVectors.ToHex(buffer));
            Assert.True(UsimEncoding.TryDecodePlmn(buffer, 0, out string decodedMcc, out string decodedMnc));
            Assert.Equal(mcc, decodedMcc);
            Assert.Equal(mnc, decodedMnc);
        }

        [Theory]
        [MemberData(nameof(PlmnWithActRows))]
        public void PlmnWithAct_Vector_DecodesAndReencodes(string bytes, string meaning)
        {
            byte[] entry = TestVectors.Hex(bytes);
            if (meaning == "unused entry")
            {
                Assert.False(UsimEncoding.TryDecodePlmn(entry, 0, out _, out _));
                byte[] unused = new byte[5];
                UsimEncoding.EncodeUnusedPlmn(unused, 0);
                Assert.Equal(bytes, TestVectors.ToHex(unused));
                return;
            }

            // The meaning starts with "MCC-MNC".
            string[] plmn = meaning.Split(' ')[0].Split('-');
            Assert.True(UsimEncoding.TryDecodePlmn(entry, 0, out string mcc, out string mnc));
            Assert.Equal(plmn[0], mcc);
            Assert.Equal(plmn[1], mnc);

            byte[] buffer = new byte[5];
            UsimEncoding.EncodePlmnWithAct(mcc, mnc, (ushort)((entry[3] << 8) | entry[4]), buffer, 0);
            Assert.Equal(bytes, TestVectors.ToHex(buffer));
        }

        [Theory]
        [MemberData(nameof(AdRows))]
        public void EncodeAdministrativeData_Vector_MatchesEfAd(string bytes, string meaning)
        {
            int mncLength = meaning.Contains("3-digit") ? 3 : 2;
            byte[] buffer = new byte[4];

            UsimEncoding.EncodeAdministrativeData(mncLength, buffer, 0);

            Assert.Equal(bytes, TestVectors.ToHex(buffer));
            Assert.True(UsimEncoding.TryDecodeMncLength(buffer, 0, 4, out int decoded));
            Assert.Equal(mncLength, decoded);
        }

        [Fact]
        public void EncodeFplmn_Vector_OneForbiddenPlmnThenThreeEmptyEntries()
        {
            string expected = Encodings.GetProperty("ef_fplmn")[0].GetProperty("bytes").GetString();
            byte[] buffer = new byte[12];

            UsimEncoding.EncodePlmn("001", "01", buffer, 0);
            for (int i = 3; i < buffer.Length; i += 3)
            {
                UsimEncoding.EncodeUnusedPlmn(buffer, i);
            }

            Assert.Equal(expected, TestVectors.ToHex(buffer));
        }

        [Theory]
        [InlineData(0, 0x47d1264au, "262", "01", 0x3721, 0)]
        [InlineData(1, 0xffffffffu, "262", "02", 0x0000, 1)]
        public void TryDecodeLocationInformation_Vector_GivesTmsiLaiAndStatus(int index, uint tmsi, string mcc, string mnc, int lac, int status)
        {
            byte[] loci = TestVectors.Hex(Encodings.GetProperty("ef_loci")[index].GetProperty("bytes").GetString());

            Assert.True(UsimEncoding.TryDecodeLocationInformation(loci, 0, out uint decodedTmsi, out string decodedMcc, out string decodedMnc, out ushort decodedLac, out byte decodedStatus));

            Assert.Equal(tmsi, decodedTmsi);
            Assert.Equal(mcc, decodedMcc);
            Assert.Equal(mnc, decodedMnc);
            Assert.Equal(lac, decodedLac);
            Assert.Equal(status, decodedStatus);
        }

        [Fact]
        public void EncodeLocationInformation_DeletedTmsiVector_MatchesBytes()
        {
            string expected = Encodings.GetProperty("ef_loci")[1].GetProperty("bytes").GetString();
            byte[] buffer = new byte[UsimEncoding.LociLength];

            UsimEncoding.EncodeLocationInformation(0xFFFFFFFF, "262", "02", 0x0000, 1, buffer, 0);

            Assert.Equal(expected, TestVectors.ToHex(buffer));
        }

        [Theory]
        [InlineData("+491701234567", "0791947110325476ffffffffffff")]
        [InlineData("12345", "04812143f5ffffffffffffffffff")]
        public void EncodeDiallingNumber_Number_MatchesRecord(string number, string expected)
        {
            byte[] buffer = new byte[UsimEncoding.DiallingNumberLength];

            UsimEncoding.EncodeDiallingNumber(number, buffer, 0);

            Assert.Equal(expected, TestVectors.ToHex(buffer));
        }

        [Theory]
        [InlineData("ffffffffffffffffff", "empty file")]
        [InlineData("090910101032547698", "length 9")]
        [InlineData("080210101032547698", "parity nibble 2")]
        [InlineData("0801101010325476a8", "digit A")]
        [InlineData("080110101032547698", "even count without F filler")]
        public void TryDecodeImsi_Malformed_ReturnsFalse(string ef, string description)
        {
            Assert.False(UsimEncoding.TryDecodeImsi(TestVectors.Hex(ef), 0, out _), description);
        }

        [Theory]
        [InlineData("0010", "01")]
        [InlineData("00a", "01")]
        [InlineData("001", "1")]
        [InlineData("001", "0123")]
        [InlineData(null, "01")]
        public void EncodePlmn_MalformedDigits_Throws(string mcc, string mnc)
        {
            Assert.Throws<ArgumentException>(() => UsimEncoding.EncodePlmn(mcc, mnc, new byte[3], 0));
        }

        [Fact]
        public void EncodeImsi_AnyDigits_RoundTrips()
        {
            Gen.Int[6, 15].SelectMany(n => Gen.Char['0', '9'].Array[n]).Sample(digits =>
            {
                string imsi = new string(digits);
                byte[] buffer = new byte[UsimEncoding.ImsiFileLength];
                UsimEncoding.EncodeImsi(imsi, buffer, 0);
                Assert.True(UsimEncoding.TryDecodeImsi(buffer, 0, out string decoded));
                Assert.Equal(imsi, decoded);
            }, iter: 3000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void EncodeIccidAndPlmn_AnyDigits_RoundTrip()
        {
            Gen.Select(Gen.Int[1, 20].SelectMany(n => Gen.Char['0', '9'].Array[n]), Gen.Char['0', '9'].Array[3], Gen.Int[2, 3].SelectMany(n => Gen.Char['0', '9'].Array[n]))
                .Sample((iccidDigits, mccDigits, mncDigits) =>
                {
                    string iccid = new string(iccidDigits);
                    byte[] buffer = new byte[UsimEncoding.IccidFileLength];
                    UsimEncoding.EncodeIccid(iccid, buffer, 0);
                    Assert.True(UsimEncoding.TryDecodeIccid(buffer, 0, out string decodedIccid));
                    Assert.Equal(iccid, decodedIccid);

                    string mcc = new string(mccDigits);
                    string mnc = new string(mncDigits);
                    byte[] plmn = new byte[3];
                    UsimEncoding.EncodePlmn(mcc, mnc, plmn, 0);
                    Assert.True(UsimEncoding.TryDecodePlmn(plmn, 0, out string decodedMcc, out string decodedMnc));
                    Assert.Equal(mcc, decodedMcc);
                    Assert.Equal(mnc, decodedMnc);
                }, iter: 3000, seed: "0N0XIzNsQ0O2");
        }
    }
}
