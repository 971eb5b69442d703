using M2MDevice.Protocol;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Protocol
{
    public class BTidTests
    {
        [Fact]
        public void TryBuild_SampleRand_IsBase64RandAtHost()
        {
            // TS 33.220 4.5.2: base64encoded(RAND)@BSF_servers_domain_name.
            byte[] rand = ProtocolSamples.Rand;
            byte[] host = Ascii.GetBytes("rs.example.net");
            byte[] output = new byte[BTid.MaxLength];
            Assert.Equal(ProtocolResult.Success, BTid.TryBuild(rand, 0, host, 0, host.Length, output, 0, output.Length, out int length));
            string text = Ascii.GetString(output, 0, length);
            Assert.Equal(System.Convert.ToBase64String(rand) + "@rs.example.net", text);
            Assert.Equal(ProtocolSamples.BTidText, text);
        }

        [Fact]
        public void TryParse_BuiltBTid_GivesRandAndHost()
        {
            byte[] btid = Ascii.GetBytes(ProtocolSamples.BTidText);
            byte[] rand = new byte[16];
            Assert.Equal(ProtocolResult.Success, BTid.TryParse(btid, 0, btid.Length, rand, 0, out int hostOffset, out int hostCount));
            Assert.Equal(ToHex(ProtocolSamples.Rand), ToHex(rand));
            Assert.Equal("rs.example.net", Ascii.GetString(btid, hostOffset, hostCount));
        }

        [Theory]
        [InlineData("I1U8vpY3qJ0hiuZNrke/NQ==@", ProtocolResult.BadLength)]
        [InlineData("I1U8vpY3qJ0hiuZNrke/NQ=@rs.example.net", ProtocolResult.BadLength)]
        [InlineData("I1U8vpY3qJ0hiuZNrke/NR==@rs.example.net", ProtocolResult.BadValue)]
        [InlineData("I1U8vpY3qJ0hiuZNrke/NQ==@rs..example.net", ProtocolResult.BadValue)]
        [InlineData("I1U8vpY3qJ0hiuZNrke/NQ==@-rs.example.net", ProtocolResult.BadValue)]
        [InlineData("I1U8vpY3qJ0hiuZNrke/NQ==@rs.example.net.", ProtocolResult.BadValue)]
        [InlineData("I1U8vpY3qJ0hiuZNrke/NQ==@rs.exa mple.net", ProtocolResult.BadValue)]
        [InlineData("I1U8vpY3qJ0hiuZNrke/NQ==@rs@example.net", ProtocolResult.BadValue)]
        public void TryParse_Malformed_GivesReason(string text, ProtocolResult expected)
        {
            byte[] btid = Ascii.GetBytes(text);
            Assert.Equal(expected, BTid.TryParse(btid, 0, btid.Length, new byte[16], 0, out _, out _));
        }

        [Fact]
        public void TryBuild_BadHostOrSmallBuffer_GivesReason()
        {
            byte[] host = Ascii.GetBytes("rs_example");
            Assert.Equal(ProtocolResult.BadValue, BTid.TryBuild(ProtocolSamples.Rand, 0, host, 0, host.Length, new byte[300], 0, 300, out _));
            byte[] good = Ascii.GetBytes("rs.example.net");
            Assert.Equal(ProtocolResult.BufferTooSmall, BTid.TryBuild(ProtocolSamples.Rand, 0, good, 0, good.Length, new byte[38], 0, 38, out _));
        }

        [Fact]
        public void Ascii_NonAscii_IsRejected()
        {
            Assert.Throws<System.ArgumentException>(() => Ascii.GetBytes("caf\u00e9"));
            Assert.Throws<System.ArgumentException>(() => Ascii.GetString(new byte[] { 0x41, 0x80 }));
            Assert.True(Ascii.IsHostName(Ascii.GetBytes("a-1.b"), 0, 5));
            Assert.False(Ascii.IsHostName(Ascii.GetBytes(new string('a', 64)), 0, 64));
        }
    }
}
