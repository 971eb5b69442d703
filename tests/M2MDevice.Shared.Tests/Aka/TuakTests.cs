using System.Collections.Generic;
using System.Text.Json;
using M2MDevice.Aka;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Aka
{
    public class TuakTests
    {
        public static IEnumerable<object[]> Sets()
        {
            JsonElement sets = Load("tuak").GetProperty("sets");
            for (int i = 0; i < sets.GetArrayLength(); i++)
            {
                yield return new object[] { sets[i].GetProperty("id").GetString() };
            }
        }

        private static JsonElement Set(string id)
        {
            foreach (JsonElement set in Load("tuak").GetProperty("sets").EnumerateArray())
            {
                if (set.GetProperty("id").GetString() == id)
                {
                    return set;
                }
            }

            throw new KeyNotFoundException(id);
        }

        private static string Field(JsonElement set, string name) => set.GetProperty(name).GetString();

        private static TuakParameters ParametersOf(JsonElement set) => new TuakParameters(
            Field(set, "f1").Length / 2,
            Field(set, "f2").Length / 2,
            Field(set, "f3").Length / 2,
            Field(set, "f4").Length / 2,
            set.GetProperty("keccak_iterations").GetInt32());

        [Fact]
        public void Vectors_File_HasSixSets()
        {
            Assert.Equal(6, Load("tuak").GetProperty("sets").GetArrayLength());
        }

        [Theory]
        [MemberData(nameof(Sets))]
        public void DeriveTopc_Vector_MatchesTopc(string id)
        {
            JsonElement set = Set(id);
            byte[] key = Hex(Field(set, "K"));
            byte[] topc = new byte[35];
            Tuak.DeriveTopc(Hex(Field(set, "TOP")), 0, key, 0, key.Length, set.GetProperty("keccak_iterations").GetInt32(), topc, 3);
            Assert.Equal(Field(set, "TOPc"), ToHex(topc[3..]));
        }

        [Theory]
        [MemberData(nameof(Sets))]
        public void Functions_Vector_MatchEveryOutput(string id)
        {
            JsonElement set = Set(id);
            byte[] key = Hex(Field(set, "K"));
            TuakParameters parameters = ParametersOf(set);
            var tuak = new Tuak(key, 0, key.Length, Hex(Field(set, "TOPc")), 0, parameters);
            byte[] rand = Hex(Field(set, "RAND"));
            byte[] sqn = Hex(Field(set, "SQN"));
            byte[] amf = Hex(Field(set, "AMF"));

            byte[] mac = new byte[tuak.MacLength];
            tuak.F1(rand, 0, sqn, 0, amf, 0, mac, 0);
            Assert.Equal(Field(set, "f1"), ToHex(mac));
            tuak.F1Star(rand, 0, sqn, 0, amf, 0, mac, 0);
            Assert.Equal(Field(set, "f1s"), ToHex(mac));

            byte[] ak5 = new byte[6];
            tuak.F5(rand, 0, ak5, 0);
            Assert.Equal(Field(set, "f5"), ToHex(ak5));

            byte[] res = new byte[tuak.ResLength], ck = new byte[tuak.CkLength], ik = new byte[tuak.IkLength], ak = new byte[6];
            tuak.F2345(rand, 0, res, 0, ck, 0, ik, 0, ak, 0);
            Assert.Equal(Field(set, "f2"), ToHex(res));
            Assert.Equal(Field(set, "f3"), ToHex(ck));
            Assert.Equal(Field(set, "f4"), ToHex(ik));
            Assert.Equal(Field(set, "f5"), ToHex(ak));

            tuak.F5Star(rand, 0, ak5, 0);
            Assert.Equal(Field(set, "f5s"), ToHex(ak5));
        }

        [Theory]
        [MemberData(nameof(Sets))]
        public void Functions_UnalignedOffsetsAfterClear_MatchVector(string id)
        {
            JsonElement set = Set(id);
            byte[] key = Hex(Field(set, "K"));
            byte[] keyBuffer = new byte[key.Length + 9];
            key.CopyTo(keyBuffer, 9);
            byte[] topcBuffer = new byte[40];
            Hex(Field(set, "TOPc")).CopyTo(topcBuffer, 5);
            var tuak = new Tuak(keyBuffer, 9, key.Length, topcBuffer, 5, ParametersOf(set));
            byte[] input = new byte[40];
            Hex(Field(set, "RAND")).CopyTo(input, 3);
            Hex(Field(set, "SQN")).CopyTo(input, 19);
            Hex(Field(set, "AMF")).CopyTo(input, 25);
            byte[] output = new byte[200];
            int macLength = tuak.MacLength;

            tuak.F2345(input, 3, output, 1, output, 41, output, 81, output, 121);
            tuak.Clear();
            tuak.F1(input, 3, input, 19, input, 25, output, 130);
            tuak.F1Star(input, 3, input, 19, input, 25, output, 162);

            Assert.Equal(Field(set, "f2"), ToHex(output[1..(1 + tuak.ResLength)]));
            Assert.Equal(Field(set, "f3"), ToHex(output[41..(41 + tuak.CkLength)]));
            Assert.Equal(Field(set, "f4"), ToHex(output[81..(81 + tuak.IkLength)]));
            Assert.Equal(Field(set, "f5"), ToHex(output[121..127]));
            Assert.Equal(Field(set, "f1"), ToHex(output[130..(130 + macLength)]));
            Assert.Equal(Field(set, "f1s"), ToHex(output[162..(162 + macLength)]));
        }

        [Fact]
        public void Constructor_KeyOfTwentyBytes_Throws()
        {
            Assert.Throws<System.ArgumentOutOfRangeException>(() => new Tuak(new byte[20], 0, 20, new byte[32], 0, null));
        }

        [Theory]
        [InlineData(4, 8, 16, 16, 1)]
        [InlineData(8, 2, 16, 16, 1)]
        [InlineData(8, 8, 24, 16, 1)]
        [InlineData(8, 8, 16, 8, 1)]
        [InlineData(8, 8, 16, 16, 0)]
        public void Parameters_LengthNotInSpec_Throws(int mac, int res, int ck, int ik, int iterations)
        {
            Assert.Throws<System.ArgumentOutOfRangeException>(() => new TuakParameters(mac, res, ck, ik, iterations));
        }
    }
}
