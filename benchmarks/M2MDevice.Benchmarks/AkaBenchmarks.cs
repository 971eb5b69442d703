using BenchmarkDotNet.Attributes;

namespace M2MDevice.Benchmarks
{
    /// <summary>BenchmarkDotNet view of the scenarios: ops/s from the mean, bytes allocated per operation.</summary>
    [MemoryDiagnoser]
    public class AkaBenchmarks
    {
        private AkaScenario milenagePortable;
        private AkaScenario milenageHost;
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
