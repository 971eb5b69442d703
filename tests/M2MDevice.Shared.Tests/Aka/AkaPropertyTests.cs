using System;
using CsCheck;
using M2MDevice.Aka;
using static M2MDevice.Tests.Aka.AkaVectorTests;

namespace M2MDevice.Tests.Aka
{
    /// <summary>Seeded property tests: AuC-side generation against USIM-side verification.</summary>
    public class AkaPropertyTests
    {
        private static readonly Gen<byte[]> Block = Gen.Byte.Array[16];

        private static IAkaAlgorithm Milenage(byte[] k, byte[] opc) =>
            AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, k, 0, 16, opc, 0, null);

        /// <summary>USIM state whose every slot holds SEQ in [highest - 3, highest], slot top exactly highest.</summary>
        private static UsimSqnState UsimAt(long highest, int top, byte[] jitter)
        {
            byte[] slots = new byte[UsimSqnState.ArrayLength];
            for (int i = 0; i < 32; i++)
            {
                long seq = i == top ? highest : Math.Max(0, highest - (jitter[i % jitter.Length] & 3));
                WriteSqn((seq << 5) | (long)i, slots, i * 6);
            }

            return new UsimSqnState(slots, 0);
        }

        [Fact]
        public void Milenage_GeneratedVector_VerifiesOnUsim()
        {
            Gen.Select(Block, Block, Block, Gen.Long[0, 1L << 42], Gen.Int[0, 31], Gen.Byte.Array[2])
                .Sample((k, opc, rand, seqHe, ind, amf) =>
                {
                    IAkaAlgorithm network = Milenage(k, opc);
                    var auc = new AucSqnState(seqHe);
                    byte[] sqn = new byte[6];
                    auc.Next(ind, sqn, 0);
                    var av = new AuthenticationVector();
                    new AuthenticationVectorGenerator(network).Generate(rand, 0, sqn, 0, amf, 0, av);

                    UsimSqnState state = UsimAt(seqHe, (ind + 1) & 31, k);
                    var usim = new UsimAuthenticator(Milenage(k, opc), state);
                    var output = new UsimAuthenticationOutput();
                    Assert.Equal(AkaResult.Success, usim.Authenticate(av.Rand, 0, av.Autn, 0, av.AutnLength, output));
                    Assert.Equal(av.Xres[..8], output.Res[..output.ResLength]);
                    Assert.Equal(av.Ck[..16], output.Ck[..output.CkLength]);
                    Assert.Equal(av.Ik[..16], output.Ik[..output.IkLength]);
                    Assert.Equal(av.Kc, output.Kc);
                    Assert.Equal(ind, output.ChangedSqnSlot);
                    Assert.Equal(sqn, state.Slots[(ind * 6)..((ind * 6) + 6)]);
                }, iter: 2000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Tuak_GeneratedVectorWithAnyAllowedLengths_VerifiesOnUsim()
        {
            Gen<int> macLength = Gen.OneOfConst(8, 16, 32);
            Gen<int> resLength = Gen.OneOfConst(4, 8, 16, 32);
            Gen<int> keyLength = Gen.OneOfConst(16, 32);
            Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32], Block, Gen.Long[0, 1L << 42], Gen.Int[0, 31], Gen.Select(macLength, resLength, keyLength, keyLength, keyLength, Gen.Int[1, 3]))
                .Sample((k, topc, rand, seqHe, ind, lengths) =>
                {
                    var parameters = new TuakParameters(lengths.Item1, lengths.Item2, lengths.Item3, lengths.Item4, lengths.Item6);
                    IAkaAlgorithm network = AkaAlgorithmFactory.Create(AkaAlgorithmKind.Tuak, k, 0, lengths.Item5, topc, 0, parameters);
                    var auc = new AucSqnState(seqHe);
                    byte[] sqn = new byte[6];
                    auc.Next(ind, sqn, 0);
                    var av = new AuthenticationVector();
                    new AuthenticationVectorGenerator(network).Generate(rand, 0, sqn, 0, new byte[] { 0x80, 0x00 }, 0, av);
                    Assert.Equal(8 + lengths.Item1, av.AutnLength);

                    var state = UsimAt(seqHe, ind, k);
                    var usim = new UsimAuthenticator(AkaAlgorithmFactory.Create(AkaAlgorithmKind.Tuak, k, 0, lengths.Item5, topc, 0, parameters), state);
                    var output = new UsimAuthenticationOutput();
                    Assert.Equal(AkaResult.Success, usim.Authenticate(av.Rand, 0, av.Autn, 0, av.AutnLength, output));
                    Assert.Equal(av.Xres[..av.XresLength], output.Res[..output.ResLength]);
                    Assert.Equal(av.Ck[..av.CkLength], output.Ck[..output.CkLength]);
                    Assert.Equal(av.Ik[..av.IkLength], output.Ik[..output.IkLength]);
                    Assert.Equal(av.CkLength == 16 && av.IkLength == 16, output.HasKc);
                    Assert.Equal(av.HasGsm && output.HasKc, av.HasGsm);
                    if (av.HasGsm)
                    {
                        Assert.Equal(av.Kc, output.Kc);
                    }

                    // A flipped MAC bit is refused, and so is an AUTN of another algorithm's length.
                    av.Autn[av.AutnLength - 1] ^= 0x40;
                    Assert.Equal(AkaResult.MacFailure, usim.Authenticate(av.Rand, 0, av.Autn, 0, av.AutnLength, output));
                    Assert.Equal(AkaResult.InvalidInput, usim.Authenticate(av.Rand, 0, av.Autn, 0, av.AutnLength == 16 ? 24 : 16, output));
                }, iter: 400, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Authenticate_AnyFlippedAutnBit_MacFailureWithoutStateChange()
        {
            Gen.Select(Block, Block, Block, Gen.Long[0, 1L << 42], Gen.Int[0, 31], Gen.Int[0, 127])
                .Sample((k, opc, rand, seqHe, ind, bit) =>
                {
                    var auc = new AucSqnState(seqHe);
                    byte[] sqn = new byte[6];
                    auc.Next(ind, sqn, 0);
                    var av = new AuthenticationVector();
                    new AuthenticationVectorGenerator(Milenage(k, opc)).Generate(rand, 0, sqn, 0, new byte[2], 0, av);
                    av.Autn[bit >> 3] ^= (byte)(1 << (bit & 7));

                    UsimSqnState state = UsimAt(seqHe, (ind + 3) & 31, opc);
                    byte[] before = (byte[])state.Slots.Clone();
                    var output = new UsimAuthenticationOutput();
                    var usim = new UsimAuthenticator(Milenage(k, opc), state);
                    Assert.Equal(AkaResult.MacFailure, usim.Authenticate(av.Rand, 0, av.Autn, 0, 16, output));
                    Assert.Equal(before, state.Slots);
                    Assert.Equal(new byte[32], output.Res);
                    Assert.Equal(new byte[32], output.Ck);
                    Assert.Equal(new byte[32], output.Ik);
                    Assert.Equal(new byte[38], output.Auts);
                    Assert.Equal(-1, output.ChangedSqnSlot);
                }, iter: 3000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void Authenticate_StaleOrFarAheadSqn_AutsResolvesToHighestAndResyncRecovers()
        {
            Gen.Select(Block, Block, Block, Gen.Long[8, 1L << 40], Gen.Int[0, 31], Gen.Int[0, 31], Gen.Long[0, 1L << 29], Gen.Bool)
                .Sample((k, opc, rand, highest, ind, top, distance, ahead) =>
                {
                    // Stale: the AuC's next SEQ is at most highest - 4, below every slot; or beyond delta ahead.
                    long seqHe = ahead ? highest + UsimSqnState.DefaultDelta + distance : Math.Max(0, highest - 5 - distance);
                    var auc = new AucSqnState(seqHe);
                    var generator = new AuthenticationVectorGenerator(Milenage(k, opc));
                    UsimSqnState state = UsimAt(highest, top, rand);
                    var usim = new UsimAuthenticator(Milenage(k, opc), state);
                    byte[] before = (byte[])state.Slots.Clone();
                    byte[] sqn = new byte[6];
                    auc.Next(ind, sqn, 0);
                    var av = new AuthenticationVector();
                    generator.Generate(rand, 0, sqn, 0, new byte[2], 0, av);
                    var output = new UsimAuthenticationOutput();

                    Assert.Equal(AkaResult.SyncFailure, usim.Authenticate(av.Rand, 0, av.Autn, 0, 16, output));
                    Assert.Equal(before, state.Slots);
                    Assert.Equal(0, output.ResLength);

                    byte[] sqnMs = new byte[6];
                    Assert.True(generator.TryResolveAuts(av.Rand, 0, output.Auts, 0, output.AutsLength, sqnMs, 0));
                    byte[] expected = new byte[6];
                    state.GetHighest(expected, 0);
                    Assert.Equal(expected, sqnMs);
                    Assert.Equal(highest, ReadSqn(sqnMs) >> 5);

                    Assert.Equal(AucResync.Reset, auc.Resynchronize(sqnMs, 0));
                    auc.Next(ind, sqn, 0);
                    generator.Generate(rand, 0, sqn, 0, new byte[2], 0, av);
                    Assert.Equal(AkaResult.Success, usim.Authenticate(av.Rand, 0, av.Autn, 0, 16, output));

                    // A tampered AUTS is refused and must not move the AuC.
                    output.Clear();
                    usim.Authenticate(av.Rand, 0, av.Autn, 0, 16, output);
                    Assert.Equal(14, output.AutsLength);
                    output.Auts[13] ^= 1;
                    Assert.False(generator.TryResolveAuts(av.Rand, 0, output.Auts, 0, output.AutsLength, sqnMs, 0));
                    Assert.Equal(new byte[6], sqnMs);
                }, iter: 1500, seed: "0N0XIzNsQ0O2");
        }
    }
}
