using System;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace M2MDevice.NanoTestAdapter
{
    /// <summary>An xUnit case for one nanoFramework test; its display name is the test's id, untruncated.</summary>
    public sealed class NanoXunitTestCase : XunitTestCase
    {
        /// <summary>For xUnit's deserializer only.</summary>
        [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
        public NanoXunitTestCase()
        {
        }

        /// <summary>A case running the nanoFramework test id through testMethod.</summary>
        public NanoXunitTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, string id)
            : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, new object[] { id })
        {
        }

        /// <inheritdoc />
        protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName)
        {
            return "nano: " + (string)TestMethodArguments[0];
        }
    }
}
