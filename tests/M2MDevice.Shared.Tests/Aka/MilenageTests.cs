using System.Collections.Generic;
using System.Text.Json;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Aka
{
    public class MilenageTests
    {
        public static IEnumerable<object[]> Sets()
        {
            JsonElement sets = Load("milenage").GetProperty("sets");
            for (int i = 0; i < sets.GetArrayLength(); i++)
            {
                yield return new object[] { sets[i].GetProperty("id").GetString() };
            }
        }

        private static JsonElement Set(string id)
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

        private static string Field(JsonElement set, string name) => set.GetProperty(name).GetString();

        [Fact]
        public void Vectors_File_HasTwentySets()
        {
            Assert.Equal(20, Load("milenage").GetProperty("sets").GetArrayLength());
        }

        [Theory]
        [MemberData(nameof(Sets))]
        public void DeriveOpc_Vector_MatchesOpc(string id)
        {
            JsonElement set = Set(id);
            byte[] opc = new byte[18];
            Milenage.DeriveOpc(new Aes128(Hex(Field(set, "K"))), Hex(Field(set, "OP")), 0, opc, 2);
            Assert.Equal(Field(set, "OPc"), ToHex(opc[2..]));
        }

        [Theory]
        [MemberData(nameof(Sets))]
        public void Functions_Vector_MatchEveryOutput(string id)
        {
            JsonElement set = Set(id);
            var milenage = new Milenage(new Aes128(Hex(Field(set, "K"))), Hex(Field(set, "OPc")), 0);
            byte[] rand = Hex(Field(set, "RAND"));
            byte[] sqn = Hex(Field(set, "SQN"));
            byte[] amf = Hex(Field(set, "AMF"));

            byte[] mac = new byte[8];
            milenage.F1(rand, 0, sqn, 0, amf, 0, mac, 0);
            Assert.Equal(Field(set, "f1"), ToHex(mac));
            milenage.F1Star(rand, 0, sqn, 0, amf, 0, mac, 0);
            Assert.Equal(Field(set, "f1s"), ToHex(mac));

            byte[] res = new byte[8], ck = new byte[16], ik = new byte[16], ak = new byte[6];
            milenage.F2345(rand, 0, res, 0, ck, 0, ik, 0, ak, 0);
            Assert.Equal(Field(set, "f2"), ToHex(res));
            Assert.Equal(Field(set, "f3"), ToHex(ck));
            Assert.Equal(Field(set, "f4"), ToHex(ik));
            Assert.Equal(Field(set, "f5"), ToHex(ak));

            byte[] ak5 = new byte[6];
            milenage.F5(rand, 0, ak5, 0);
            Assert.Equal(Field(set, "f5"), ToHex(ak5));
            milenage.F5Star(rand, 0, ak5, 0);
            Assert.Equal(Field(set, "f5s"), ToHex(ak5));
        }

        [Theory]
        [MemberData(nameof(Sets))]
        public void Functions_UnalignedOffsetsAndClearedCache_MatchVector(string id)
        {
            JsonElement set = Set(id);
            byte[] opcBuffer = new byte[21];
            Hex(Field(set, "OPc")).CopyTo(opcBuffer, 5);
            var milenage = new Milenage(new Aes128(Hex(Field(set, "K"))), opcBuffer, 5);
            byte[] input = new byte[40];
            Hex(Field(set, "RAND")).CopyTo(input, 3);
            Hex(Field(set, "SQN")).CopyTo(input, 19);
            Hex(Field(set, "AMF")).CopyTo(input, 25);
            byte[] output = new byte[80];

            milenage.F5Star(input, 3, output, 1);
            milenage.Clear();
            milenage.F1Star(input, 3, input, 19, input, 25, output, 7);
            milenage.F1(input, 3, input, 19, input, 25, output, 15);
            milenage.Clear();
            milenage.F2345(input, 3, output, 23, output, 31, output, 47, output, 63);

            Assert.Equal(Field(set, "f5s"), ToHex(output[1..7]));
            Assert.Equal(Field(set, "f1s"), ToHex(output[7..15]));
            Assert.Equal(Field(set, "f1"), ToHex(output[15..23]));
            Assert.Equal(Field(set, "f2"), ToHex(output[23..31]));
            Assert.Equal(Field(set, "f3"), ToHex(output[31..47]));
            Assert.Equal(Field(set, "f4"), ToHex(output[47..63]));
            Assert.Equal(Field(set, "f5"), ToHex(output[63..69]));
        }

        [Fact]
        public void Functions_FullUsimRun_UsesFiveAesCalls()
        {
            JsonElement set = Set("TS 35.207 test set 1");
            var counter = new CountingCipher(new Aes128(Hex(Field(set, "K"))));
            var milenage = new Milenage(counter, Hex(Field(set, "OPc")), 0);
            byte[] rand = Hex(Field(set, "RAND"));
            byte[] sqn = Hex(Field(set, "SQN"));
            byte[] amf = Hex(Field(set, "AMF"));
            byte[] buffer = new byte[16];

            milenage.F5(rand, 0, buffer, 0);
            milenage.F1(rand, 0, sqn, 0, amf, 0, buffer, 0);
            milenage.F2345(rand, 0, buffer, 0, buffer, 0, buffer, 0, buffer, 0);
            Assert.Equal(5, counter.Calls);

            milenage.F5Star(rand, 0, buffer, 0);
            milenage.F1Star(rand, 0, sqn, 0, new byte[2], 0, buffer, 0);
            Assert.Equal(7, counter.Calls);
        }

        private sealed class CountingCipher : IBlockCipher
        {
            private readonly IBlockCipher inner;

            public CountingCipher(IBlockCipher inner) => this.inner = inner;

            public int Calls { get; private set; }

            public void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
            {
                this.Calls++;
                this.inner.EncryptBlock(input, inputOffset, output, outputOffset);
            }
        }
    }
}
