using M2MDevice.Protocol;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Protocol
{
    /// <summary>Field-by-field equality of protocol data classes (they have no Equals on purpose).</summary>
    public static class MessageAssert
    {
        public static void BytesEqual(byte[] expected, byte[] actual)
        {
            Assert.Equal(expected == null ? null : ToHex(expected), actual == null ? null : ToHex(actual));
        }

        public static void BodyEqual(UsimPackageBody expected, UsimPackageBody actual)
        {
            BytesEqual(expected.Imsi, actual.Imsi);
            Assert.Equal(expected.Algorithm, actual.Algorithm);
            BytesEqual(expected.K, actual.K);
            BytesEqual(expected.Opc, actual.Opc);
            Assert.Equal(expected.TuakMacLength, actual.TuakMacLength);
            Assert.Equal(expected.TuakResLength, actual.TuakResLength);
            Assert.Equal(expected.TuakCkLength, actual.TuakCkLength);
            Assert.Equal(expected.TuakIkLength, actual.TuakIkLength);
            Assert.Equal(expected.TuakKeccakIterations, actual.TuakKeccakIterations);
            BytesEqual(expected.Amf, actual.Amf);
            Assert.Equal(expected.SqnIndLength, actual.SqnIndLength);
            Assert.Equal(expected.SqnDelta, actual.SqnDelta);
            Assert.Equal(expected.SqnAgeLimit, actual.SqnAgeLimit);
            BytesEqual(expected.Iccid, actual.Iccid);
            BytesEqual(expected.Msisdn, actual.Msisdn);
            Assert.Equal(expected.MncLength, actual.MncLength);
            BytesEqual(expected.HomePlmns, actual.HomePlmns);
            BytesEqual(expected.HomePlmnsWithAct, actual.HomePlmnsWithAct);
            BytesEqual(expected.OperatorPlmnsWithAct, actual.OperatorPlmnsWithAct);
            BytesEqual(expected.ForbiddenPlmns, actual.ForbiddenPlmns);
            BytesEqual(expected.ServiceProviderName, actual.ServiceProviderName);
            BytesEqual(expected.AccessControlClass, actual.AccessControlClass);
        }
    }
}
