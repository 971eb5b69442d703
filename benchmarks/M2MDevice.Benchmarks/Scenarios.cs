using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Host;

namespace M2MDevice.Benchmarks
{
    /// <summary>The scenarios, built the way the network and the device build their algorithms.</summary>
    public static class Scenarios
    {
        /// <summary>MILENAGE vector generation on the portable managed Aes128 (the device's AES).</summary>
        public static AkaScenario MilenagePortable()
        {
            byte[] key = Subscriber.MilenageKey;
            IAkaAlgorithm algorithm = AkaAlgorithmFactory.CreateMilenage(new Aes128(key), Subscriber.MilenageOpc, 0);
            return new VectorGenerationScenario("AV generation, MILENAGE, portable Aes128", algorithm);
        }

        /// <summary>MILENAGE vector generation on HostBlockCipher (AES-NI when the CPU has it).</summary>
        public static AkaScenario MilenageHost()
        {
            IBatchBlockCipher cipher = HostBlockCipher.Create(Subscriber.MilenageKey);
            string kind = cipher is AesNiBlockCipher ? "AES-NI" : "no AES-NI: portable";
            IAkaAlgorithm algorithm = AkaAlgorithmFactory.CreateMilenage(cipher, Subscriber.MilenageOpc, 0);
            return new VectorGenerationScenario($"AV generation, MILENAGE, HostBlockCipher ({kind})", algorithm);
        }

        /// <summary>TUAK vector generation (Keccak-f[1600], default lengths, one iteration).</summary>
        public static AkaScenario Tuak()
        {
            byte[] key = Subscriber.TuakKey;
            IAkaAlgorithm algorithm = AkaAlgorithmFactory.Create(AkaAlgorithmKind.Tuak, key, 0, key.Length, Subscriber.TuakTopc, 0, null);
            return new VectorGenerationScenario("AV generation, TUAK", algorithm);
        }

        /// <summary>The 6 AES blocks of one MILENAGE vector on the portable cipher, one call each.</summary>
        public static AkaScenario AesFloorPortable() =>
            new AesFloorScenario("6 AES blocks (one vector's worth), portable Aes128", new Aes128(Subscriber.MilenageKey), false);

        /// <summary>The 6 AES blocks of one MILENAGE vector on HostBlockCipher, one call each.</summary>
        public static AkaScenario AesFloorHost() =>
            new AesFloorScenario("6 AES blocks (one vector's worth), HostBlockCipher", HostBlockCipher.Create(Subscriber.MilenageKey), false);

        /// <summary>The 6 AES blocks of one MILENAGE vector on HostBlockCipher in one EncryptBlocks call.</summary>
        public static AkaScenario AesFloorHostBatched() =>
            new AesFloorScenario("6 AES blocks (one vector's worth), HostBlockCipher, one EncryptBlocks", HostBlockCipher.Create(Subscriber.MilenageKey), true);

        /// <summary>MILENAGE vector generation on the fast path: HostVectorGenerator over HostMilenage, batchSize vectors per call.</summary>
        public static AkaScenario MilenageFast(int batchSize)
        {
            string what = batchSize == 1 ? "fast path" : $"batch of {batchSize}";
            string kind = HostMilenage.IsSupported ? string.Empty : " (no AES-NI: portable)";
            return new HostVectorScenario($"AV generation, MILENAGE, HostMilenage {what}{kind}", batchSize);
        }

        /// <summary>MILENAGE vector generation on the fast path, batches of batchSize with SQNs already issued (as the emulator's AuC).</summary>
        public static AkaScenario MilenageFastSqnsGiven(int batchSize)
        {
            string kind = HostMilenage.IsSupported ? string.Empty : " (no AES-NI: portable)";
            return new HostVectorScenario($"AV generation, MILENAGE, HostMilenage batch of {batchSize}, SQNs given{kind}", batchSize, true);
        }

        /// <summary>The AES-NI rounds alone of MILENAGE vectors (5 blocks each), scheduled as schedule says.</summary>
        public static AkaScenario MilenageAesFloor(AesFloorSchedule schedule)
        {
            string what = schedule == AesFloorSchedule.OneVector ? "one vector at a time"
                : schedule == AesFloorSchedule.PipelinedPairs ? "pipelined pairs (as the batch)" : "independent blocks, 8 in flight";
            return new MilenageAesFloorScenario($"AES-NI floor per vector (5 blocks), {what}", schedule);
        }

        /// <summary>Every scenario, in table order.</summary>
        public static AkaScenario[] All() => new[]
        {
            MilenagePortable(),
            MilenageHost(),
            MilenageFast(1),
            MilenageFast(5),
            MilenageFast(16),
            MilenageFastSqnsGiven(16),
            MilenageAesFloor(AesFloorSchedule.OneVector),
            MilenageAesFloor(AesFloorSchedule.PipelinedPairs),
            MilenageAesFloor(AesFloorSchedule.Independent),
            Tuak(),
            new UsimAuthenticateScenario(false),
            new UsimAuthenticateScenario(true),
            AesFloorPortable(),
            AesFloorHost(),
            AesFloorHostBatched(),
        };
    }
}
