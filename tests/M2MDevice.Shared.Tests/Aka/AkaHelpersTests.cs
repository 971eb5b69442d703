using System;
using M2MDevice.Aka;
using static M2MDevice.Tests.Aka.AkaVectorTests;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Aka
{
    public class AkaHelpersTests
    {
        [Fact]
        public void AutnSplit_E2_RecoversSqnAmfMac()
        {
            var vector = Vector("E2 (free5gc; RFC 5448 test case 1)");
            byte[] sqn = new byte[6], amf = new byte[2], mac = new byte[8];
            Autn.Split(Hex(Field(vector, "AUTN")), 0, Hex(Field(vector, "AK")), 0, 8, sqn, 0, amf, 0, mac, 0);
            Assert.Equal(Field(vector, "SQN"), ToHex(sqn));
            Assert.Equal(Field(vector, "AMF"), ToHex(amf));
            Assert.Equal(Field(vector, "AUTN")[16..], ToHex(mac));
        }

        [Fact]
        public void C2_ShortRes_PadsWithZeros()
        {
            byte[] sres = new byte[4];
            GsmConversion.C2(Hex("01020304"), 0, 4, sres, 0);
            Assert.Equal("01020304", ToHex(sres));
            GsmConversion.C2(Hex("0102030410203040ff"), 0, 9, sres, 0);
            Assert.Equal("ee223344", ToHex(sres));
            Assert.Throws<ArgumentOutOfRangeException>(() => GsmConversion.C2(new byte[32], 0, 32, sres, 0));
        }

        [Fact]
        public void Factory_BadArguments_Throw()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, new byte[32], 0, 32, new byte[16], 0, null));
            Assert.Throws<ArgumentException>(() => AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, new byte[16], 0, 16, new byte[16], 0, TuakParameters.Default));
            Assert.Throws<ArgumentOutOfRangeException>(() => AkaAlgorithmFactory.Create((AkaAlgorithmKind)9, new byte[16], 0, 16, new byte[16], 0, null));
            Assert.Throws<ArgumentOutOfRangeException>(() => AkaAlgorithmFactory.Create(AkaAlgorithmKind.Tuak, new byte[16], 0, 16, new byte[16], 0, null));
        }

        [Fact]
        public void Factory_KeyAtOffset_CopiesKeyMaterial()
        {
            var vector = Vector("E3 (libosmocore milenage_test)");
            byte[] buffer = new byte[40];
            Hex(Field(vector, "K")).CopyTo(buffer, 3);
            Hex(Field(vector, "OPc")).CopyTo(buffer, 21);
            IAkaAlgorithm algorithm = AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, buffer, 3, 16, buffer, 21, null);
            Array.Clear(buffer);
            Assert.Equal(AkaAlgorithmKind.Milenage, algorithm.Kind);
            byte[] res = new byte[8], ck = new byte[16], ik = new byte[16], ak = new byte[6];
            algorithm.F2345(new byte[16], 0, res, 0, ck, 0, ik, 0, ak, 0);
            Assert.Equal(Field(vector, "RES"), ToHex(res));
        }

        [Fact]
        public void Authenticate_AutnLengthOfOtherAlgorithm_InvalidInputWithoutStateChange()
        {
            var vector = Vector("E3 (libosmocore milenage_test)");
            var state = new UsimSqnState();
            var usim = new UsimAuthenticator(AlgorithmOf(vector), state);
            var output = new UsimAuthenticationOutput();
            byte[] autn = new byte[24];
            Hex(Field(vector, "AUTN")).CopyTo(autn, 0);
            Assert.Equal(AkaResult.InvalidInput, usim.Authenticate(new byte[16], 0, autn, 0, 24, output));
            Assert.Equal(new byte[UsimSqnState.ArrayLength], state.Slots);
        }

        [Fact]
        public void AuthenticateGsm_TuakWithLongKeys_ContextNotSupported()
        {
            var tuak = new Tuak(new byte[16], 0, 16, new byte[32], 0, new TuakParameters(8, 8, 32, 16, 1));
            var output = new UsimAuthenticationOutput();
            Assert.Equal(AkaResult.ContextNotSupported, new UsimAuthenticator(tuak, new UsimSqnState()).AuthenticateGsm(new byte[16], 0, output));
            Assert.False(output.HasSres);
        }
    }
}
