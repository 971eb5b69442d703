using M2MDevice.Aka;

namespace M2MDevice.Benchmarks
{
    /// <summary>
    /// Network side: one authentication vector (TS 33.102 6.3.2) with AuthenticationVectorGenerator: a new
    /// RAND every time, SQN from AucSqnState, AUTN, XRES, CK, IK, Kc, SRES.
    /// </summary>
    public sealed class VectorGenerationScenario : AkaScenario
    {
        private readonly string name;
        private readonly AuthenticationVectorGenerator generator;
        private readonly AucSqnState sqnState = new AucSqnState();
        private readonly AuthenticationVector vector = new AuthenticationVector();
        private readonly byte[] rand = Subscriber.Rand;
        private readonly byte[] amf = Subscriber.Amf;
        private readonly byte[] sqn = new byte[AkaSizes.Sqn];
        private uint counter;

        /// <summary>Creates the scenario over an algorithm instance (which fixes the AES implementation).</summary>
        public VectorGenerationScenario(string name, IAkaAlgorithm algorithm)
        {
            this.name = name;
            this.generator = new AuthenticationVectorGenerator(algorithm);
        }

        /// <inheritdoc/>
        public override string Name => this.name;

        /// <inheritdoc/>
        public override string Unit => "vector";

        /// <inheritdoc/>
        public override byte Run()
        {
            Subscriber.StampRand(this.rand, ++this.counter);
            if (this.sqnState.SeqHe >= AucSqnState.MaxSeq - 1)
            {
                this.sqnState.Resynchronize(new byte[AkaSizes.Sqn], 0);
            }

            this.sqnState.Next(3, this.sqn, 0);
            this.generator.Generate(this.rand, 0, this.sqn, 0, this.amf, 0, this.vector);
            return this.vector.Autn[15];
        }
    }
}
