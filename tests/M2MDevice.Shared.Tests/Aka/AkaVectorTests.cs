using System.Collections.Generic;
using System.Text.Json;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Aka
{
    /// <summary>Every vector of tests/vectors/aka.json, byte-exact, on the AuC side and the USIM side.</summary>
    public class AkaVectorTests
    {
        public static IEnumerable<object[]> Vectors()
        {
            foreach (JsonElement vector in Load("aka").GetProperty("vectors").EnumerateArray())
            {
                yield return new object[] { vector.GetProperty("id").GetString() };
            }
        }

        internal static JsonElement Vector(string id)
        {
            foreach (JsonElement vector in Load("aka").GetProperty("vectors").EnumerateArray())
            {
                if (vector.GetProperty("id").GetString() == id)
                {
                    return vector;
                }
            }

            throw new KeyNotFoundException(id);
        }

        internal static bool Has(JsonElement vector, string name) => vector.TryGetProperty(name, out _);

        internal static string Field(JsonElement vector, string name) => vector.GetProperty(name).GetString();

        internal static IAkaAlgorithm AlgorithmOf(JsonElement vector)
        {
            byte[] key = Hex(Field(vector, "K"));
            return AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, key, 0, key.Length, Hex(Field(vector, "OPc")), 0, null);
        }

        /// <summary>A USIM whose highest SQN_MS is just below sqn in another slot, so sqn is fresh.</summary>
        internal static UsimSqnState StateAccepting(byte[] sqn)
        {
            var state = new UsimSqnState();
            long value = ReadSqn(sqn);
            long seq = value >> 5;
            if (seq > 0)
            {
                int otherInd = (int)((value + 1) & 31);
                byte[] slots = new byte[UsimSqnState.ArrayLength];
                WriteSqn(((seq - 1) << 5) | (long)otherInd, slots, otherInd * 6);
                state.Load(slots, 0);
            }

            return state;
        }

        internal static long ReadSqn(byte[] sqn, int offset = 0)
        {
            long value = 0;
            for (int i = 0; i < 6; i++)
            {
                value = (value << 8) | sqn[offset + i];
            }

            return value;
        }

        internal static void WriteSqn(long value, byte[] buffer, int offset)
        {
            for (int i = 5; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }

        [Fact]
        public void Vectors_File_HasSevenVectors()
        {
            Assert.Equal(7, Load("aka").GetProperty("vectors").GetArrayLength());
        }

        [Theory]
        [MemberData(nameof(Vectors))]
        public void Opc_VectorWithOp_DerivesOpc(string id)
        {
            JsonElement vector = Vector(id);
            if (!Has(vector, "OP"))
            {
                return;
            }

            byte[] opc = new byte[16];
            Milenage.DeriveOpc(new Aes128(Hex(Field(vector, "K"))), Hex(Field(vector, "OP")), 0, opc, 0);
            Assert.Equal(Field(vector, "OPc"), ToHex(opc));
        }

        [Theory]
        [MemberData(nameof(Vectors))]
        public void Generate_VectorWithSqn_MatchesAutnAndKeys(string id)
        {
            JsonElement vector = Vector(id);
            if (!Has(vector, "SQN"))
            {
                return;
            }

            IAkaAlgorithm algorithm = AlgorithmOf(vector);
            var generator = new AuthenticationVectorGenerator(algorithm);
            var av = new AuthenticationVector();
            generator.Generate(Hex(Field(vector, "RAND")), 0, Hex(Field(vector, "SQN")), 0, Hex(Field(vector, "AMF")), 0, av);

            Assert.Equal(Field(vector, "RAND"), ToHex(av.Rand));
            Assert.Equal(Field(vector, "AUTN"), ToHex(av.Autn[..av.AutnLength]));
            AssertIfPresent(vector, "RES", av.Xres[..av.XresLength]);
            AssertIfPresent(vector, "CK", av.Ck[..av.CkLength]);
            AssertIfPresent(vector, "IK", av.Ik[..av.IkLength]);
            Assert.True(av.HasGsm);
            AssertIfPresent(vector, "Kc", av.Kc);
            AssertIfPresent(vector, "SRES", av.Sres);

            byte[] ak = new byte[6];
            algorithm.F5(Hex(Field(vector, "RAND")), 0, ak, 0);
            AssertIfPresent(vector, "AK", ak);
            byte[] mac = new byte[8];
            algorithm.F1(Hex(Field(vector, "RAND")), 0, Hex(Field(vector, "SQN")), 0, Hex(Field(vector, "AMF")), 0, mac, 0);
            AssertIfPresent(vector, "MAC_A", mac);
        }

        [Theory]
        [MemberData(nameof(Vectors))]
        public void Authenticate_VectorWithAutn_SucceedsWithVectorKeys(string id)
        {
            JsonElement vector = Vector(id);
            if (!Has(vector, "AUTN") || !Has(vector, "SQN") || ReadSqn(Hex(Field(vector, "SQN"))) >> 5 == 0)
            {
                return;
            }

            byte[] sqn = Hex(Field(vector, "SQN"));
            UsimSqnState state = StateAccepting(sqn);
            var usim = new UsimAuthenticator(AlgorithmOf(vector), state);
            var output = new UsimAuthenticationOutput();
            byte[] autn = Hex(Field(vector, "AUTN"));

            Assert.Equal(AkaResult.Success, usim.Authenticate(Hex(Field(vector, "RAND")), 0, autn, 0, autn.Length, output));
            AssertIfPresent(vector, "RES", output.Res[..output.ResLength]);
            AssertIfPresent(vector, "CK", output.Ck[..output.CkLength]);
            AssertIfPresent(vector, "IK", output.Ik[..output.IkLength]);
            Assert.True(output.HasKc);
            AssertIfPresent(vector, "Kc", output.Kc);
            Assert.Equal(UsimSqnState.IndOf(sqn, 0), output.ChangedSqnSlot);
            Assert.Equal(Field(vector, "SQN"), ToHex(state.Slots[(output.ChangedSqnSlot * 6)..((output.ChangedSqnSlot * 6) + 6)]));

            Assert.Equal(AkaResult.Success, usim.AuthenticateGsm(Hex(Field(vector, "RAND")), 0, output));
            Assert.True(output.HasSres);
            AssertIfPresent(vector, "SRES", output.Sres);
            AssertIfPresent(vector, "Kc", output.Kc);
            Assert.Equal(new byte[32], output.Res);
        }

        [Theory]
        [MemberData(nameof(Vectors))]
        public void Auts_VectorWithAuts_BuildsAndResolves(string id)
        {
            JsonElement vector = Vector(id);
            if (!Has(vector, "AUTS"))
            {
                return;
            }

            IAkaAlgorithm algorithm = AlgorithmOf(vector);
            byte[] rand = Hex(Field(vector, "RAND"));
            byte[] auts = new byte[14];
            Assert.Equal(14, Auts.Build(algorithm, rand, 0, Hex(Field(vector, "SQN_MS")), 0, auts, 0));
            Assert.Equal(Field(vector, "AUTS"), ToHex(auts));

            if (Has(vector, "AKstar"))
            {
                byte[] akStar = new byte[6];
                algorithm.F5Star(rand, 0, akStar, 0);
                Assert.Equal(Field(vector, "AKstar"), ToHex(akStar));
            }

            byte[] sqnMs = new byte[6];
            var generator = new AuthenticationVectorGenerator(algorithm);
            Assert.True(generator.TryResolveAuts(rand, 0, Hex(Field(vector, "AUTS")), 0, 14, sqnMs, 0));
            Assert.Equal(Field(vector, "SQN_MS"), ToHex(sqnMs));
        }

        [Fact]
        public void Authenticate_E5ReplayOfAcceptedSqn_SyncFailureWithVectorAuts()
        {
            JsonElement vector = Vector("E5 (wmnsk/milenage)");
            byte[] sqn = Hex(Field(vector, "SQN"));
            byte[] slots = new byte[UsimSqnState.ArrayLength];
            sqn.CopyTo(slots, UsimSqnState.IndOf(sqn, 0) * 6);
            var state = new UsimSqnState(slots, 0);
            var usim = new UsimAuthenticator(AlgorithmOf(vector), state);
            var output = new UsimAuthenticationOutput();
            byte[] autn = Hex(Field(vector, "AUTN"));

            Assert.Equal(AkaResult.SyncFailure, usim.Authenticate(Hex(Field(vector, "RAND")), 0, autn, 0, 16, output));
            Assert.Equal(Field(vector, "AUTS"), ToHex(output.Auts[..output.AutsLength]));
            Assert.Equal(slots, state.Slots);
            Assert.Equal(0, output.ResLength);
            Assert.Equal(-1, output.ChangedSqnSlot);
        }

        [Fact]
        public void AucResync_E4_IssuesTheVectorSqns()
        {
            JsonElement vector = Vector("E4 (libosmocore AUTS)");
            IAkaAlgorithm algorithm = AlgorithmOf(vector);
            byte[] sqnMs = new byte[6];
            Assert.True(new AuthenticationVectorGenerator(algorithm).TryResolveAuts(Hex(Field(vector, "RAND")), 0, Hex(Field(vector, "AUTS")), 0, 14, sqnMs, 0));

            foreach (long start in new long[] { 0, 1L << 30 })
            {
                var auc = new AucSqnState(start);
                auc.Resynchronize(sqnMs, 0);
                byte[] sqn = new byte[6];
                var issued = new List<long>();
                for (int i = 0; i < 3; i++)
                {
                    auc.Next(10, sqn, 0);
                    issued.Add(ReadSqn(sqn));
                }

                Assert.Equal(new long[] { 42, 74, 106 }, issued);
                var other = new AucSqnState(start);
                other.Resynchronize(sqnMs, 0);
                other.Next(0, sqn, 0);
                Assert.Equal(32, ReadSqn(sqn));
            }
        }

        private static void AssertIfPresent(JsonElement vector, string name, byte[] actual)
        {
            if (Has(vector, name))
            {
                Assert.Equal(Field(vector, name), ToHex(actual));
            }
        }
    }
}
