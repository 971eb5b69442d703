using System;
using System.Text.Json;
using CsCheck;
using M2MDevice.Aka;
using M2MDevice.Host;
using static M2MDevice.Tests.Host.HostMilenageTests;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Host
{
    /// <summary>
    /// HostVectorGenerator: every AKA vector of tests/vectors/aka.json, and seeded properties against
    /// AuthenticationVectorGenerator over the portable Milenage (every byte of every buffer, lengths, HasGsm).
    /// </summary>
    public class HostVectorGeneratorTests
    {
        private static readonly Gen<byte[]> Block = Gen.Byte.Array[16];

        [Fact]
        public void Generate_AkaVectors_MatchAutnKeysAndGsmValues()
        {
            int checkedVectors = 0;
            foreach (JsonElement vector in Load("aka").GetProperty("vectors").EnumerateArray())
            {
                if (!vector.TryGetProperty("SQN", out _) || !vector.TryGetProperty("AUTN", out _))
                {
                    continue;
                }

                var generator = new HostVectorGenerator(HostMilenage.Create(Hex(Field(vector, "K")), 0, Hex(Field(vector, "OPc")), 0));
                Assert.Equal(HostMilenage.IsSupported, generator.IsAccelerated);
                byte[] rand = Hex(Field(vector, "RAND"));
                byte[] sqn = Hex(Field(vector, "SQN"));
                byte[] amf = Hex(Field(vector, "AMF"));
                var single = new AuthenticationVector();
                generator.Generate(rand, 0, sqn, 0, amf, 0, single);

                // The same vector as both lanes of a pair and as the odd one out of a batch of three.
                var batch = new[] { new AuthenticationVector(), new AuthenticationVector(), new AuthenticationVector() };
                generator.GenerateBatch(Repeat(rand, 3), 0, Repeat(sqn, 3), 0, amf, 0, batch, 0, 3);
                foreach (AuthenticationVector av in new[] { single, batch[0], batch[1], batch[2] })
                {
                    Assert.Equal(Field(vector, "RAND"), ToHex(av.Rand));
                    Assert.Equal(Field(vector, "AUTN"), ToHex(av.Autn[..av.AutnLength]));
                    Assert.Equal(Field(vector, "RES"), ToHex(av.Xres[..av.XresLength]));
                    Assert.True(av.HasGsm);
                    if (vector.TryGetProperty("CK", out JsonElement ck))
                    {
                        Assert.Equal(ck.GetString(), ToHex(av.Ck[..av.CkLength]));
                        Assert.Equal(Field(vector, "IK"), ToHex(av.Ik[..av.IkLength]));
                    }

                    if (vector.TryGetProperty("Kc", out JsonElement kc))
                    {
                        Assert.Equal(kc.GetString(), ToHex(av.Kc));
                    }

                    if (vector.TryGetProperty("SRES", out JsonElement sres))
                    {
                        Assert.Equal(sres.GetString(), ToHex(av.Sres));
                    }
                }

                checkedVectors++;
            }

            Assert.True(checkedVectors >= 4);
        }

        [Fact]
        public void Generate_RandomInputs_IdenticalToPortableGenerator()
        {
            Gen.Select(Block, Block, Block, Gen.Byte.Array[6], Gen.Byte.Array[2])
                .Sample((k, opc, rand, sqn, amf) =>
                {
                    var expected = new AuthenticationVector();
                    new AuthenticationVectorGenerator(Portable(k, opc)).Generate(rand, 0, sqn, 0, amf, 0, expected);
                    var actual = Dirty();
                    new HostVectorGenerator(HostMilenage.Create(k, 0, opc, 0)).Generate(rand, 0, sqn, 0, amf, 0, actual);
                    AssertSame(expected, actual);
                }, iter: 4000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void GenerateBatch_RandomBatches_IdenticalToPortableGenerator()
        {
            Gen.Select(Block, Block, Gen.Int[0, 9], Gen.Int[0, 3], Gen.Byte.Array[2], Gen.Byte.Array[16 * 12 + 6 * 12])
                .Sample((k, opc, count, offset, amf, inputs) =>
                {
                    var portable = new AuthenticationVectorGenerator(Portable(k, opc));
                    var host = new HostVectorGenerator(HostMilenage.Create(k, 0, opc, 0));
                    byte[] rands = inputs[..(16 * 12)];
                    byte[] sqns = inputs[(16 * 12)..];
                    AuthenticationVector[] vectors = new AuthenticationVector[count + offset + 1];
                    for (int i = 0; i < vectors.Length; i++)
                    {
                        vectors[i] = Dirty();
                    }

                    host.GenerateBatch(rands, 16 * offset, sqns, 6 * offset, amf, 0, vectors, offset, count);
                    var expected = new AuthenticationVector();
                    for (int i = 0; i < count; i++)
                    {
                        portable.Generate(rands, 16 * (offset + i), sqns, 6 * (offset + i), amf, 0, expected);
                        AssertSame(expected, vectors[offset + i]);
                    }

                    // Outside [offset, offset + count) nothing is touched.
                    AssertSame(Dirty(), vectors[offset + count]);
                }, iter: 1500, seed: "0NRr6UaeMYm1");
        }

        [Fact]
        public void GenerateBatchFromSqnState_RandomState_SameSqnsAndVectorsAsNextThenGenerate()
        {
            Gen.Select(Block, Block, Gen.Long[0, 1L << 42], Gen.Int[0, 31], Gen.Int[1, 7], Gen.Byte.Array[16 * 7])
                .Sample((k, opc, seqHe, ind, count, rands) =>
                {
                    byte[] amf = { 0x80, 0x00 };
                    var hostState = new AucSqnState(seqHe);
                    var host = new HostVectorGenerator(HostMilenage.Create(k, 0, opc, 0));
                    AuthenticationVector[] vectors = new AuthenticationVector[count];
                    for (int i = 0; i < count; i++)
                    {
                        vectors[i] = Dirty();
                    }

                    host.GenerateBatch(rands, 0, hostState, ind, amf, 0, vectors, 0, count);

                    var portableState = new AucSqnState(seqHe);
                    var portable = new AuthenticationVectorGenerator(Portable(k, opc));
                    var expected = new AuthenticationVector();
                    byte[] sqn = new byte[6];
                    for (int i = 0; i < count; i++)
                    {
                        portableState.Next(ind, sqn, 0);
                        portable.Generate(rands, 16 * i, sqn, 0, amf, 0, expected);
                        AssertSame(expected, vectors[i]);
                    }

                    Assert.Equal(portableState.SeqHe, hostState.SeqHe);
                }, iter: 1500, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Generate_PortableAlgorithm_FallsBackToPortableGenerator()
        {
            Gen.Select(Block, Block, Block, Gen.Byte.Array[6], Gen.Byte.Array[2])
                .Sample((k, opc, rand, sqn, amf) =>
                {
                    var fallback = new HostVectorGenerator(Portable(k, opc));
                    Assert.False(fallback.IsAccelerated);
                    var expected = new AuthenticationVector();
                    new AuthenticationVectorGenerator(Portable(k, opc)).Generate(rand, 0, sqn, 0, amf, 0, expected);
                    var actual = new[] { Dirty(), Dirty() };
                    fallback.GenerateBatch(Repeat(rand, 2), 0, Repeat(sqn, 2), 0, amf, 0, actual, 0, 2);
                    AssertSame(expected, actual[0]);
                    AssertSame(expected, actual[1]);
                }, iter: 300, seed: "0NRr6UaeMYm1");
        }

        [Fact]
        public void GenerateBatchFromSqnState_SeqWouldBeExhausted_ThrowsBeforeIssuingAny()
        {
            var state = new AucSqnState(AucSqnState.MaxSeq - 1);
            var generator = new HostVectorGenerator(HostMilenage.Create(new byte[16], 0, new byte[16], 0));
            AuthenticationVector[] vectors = { new AuthenticationVector(), new AuthenticationVector() };
            Assert.Throws<InvalidOperationException>(() => generator.GenerateBatch(new byte[32], 0, state, 1, new byte[2], 0, vectors, 0, 2));
            Assert.Equal(AucSqnState.MaxSeq - 1, state.SeqHe);
        }

        [Fact]
        public void GenerateBatch_BadArguments_Throw()
        {
            var generator = new HostVectorGenerator(HostMilenage.Create(new byte[16], 0, new byte[16], 0));
            AuthenticationVector[] vectors = { new AuthenticationVector(), new AuthenticationVector() };
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.GenerateBatch(new byte[31], 0, new byte[12], 0, new byte[2], 0, vectors, 0, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.GenerateBatch(new byte[32], 0, new byte[11], 0, new byte[2], 0, vectors, 0, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.GenerateBatch(new byte[32], 0, new byte[12], 0, new byte[1], 0, vectors, 0, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.GenerateBatch(new byte[48], 0, new byte[18], 0, new byte[2], 0, vectors, 0, 3));
            Assert.Throws<ArgumentNullException>(() => generator.GenerateBatch(new byte[32], 0, new byte[12], 0, new byte[2], 0, new AuthenticationVector[2], 0, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(new byte[15], 0, new byte[6], 0, new byte[2], 0, vectors[0]));
            Assert.Throws<ArgumentNullException>(() => new HostVectorGenerator(null));
        }

        [Fact]
        public void GenerateBatch_AfterWarmUp_AllocatesNothing()
        {
            var generator = new HostVectorGenerator(HostMilenage.Create(new byte[16], 0, new byte[16], 0));
            AuthenticationVector[] vectors = new AuthenticationVector[5];
            for (int i = 0; i < vectors.Length; i++)
            {
                vectors[i] = new AuthenticationVector();
            }

            byte[] rands = new byte[80];
            byte[] amf = { 0x80, 0x00 };
            var state = new AucSqnState();
            generator.GenerateBatch(rands, 0, state, 3, amf, 0, vectors, 0, 5);
            generator.Generate(rands, 0, new byte[6], 0, amf, 0, vectors[0]);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                rands[i % 80]++;
                generator.GenerateBatch(rands, 0, state, 3, amf, 0, vectors, 0, 5);
                generator.Generate(rands, 16, rands, 32, amf, 0, vectors[1]);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static byte[] Repeat(byte[] value, int times)
        {
            byte[] result = new byte[value.Length * times];
            for (int i = 0; i < times; i++)
            {
                value.CopyTo(result, value.Length * i);
            }

            return result;
        }

        /// <summary>A vector whose every buffer holds garbage from an earlier use.</summary>
        private static AuthenticationVector Dirty()
        {
            var vector = new AuthenticationVector();
            foreach (byte[] buffer in new[] { vector.Rand, vector.Xres, vector.Ck, vector.Ik, vector.Autn, vector.Kc, vector.Sres })
            {
                Array.Fill(buffer, (byte)0x5C);
            }

            return vector;
        }

        private static void AssertSame(AuthenticationVector expected, AuthenticationVector actual)
        {
            Assert.Equal(ToHex(expected.Rand), ToHex(actual.Rand));
            Assert.Equal(ToHex(expected.Xres), ToHex(actual.Xres));
            Assert.Equal(ToHex(expected.Ck), ToHex(actual.Ck));
            Assert.Equal(ToHex(expected.Ik), ToHex(actual.Ik));
            Assert.Equal(ToHex(expected.Autn), ToHex(actual.Autn));
            Assert.Equal(ToHex(expected.Kc), ToHex(actual.Kc));
            Assert.Equal(ToHex(expected.Sres), ToHex(actual.Sres));
            Assert.Equal(expected.XresLength, actual.XresLength);
            Assert.Equal(expected.CkLength, actual.CkLength);
            Assert.Equal(expected.IkLength, actual.IkLength);
            Assert.Equal(expected.AutnLength, actual.AutnLength);
            Assert.Equal(expected.HasGsm, actual.HasGsm);
        }
    }
}
