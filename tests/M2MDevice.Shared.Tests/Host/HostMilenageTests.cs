using System;
using System.Collections.Generic;
using System.Text.Json;
using CsCheck;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Host;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Host
{
    /// <summary>HostMilenage (AES-NI MILENAGE) against every set of tests/vectors/milenage.json and the portable Milenage.</summary>
    public class HostMilenageTests
    {
        private static readonly Gen<byte[]> Block = Gen.Byte.Array[16];

        public static IEnumerable<object[]> Sets()
        {
            foreach (JsonElement set in Load("milenage").GetProperty("sets").EnumerateArray())
            {
                yield return new object[] { set.GetProperty("id").GetString() };
            }
        }

        internal static JsonElement Set(string id)
        {
            foreach (JsonElement set in Load("milenage").GetProperty("sets").EnumerateArray())
            {
                if (set.GetProperty("id").GetString() == id)
                {
                    return set;
                }
            }

            throw new KeyNotFoundException(id);
        }

        internal static string Field(JsonElement set, string name) => set.GetProperty(name).GetString();

        internal static IAkaAlgorithm Portable(byte[] k, byte[] opc) => new Milenage(new Aes128(k), opc, 0);

        [Fact]
        public void Create_OnThisHost_PicksAesNiWhenSupported()
        {
            IAkaAlgorithm algorithm = HostMilenage.Create(new byte[16], 0, new byte[16], 0);
            if (HostMilenage.IsSupported)
            {
                Assert.IsType<HostMilenage>(algorithm);
            }
            else
            {
                Assert.IsType<Milenage>(algorithm);
                Assert.Throws<PlatformNotSupportedException>(() => new HostMilenage(new byte[16], 0, new byte[16], 0));
            }
        }

        [Fact]
        public void Create_ShortKeyOrOpc_Throws()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => HostMilenage.Create(new byte[15], 0, new byte[16], 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => HostMilenage.Create(new byte[16], 1, new byte[16], 0));
            Assert.ThrowsAny<ArgumentException>(() => HostMilenage.Create(new byte[16], 0, new byte[16], 1));
            Assert.Throws<ArgumentNullException>(() => HostMilenage.Create(null, 0, new byte[16], 0));
        }

        [Theory]
        [MemberData(nameof(Sets))]
        public void Functions_MilenageSet_MatchEveryOutput(string id)
        {
            JsonElement set = Set(id);
            byte[] k = Hex(Field(set, "K"));
            byte[] opc = Hex(Field(set, "OPc"));

            // Keys and inputs at odd offsets inside larger buffers.
            IAkaAlgorithm milenage = HostMilenage.Create(Pad(k, 3), 3, Pad(opc, 5), 5);
            byte[] rand = Pad(Hex(Field(set, "RAND")), 7);
            byte[] sqn = Pad(Hex(Field(set, "SQN")), 1);
            byte[] amf = Pad(Hex(Field(set, "AMF")), 2);

            byte[] mac = new byte[10];
            milenage.F1(rand, 7, sqn, 1, amf, 2, mac, 2);
            Assert.Equal(Field(set, "f1"), ToHex(mac[2..]));
            milenage.F1Star(rand, 7, sqn, 1, amf, 2, mac, 1);
            Assert.Equal(Field(set, "f1s"), ToHex(mac[1..9]));

            byte[] res = new byte[9], ck = new byte[17], ik = new byte[18], ak = new byte[7];
            milenage.F2345(rand, 7, res, 1, ck, 1, ik, 2, ak, 1);
            Assert.Equal(Field(set, "f2"), ToHex(res[1..]));
            Assert.Equal(Field(set, "f3"), ToHex(ck[1..]));
            Assert.Equal(Field(set, "f4"), ToHex(ik[2..]));
            Assert.Equal(Field(set, "f5"), ToHex(ak[1..]));

            byte[] ak5 = new byte[6];
            milenage.F5(rand, 7, ak5, 0);
            Assert.Equal(Field(set, "f5"), ToHex(ak5));
            milenage.F5Star(rand, 7, ak5, 0);
            Assert.Equal(Field(set, "f5s"), ToHex(ak5));
        }

        [Theory]
        [MemberData(nameof(Sets))]
        public void Generate_MilenageSet_AutnAndKeysFromTheSetOutputs(string id)
        {
            JsonElement set = Set(id);
            var generator = new HostVectorGenerator(HostMilenage.Create(Hex(Field(set, "K")), 0, Hex(Field(set, "OPc")), 0));
            var av = new AuthenticationVector();
            byte[] sqn = Hex(Field(set, "SQN"));
            generator.Generate(Hex(Field(set, "RAND")), 0, sqn, 0, Hex(Field(set, "AMF")), 0, av);

            // TS 33.102 6.3.2: AUTN = (SQN xor AK) || AMF || MAC-A.
            byte[] ak = Hex(Field(set, "f5"));
            byte[] concealed = new byte[6];
            for (int i = 0; i < 6; i++)
            {
                concealed[i] = (byte)(sqn[i] ^ ak[i]);
            }

            Assert.Equal(ToHex(concealed) + Field(set, "AMF") + Field(set, "f1"), ToHex(av.Autn[..av.AutnLength]));
            Assert.Equal(Field(set, "f2"), ToHex(av.Xres[..av.XresLength]));
            Assert.Equal(Field(set, "f3"), ToHex(av.Ck[..av.CkLength]));
            Assert.Equal(Field(set, "f4"), ToHex(av.Ik[..av.IkLength]));
            Assert.Equal(Field(set, "RAND"), ToHex(av.Rand));
        }

        [Fact]
        public void Functions_RandomSubscribers_MatchPortableMilenage()
        {
            Gen.Select(Block, Block, Block, Gen.Byte.Array[6], Gen.Byte.Array[2])
                .Sample((k, opc, rand, sqn, amf) =>
                {
                    IAkaAlgorithm host = HostMilenage.Create(k, 0, opc, 0);
                    IAkaAlgorithm portable = Portable(k, opc);
                    Assert.Equal(Functions(portable, rand, sqn, amf), Functions(host, rand, sqn, amf));
                }, iter: 3000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Functions_InterleavedRands_CacheNeverServesAnotherRand()
        {
            Gen.Select(Block, Block, Block, Block, Gen.Byte.Array[6])
                .Sample((k, opc, rand1, rand2, sqn) =>
                {
                    IAkaAlgorithm host = HostMilenage.Create(k, 0, opc, 0);
                    IAkaAlgorithm portable = Portable(k, opc);
                    byte[] amf = { 0x80, 0x00 };
                    string first = Functions(portable, rand1, sqn, amf);
                    string second = Functions(portable, rand2, sqn, amf);
                    Assert.Equal(first, Functions(host, rand1, sqn, amf));
                    Assert.Equal(second, Functions(host, rand2, sqn, amf));
                    host.Clear();
                    Assert.Equal(second, Functions(host, rand2, sqn, amf));
                    Assert.Equal(first, Functions(host, rand1, sqn, amf));
                }, iter: 1000, seed: "0NRr6UaeMYm1");
        }

        [Fact]
        public void Auts_VectorsOfAkaJson_BuildAndResolveOnHost()
        {
            foreach (JsonElement vector in Load("aka").GetProperty("vectors").EnumerateArray())
            {
                if (!vector.TryGetProperty("AUTS", out JsonElement expected))
                {
                    continue;
                }

                IAkaAlgorithm algorithm = HostMilenage.Create(Hex(Field(vector, "K")), 0, Hex(Field(vector, "OPc")), 0);
                byte[] rand = Hex(Field(vector, "RAND"));
                byte[] auts = new byte[14];
                Assert.Equal(14, Auts.Build(algorithm, rand, 0, Hex(Field(vector, "SQN_MS")), 0, auts, 0));
                Assert.Equal(expected.GetString(), ToHex(auts));

                byte[] sqnMs = new byte[6];
                Assert.True(new HostVectorGenerator(algorithm).TryResolveAuts(rand, 0, auts, 0, 14, sqnMs, 0));
                Assert.Equal(Field(vector, "SQN_MS"), ToHex(sqnMs));
            }
        }

        private static byte[] Pad(byte[] value, int offset)
        {
            byte[] padded = new byte[offset + value.Length + 3];
            Array.Fill(padded, (byte)0xA5);
            value.CopyTo(padded, offset);
            return padded;
        }

        private static string Functions(IAkaAlgorithm algorithm, byte[] rand, byte[] sqn, byte[] amf)
        {
            byte[] macA = new byte[8], macS = new byte[8], res = new byte[8], ck = new byte[16], ik = new byte[16];
            byte[] ak = new byte[6], ak5 = new byte[6], akStar = new byte[6];
            algorithm.F5(rand, 0, ak5, 0);
            algorithm.F1(rand, 0, sqn, 0, amf, 0, macA, 0);
            algorithm.F2345(rand, 0, res, 0, ck, 0, ik, 0, ak, 0);
            algorithm.F5Star(rand, 0, akStar, 0);
            algorithm.F1Star(rand, 0, sqn, 0, amf, 0, macS, 0);
            return string.Join(" ", ToHex(macA), ToHex(macS), ToHex(res), ToHex(ck), ToHex(ik), ToHex(ak), ToHex(ak5), ToHex(akStar));
        }
    }
}
