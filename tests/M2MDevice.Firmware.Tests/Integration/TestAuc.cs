using System;
using M2MDevice.Aka;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;

namespace M2MDevice.Firmware.Tests.Integration
{
    /// <summary>
    /// The network side of the integration tests: the shared AuC code (AuthenticationVectorGenerator,
    /// AucSqnState) keyed with a profile's K and OPc/TOPc, RAND from a seeded generator.
    /// </summary>
    internal sealed class TestAuc
    {
        private readonly AuthenticationVectorGenerator generator;
        private readonly AucSqnState sqnState;
        private readonly Random random;
        private readonly byte[] amf;

        public TestAuc(UsimProfile profile, long seqHe, int seed, string amfHex = "8000")
        {
            generator = new AuthenticationVectorGenerator(AlgorithmFor(profile));
            sqnState = new AucSqnState(seqHe);
            random = new Random(seed);
            amf = TestVectors.Hex(amfHex);
        }

        public long SeqHe => sqnState.SeqHe;

        /// <summary>The algorithm the soft USIM builds for this profile, on the network side.</summary>
        public static IAkaAlgorithm AlgorithmFor(UsimProfile profile)
        {
            if (profile.Algorithm == AkaAlgorithmKind.Tuak)
            {
                TuakParameters parameters = profile.TuakMacLength == 0
                    ? TuakParameters.Default
                    : new TuakParameters(profile.TuakMacLength, profile.TuakResLength, profile.TuakCkLength, profile.TuakIkLength, profile.TuakKeccakIterations);
                return AkaAlgorithmFactory.Create(AkaAlgorithmKind.Tuak, profile.K, 0, profile.K.Length, profile.Opc, 0, parameters);
            }

            return AkaAlgorithmFactory.Create(AkaAlgorithmKind.Milenage, profile.K, 0, profile.K.Length, profile.Opc, 0, null);
        }

        /// <summary>The next vector: SQN = (SEQ_HE + 1) || ind (TS 33.102 C.1.1.1), fresh RAND.</summary>
        public AuthenticationVector Next(int ind)
        {
            var sqn = new byte[6];
            sqnState.Next(ind, sqn, 0);
            var rand = new byte[16];
            random.NextBytes(rand);
            return For(rand, sqn, amf);
        }

        /// <summary>The vector for given RAND, SQN and AMF.</summary>
        public AuthenticationVector For(byte[] rand, byte[] sqn, byte[] amfValue)
        {
            var vector = new AuthenticationVector();
            generator.Generate(rand, 0, sqn, 0, amfValue, 0, vector);
            return vector;
        }

        /// <summary>Verifies AUTS (MAC-S) for RAND and returns SQN_MS (TS 33.102 6.3.5); fails the test when MAC-S is wrong.</summary>
        public long ResolveAuts(byte[] rand, string autsHex)
        {
            byte[] auts = TestVectors.Hex(autsHex);
            var sqnMs = new byte[6];
            Assert.True(generator.TryResolveAuts(rand, 0, auts, 0, auts.Length, sqnMs, 0), "MAC-S of AUTS");
            long value = 0;
            foreach (byte b in sqnMs)
            {
                value = (value << 8) | b;
            }

            return value;
        }

        /// <summary>Resynchronises SEQ_HE from SQN_MS (TS 33.102 6.3.5).</summary>
        public void Resynchronize(long sqnMs)
        {
            var bytes = new byte[6];
            for (int i = 5; i >= 0; i--)
            {
                bytes[i] = (byte)sqnMs;
                sqnMs >>= 8;
            }

            sqnState.Resynchronize(bytes, 0);
        }
    }
}
