using BenchmarkDotNet.Attributes;

namespace M2MDevice.Benchmarks
{
    /// <summary>BenchmarkDotNet view of the scenarios: ops/s from the mean, bytes allocated per operation.</summary>
    [MemoryDiagnoser]
    public class AkaBenchmarks
    {
        private AkaScenario milenagePortable;
        private AkaScenario milenageHost;
        private AkaScenario milenageFast;
        private AkaScenario milenageBatch;
        private AkaScenario floorOne;
        private AkaScenario floorPipelined;
        private AkaScenario tuak;
        private AkaScenario authenticate;
        private AkaScenario authenticateApdu;
        private AkaScenario aesPortable;
        private AkaScenario aesHost;
        private AkaScenario aesHostBatched;

        /// <summary>Builds every scenario once.</summary>
        [GlobalSetup]
        public void Setup()
        {
            this.milenagePortable = Scenarios.MilenagePortable();
            this.milenageHost = Scenarios.MilenageHost();
            this.milenageFast = Scenarios.MilenageFast(1);
            this.milenageBatch = Scenarios.MilenageFast(16);
            this.floorOne = Scenarios.MilenageAesFloor(AesFloorSchedule.OneVector);
            this.floorPipelined = Scenarios.MilenageAesFloor(AesFloorSchedule.PipelinedPairs);
            this.tuak = Scenarios.Tuak();
            this.authenticate = new UsimAuthenticateScenario(false);
            this.authenticateApdu = new UsimAuthenticateScenario(true);
            this.aesPortable = Scenarios.AesFloorPortable();
            this.aesHost = Scenarios.AesFloorHost();
            this.aesHostBatched = Scenarios.AesFloorHostBatched();
        }

        /// <summary>Network side: one MILENAGE vector, portable AES.</summary>
        [Benchmark(Baseline = true)]
        public byte AvMilenagePortable() => this.milenagePortable.Run();

        /// <summary>Network side: one MILENAGE vector, AES-NI.</summary>
        [Benchmark]
        public byte AvMilenageAesNi() => this.milenageHost.Run();

        /// <summary>Network side: one MILENAGE vector, HostMilenage fast path.</summary>
        [Benchmark]
        public byte AvMilenageFast() => this.milenageFast.Run();

        /// <summary>Network side: MILENAGE vectors, HostMilenage batch of 16 (per vector).</summary>
        [Benchmark(OperationsPerInvoke = 16)]
        public byte AvMilenageFastBatch16() => this.milenageBatch.Run();

        /// <summary>AES-NI floor per vector (5 blocks), one vector at a time (per vector).</summary>
        [Benchmark(OperationsPerInvoke = 16)]
        public byte AesFloorOneVector() => this.floorOne.Run();

        /// <summary>AES-NI floor per vector (5 blocks), pipelined pairs as the batch (per vector).</summary>
        [Benchmark(OperationsPerInvoke = 16)]
        public byte AesFloorPipelinedPairs() => this.floorPipelined.Run();

        /// <summary>Network side: one TUAK vector.</summary>
        [Benchmark]
        public byte AvTuak() => this.tuak.Run();

        /// <summary>Device side: one AUTHENTICATE on UsimAuthenticator.</summary>
        [Benchmark]
        public byte UsimAuthenticate() => this.authenticate.Run();

        /// <summary>Device side: one AUTHENTICATE command APDU to response APDU.</summary>
        [Benchmark]
        public byte UsimAuthenticateApdu() => this.authenticateApdu.Run();

        /// <summary>AES floor of one vector: 6 blocks, portable.</summary>
        [Benchmark]
        public byte Aes6BlocksPortable() => this.aesPortable.Run();

        /// <summary>AES floor of one vector: 6 blocks, AES-NI, one call each.</summary>
        [Benchmark]
        public byte Aes6BlocksAesNi() => this.aesHost.Run();

        /// <summary>AES floor of one vector: 6 blocks, AES-NI, one EncryptBlocks call.</summary>
        [Benchmark]
        public byte Aes6BlocksAesNiBatched() => this.aesHostBatched.Run();
    }
}
