using Xunit;
using Xunit.Abstractions;

namespace M2MDevice.NanoTestAdapter
{
    /// <summary>
    /// The xUnit face of the nanoFramework tests: one xUnit case per nanoFramework test method or data
    /// row, named by its id ("MilenageTests.Functions_ConformanceSet_MatchSpecOutputs [row 3: TS 35.207 test set 4]").
    /// </summary>
    public sealed class NanoTests
    {
        private readonly ITestOutputHelper output;

        /// <summary>Receives xUnit's output helper.</summary>
        public NanoTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        /// <summary>Runs one nanoFramework test case (expanded per case by <see cref="NanoTestDiscoverer"/>).</summary>
        [NanoFact]
        public void Run(string test)
        {
            string skipped = NanoTestCatalog.Find(test).Execute();
            if (skipped != null)
            {
                // xUnit 2 has no run-time skip; the reason is reported in the test's output.
                output.WriteLine("SKIPPED on .NET: " + skipped);
            }
        }

        /// <summary>The catalog finds tests and none breaks a device-side rule.</summary>
        [Fact]
        public void Catalog_AllTestClasses_FollowDeviceRules()
        {
            Assert.NotEmpty(NanoTestCatalog.All);
            Assert.Empty(NanoTestCatalog.FindDeviceProblems());
        }
    }
}
