namespace M2MDevice.Benchmarks
{
    /// <summary>
    /// One measured operation with its setup, shared by the BenchmarkDotNet classes and the quick
    /// Stopwatch mode so both measure exactly the same code.
    /// </summary>
    public abstract class AkaScenario
    {
        /// <summary>Row name in the quick table.</summary>
        public abstract string Name { get; }

        /// <summary>What one operation is ("vector", "AUTHENTICATE").</summary>
        public abstract string Unit { get; }

        /// <summary>Operations (of <see cref="Unit"/>) one <see cref="Run"/> performs: 1 unless the scenario batches.</summary>
        public virtual int OperationsPerRun => 1;

        /// <summary>Performs <see cref="OperationsPerRun"/> operations; returns a byte of the result so nothing is optimized away.</summary>
        public abstract byte Run();
    }
}
