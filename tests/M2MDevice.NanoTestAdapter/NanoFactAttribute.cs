using Xunit;
using Xunit.Sdk;

namespace M2MDevice.NanoTestAdapter
{
    /// <summary>
    /// Marks the xUnit method that runs nanoFramework tests: <see cref="NanoTestDiscoverer"/> expands it
    /// into one test case per nanoFramework test method or data row, each named by its own id.
    /// </summary>
    [XunitTestCaseDiscoverer("M2MDevice.NanoTestAdapter.NanoTestDiscoverer", "M2MDevice.NanoTestAdapter")]
    public sealed class NanoFactAttribute : FactAttribute
    {
    }
}
