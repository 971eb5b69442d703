using System.Collections.Generic;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace M2MDevice.NanoTestAdapter
{
    /// <summary>Expands a <see cref="NanoFactAttribute"/> method into one xUnit case per nanoFramework test.</summary>
    public sealed class NanoTestDiscoverer : IXunitTestCaseDiscoverer
    {
        private readonly IMessageSink diagnosticMessageSink;

        /// <summary>Created by xUnit.</summary>
        public NanoTestDiscoverer(IMessageSink diagnosticMessageSink)
        {
            this.diagnosticMessageSink = diagnosticMessageSink;
        }

        /// <inheritdoc />
        public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
        {
            foreach (NanoTestCase testCase in NanoTestCatalog.All)
            {
                yield return new NanoXunitTestCase(
                    diagnosticMessageSink,
                    discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(),
                    testMethod,
                    testCase.Id);
            }
        }
    }
}
