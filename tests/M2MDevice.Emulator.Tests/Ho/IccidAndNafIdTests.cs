using System;
using System.Text;
using CsCheck;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Tests.Ho
{
    public sealed class IccidAndNafIdTests
    {
        [Theory]
        [InlineData("7992739871", 3)] // the classic Luhn example (ISO/IEC 7812-1 Annex B)
        [InlineData("896101950123440000", 1)] // cross-checked with an independent Python Luhn
        [InlineData("0", 0)]
        public void CheckDigit_KnownPayload_LuhnDigit(string payload, int digit)
        {
            Assert.Equal(digit, Iccid.CheckDigit(payload));
        }

        [Fact]
        public void Build_AnySerial_ValidAndEverySingleDigitErrorDetected()
        {
            Gen.Long[0, 99_999_999_999L].Sample(
                serial =>
                {
                    string iccid = Iccid.Build("8900102", serial, 19);
                    Assert.Equal(19, iccid.Length);
                    Assert.True(Iccid.IsValid(iccid));

                    // Luhn detects every single-digit substitution.
                    int position = (int)(serial % 18);
                    char changed = (char)('0' + ((iccid[position] - '0' + 1 + (int)(serial % 9)) % 10));
                    string corrupted = iccid.Substring(0, position) + changed + iccid.Substring(position + 1);
                    Assert.False(Iccid.IsValid(corrupted));
                },
                iter: 2000,
                seed: "0N0XIzNsQ0O2");
        }

        [Theory]
        [InlineData("12", 1, 19)]
        [InlineData("89", 1, 17)]
        [InlineData("89", 1, 21)]
        [InlineData("8900102", -1, 19)]
        [InlineData("8900102", 100_000_000_000L, 19)]
        public void Build_BadLayout_Throws(string prefix, long serial, int length)
        {
            Assert.ThrowsAny<ArgumentException>(() => Iccid.Build(prefix, serial, length));
        }

        [Fact]
        public void NafId_HoExample_MatchesProtocolGoldenAndRsNafId()
        {
            // docs/protocol.md section 8: NAF_Id "ho.example.net" || Ua id (placeholder).
            byte[] expected = Convert.FromHexString("686f2e6578616d706c652e6e6574" + "0100000002");

            Assert.Equal(expected, NafId.For("ho.example.net"));
            Assert.Equal(expected, RsNafId.For("ho.example.net"));
            Assert.Equal(new byte[] { 1, 0, 0, 0, 2 }, RsNafId.UaSecurityProtocolId.ToArray());
        }

        [Fact]
        public void NafId_FromBTid_HostPartAndIdentifier()
        {
            byte[] btid = Encoding.ASCII.GetBytes("I1U8vpY3qJ0hiuZNrke/NQ==@rs.example.net");
            byte[] output = new byte[NafId.MaxLength];

            Assert.Equal(ProtocolResult.Success, NafId.TryBuildFromBTid(btid, 0, btid.Length, output, 0, output.Length, out int length));
            Assert.Equal(NafId.For("rs.example.net"), output.AsSpan(0, length).ToArray());
        }

        [Fact]
        public void NafId_BadInput_Refused()
        {
            byte[] host = Encoding.ASCII.GetBytes("bad host");
            byte[] good = Encoding.ASCII.GetBytes("ho.test");
            byte[] btid = Encoding.ASCII.GetBytes("not-a-btid");
            byte[] output = new byte[16];

            Assert.Equal(ProtocolResult.BadValue, NafId.TryBuild(host, 0, host.Length, output, 0, output.Length, out _));
            Assert.Equal(ProtocolResult.BufferTooSmall, NafId.TryBuild(good, 0, good.Length, output, 0, 11, out _));
            Assert.NotEqual(ProtocolResult.Success, NafId.TryBuildFromBTid(btid, 0, btid.Length, output, 0, output.Length, out _));
            Assert.Throws<ArgumentException>(() => NafId.For("bad host"));
            Assert.Throws<ArgumentException>(() => NafId.For("hö.test"));
        }
    }
}
