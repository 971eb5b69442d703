using System;
using System.Runtime.InteropServices;
using M2MDevice.Aka;

namespace M2MDevice.Host
{
    /// <summary>
    /// The network side's authentication vector generator (TS 33.102 6.3.2): same contract and bit-identical
    /// output as <see cref="AuthenticationVectorGenerator"/>, but over a <see cref="HostMilenage"/> it builds each
    /// vector in one pass of vector registers (TEMP, then OUT1..OUT4 in flight, AUTN/XRES/CK/IK/Kc/SRES stored
    /// directly), and the GenerateBatch overloads software-pipeline pairs of vectors (the OUT blocks of one pair
    /// go through the AES rounds together with the TEMP blocks of the next) so the AES unit stays busy. Any other
    /// algorithm (TUAK, the portable MILENAGE when the CPU has no AES-NI) goes through
    /// <see cref="AuthenticationVectorGenerator"/>. Throughput per core and the AES-NI floor: benchmarks/README.md.
    /// No allocation per call. Not thread-safe: one per thread (algorithm included).
    /// </summary>
    public sealed class HostVectorGenerator
    {
        // Vectors per kernel call: their IN1 words live on the stack.
        private const int Chunk = 32;

        private readonly IAkaAlgorithm algorithm;
        private readonly HostMilenage milenage;
        private readonly AuthenticationVectorGenerator portable;
        private readonly byte[] sqn = new byte[AkaSizes.Sqn];

        /// <summary>Creates the generator over the subscriber's algorithm (the fast path when it is a HostMilenage).</summary>
        public HostVectorGenerator(IAkaAlgorithm algorithm)
        {
            this.algorithm = algorithm ?? throw new ArgumentNullException(nameof(algorithm));
            this.milenage = algorithm as HostMilenage;
            this.portable = new AuthenticationVectorGenerator(algorithm);
        }

        /// <summary>The subscriber's algorithm.</summary>
        public IAkaAlgorithm Algorithm => this.algorithm;

        /// <summary>True when vectors are built by the AES-NI MILENAGE kernels, false on the portable path.</summary>
        public bool IsAccelerated => this.milenage != null;

        /// <summary>
        /// TS 33.102 6.3.2: one vector for RAND (16 bytes), SQN (6) and AMF (2), exactly as
        /// <see cref="AuthenticationVectorGenerator.Generate"/> fills it. RAND must come from a good random source.
        /// </summary>
        public void Generate(byte[] rand, int randOffset, byte[] sqn, int sqnOffset, byte[] amf, int amfOffset, AuthenticationVector vector)
        {
            if (rand == null || sqn == null || amf == null || vector == null)
            {
                throw new ArgumentNullException(rand == null ? nameof(rand) : sqn == null ? nameof(sqn) : amf == null ? nameof(amf) : nameof(vector));
            }

            CheckRange(rand, randOffset, AkaSizes.Rand, nameof(randOffset));
            CheckRange(sqn, sqnOffset, AkaSizes.Sqn, nameof(sqnOffset));
            CheckRange(amf, amfOffset, AkaSizes.Amf, nameof(amfOffset));
            if (this.milenage == null)
            {
                this.portable.Generate(rand, randOffset, sqn, sqnOffset, amf, amfOffset, vector);
                return;
            }

            ulong in1 = HostMilenage.In1(sqn, sqnOffset, amf, amfOffset);
            this.milenage.GenerateVector(ref MemoryMarshal.GetReference(rand.AsSpan(randOffset, AkaSizes.Rand)), in1, vector);
        }

        /// <summary>
        /// count vectors: vector i from RAND i (16 bytes at rands[randsOffset + 16 i]) and SQN i (6 bytes at
        /// sqns[sqnsOffset + 6 i]), one AMF, into vectors[vectorsOffset + i]; each as <see cref="Generate"/> would fill it.
        /// </summary>
        public void GenerateBatch(byte[] rands, int randsOffset, byte[] sqns, int sqnsOffset, byte[] amf, int amfOffset, AuthenticationVector[] vectors, int vectorsOffset, int count)
        {
            CheckBatch(rands, randsOffset, amf, amfOffset, vectors, vectorsOffset, count);
            if (sqns == null)
            {
                throw new ArgumentNullException(nameof(sqns));
            }

            if (sqnsOffset < 0 || sqnsOffset > sqns.Length - (AkaSizes.Sqn * count))
            {
                throw new ArgumentOutOfRangeException(nameof(sqnsOffset));
            }

            if (this.milenage == null)
            {
                for (int i = 0; i < count; i++)
                {
                    this.portable.Generate(rands, randsOffset + (AkaSizes.Rand * i), sqns, sqnsOffset + (AkaSizes.Sqn * i), amf, amfOffset, vectors[vectorsOffset + i]);
                }

                return;
            }

            Span<ulong> in1 = stackalloc ulong[Chunk];
            try
            {
                for (int done = 0; done < count; done += Chunk)
                {
                    int n = Math.Min(Chunk, count - done);
                    for (int i = 0; i < n; i++)
                    {
                        in1[i] = HostMilenage.In1(sqns, sqnsOffset + (AkaSizes.Sqn * (done + i)), amf, amfOffset);
                    }

                    this.milenage.GenerateVectors(ref rands[randsOffset + (AkaSizes.Rand * done)], in1.Slice(0, n), vectors, vectorsOffset + done, n);
                }
            }
            finally
            {
                in1.Clear();
            }
        }

        /// <summary>
        /// count vectors whose SQNs are issued here from sqnState for the requester's IND (TS 33.102 C.1.1.1:
        /// SQN = (SEQ_HE + 1) || IND, one after another), RAND i at rands[randsOffset + 16 i], into
        /// vectors[vectorsOffset + i]. The caller persists sqnState.SeqHe before the vectors leave the AuC.
        /// Throws InvalidOperationException (before any vector is built) when SEQ would be exhausted.
        /// </summary>
        public void GenerateBatch(byte[] rands, int randsOffset, AucSqnState sqnState, int ind, byte[] amf, int amfOffset, AuthenticationVector[] vectors, int vectorsOffset, int count)
        {
            CheckBatch(rands, randsOffset, amf, amfOffset, vectors, vectorsOffset, count);
            if (sqnState == null)
            {
                throw new ArgumentNullException(nameof(sqnState));
            }

            if (sqnState.SeqHe > AucSqnState.MaxSeq - count)
            {
                throw new InvalidOperationException("SEQ exhausted");
            }

            if (this.milenage == null)
            {
                for (int i = 0; i < count; i++)
                {
                    sqnState.Next(ind, this.sqn, 0);
                    this.portable.Generate(rands, randsOffset + (AkaSizes.Rand * i), this.sqn, 0, amf, amfOffset, vectors[vectorsOffset + i]);
                }

                AkaBytes.Zero(this.sqn);
                return;
            }

            ushort amfValue = (ushort)((amf[amfOffset] << 8) | amf[amfOffset + 1]);
            Span<ulong> in1 = stackalloc ulong[Chunk];
            try
            {
                for (int done = 0; done < count; done += Chunk)
                {
                    int n = Math.Min(Chunk, count - done);
                    for (int i = 0; i < n; i++)
                    {
                        // TS 33.102 C.1.1.1: SEQ = SEQ_HE + 1 per vector, SQN = SEQ || IND (Next checks IND and exhaustion).
                        sqnState.Next(ind, this.sqn, 0);
                        in1[i] = HostMilenage.In1((sqnState.SeqHe << UsimSqnState.IndBits) | (long)ind, amfValue);
                    }

                    this.milenage.GenerateVectors(ref rands[randsOffset + (AkaSizes.Rand * done)], in1.Slice(0, n), vectors, vectorsOffset + done, n);
                }
            }
            finally
            {
                in1.Clear();
                AkaBytes.Zero(this.sqn);
            }
        }

        /// <summary>TS 33.102 6.3.5: as <see cref="AuthenticationVectorGenerator.TryResolveAuts"/>.</summary>
        public bool TryResolveAuts(byte[] rand, int randOffset, byte[] auts, int autsOffset, int autsLength, byte[] sqnMs, int sqnMsOffset)
        {
            return this.portable.TryResolveAuts(rand, randOffset, auts, autsOffset, autsLength, sqnMs, sqnMsOffset);
        }

        private static void CheckRange(byte[] buffer, int offset, int count, string name)
        {
            if (offset < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(name);
            }
        }

        private static void CheckBatch(byte[] rands, int randsOffset, byte[] amf, int amfOffset, AuthenticationVector[] vectors, int vectorsOffset, int count)
        {
            if (rands == null || amf == null || vectors == null)
            {
                throw new ArgumentNullException(rands == null ? nameof(rands) : amf == null ? nameof(amf) : nameof(vectors));
            }

            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (randsOffset < 0 || randsOffset > rands.Length - (AkaSizes.Rand * count))
            {
                throw new ArgumentOutOfRangeException(nameof(randsOffset));
            }

            if (amfOffset < 0 || amfOffset > amf.Length - AkaSizes.Amf)
            {
                throw new ArgumentOutOfRangeException(nameof(amfOffset));
            }

            if (vectorsOffset < 0 || vectorsOffset > vectors.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(vectorsOffset));
            }

            for (int i = 0; i < count; i++)
            {
                if (vectors[vectorsOffset + i] == null)
                {
                    throw new ArgumentNullException(nameof(vectors));
                }
            }
        }
    }
}
