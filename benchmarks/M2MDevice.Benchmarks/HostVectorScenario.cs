using M2MDevice.Aka;
using M2MDevice.Host;

namespace M2MDevice.Benchmarks
{
    /// <summary>
    /// Network side on the fast path: HostVectorGenerator over HostMilenage (AES-NI kernels; the portable
    /// MILENAGE when the CPU has no AES-NI). batchSize 1: one Generate per vector with the SQN from
    /// AucSqnState.Next, like VectorGenerationScenario; batchSize above 1: GenerateBatch issuing the SQNs from
    /// AucSqnState itself (or, with sqnsGiven, taking SQNs already issued, as the emulator's AuC does after its
    /// transaction), pipelined in pairs. A new RAND for every vector.
    /// </summary>
    public sealed class HostVectorScenario : AkaScenario
    {
        private readonly string name;
        private readonly int batchSize;
        private readonly HostVectorGenerator generator;
        private readonly AucSqnState sqnState = new AucSqnState();
        private readonly AuthenticationVector[] vectors;
        private readonly byte[] rands;
        private readonly byte[] amf = Subscriber.Amf;
        private readonly byte[] sqn = new byte[AkaSizes.Sqn];
        private readonly byte[] sqns;
        private uint counter;

        /// <summary>Creates the scenario for the benchmark subscriber; batchSize vectors per Run; SQNs issued per vector unless sqnsGiven.</summary>
        public HostVectorScenario(string name, int batchSize, bool sqnsGiven = false)
        {
            this.name = name;
            this.batchSize = batchSize;
            this.generator = new HostVectorGenerator(HostMilenage.Create(Subscriber.MilenageKey, 0, Subscriber.MilenageOpc, 0));
            this.vectors = new AuthenticationVector[batchSize];
            this.rands = new byte[AkaSizes.Rand * batchSize];
            for (int i = 0; i < batchSize; i++)
            {
                this.vectors[i] = new AuthenticationVector();
                System.Array.Copy(Subscriber.Rand, 0, this.rands, AkaSizes.Rand * i, AkaSizes.Rand);
            }

            if (sqnsGiven)
            {
                // Issued once: the kernel's cost does not depend on the SQN values.
                this.sqns = new byte[AkaSizes.Sqn * batchSize];
                for (int i = 0; i < batchSize; i++)
                {
                    this.sqnState.Next(3, this.sqns, AkaSizes.Sqn * i);
                }
            }
        }

        /// <summary>True when the AES-NI kernels run (false: the portable fallback).</summary>
        public bool IsAccelerated => this.generator.IsAccelerated;

        /// <inheritdoc/>
        public override string Name => this.name;

        /// <inheritdoc/>
        public override string Unit => "vector";

        /// <inheritdoc/>
        public override int OperationsPerRun => this.batchSize;

        /// <inheritdoc/>
        public override byte Run()
        {
            if (this.sqnState.SeqHe >= AucSqnState.MaxSeq - this.batchSize)
            {
                this.sqnState.Resynchronize(new byte[AkaSizes.Sqn], 0);
            }

            if (this.batchSize == 1)
            {
                Subscriber.StampRand(this.rands, ++this.counter);
                this.sqnState.Next(3, this.sqn, 0);
                this.generator.Generate(this.rands, 0, this.sqn, 0, this.amf, 0, this.vectors[0]);
                return this.vectors[0].Autn[15];
            }

            for (int i = 0; i < this.batchSize; i++)
            {
                StampRand(this.rands, AkaSizes.Rand * i, ++this.counter);
            }

            if (this.sqns != null)
            {
                this.generator.GenerateBatch(this.rands, 0, this.sqns, 0, this.amf, 0, this.vectors, 0, this.batchSize);
            }
            else
            {
                this.generator.GenerateBatch(this.rands, 0, this.sqnState, 3, this.amf, 0, this.vectors, 0, this.batchSize);
            }

            return this.vectors[this.batchSize - 1].Autn[15];
        }

        private static void StampRand(byte[] rands, int offset, uint counter)
        {
            rands[offset + 12] = (byte)(counter >> 24);
            rands[offset + 13] = (byte)(counter >> 16);
            rands[offset + 14] = (byte)(counter >> 8);
            rands[offset + 15] = (byte)counter;
        }
    }
}
