using System.Text;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>
    /// Issue 8.3: the machine's request buffer is <see cref="ProvisioningStateMachine.MaxRequestLength"/> bytes, not a whole
    /// message: every request the device sends, with each field at its longest, must fit in it.
    /// </summary>
    public class ProvisioningRequestSizeTests
    {
        [Fact]
        public void Requests_LongestFields_FitTheRequestBuffer()
        {
            byte[] buffer = new byte[MessageEnvelope.MaxMessageLength];
            byte[] btid = LongestBTid();
            byte[] nonce = new byte[ProtocolLimits.NonceSize];
            byte[] ksNaf = new byte[MessageProtection.KsNafSize];
            var protection = new MessageProtection();
            int longest = 0;
            int length;

            var bootstrap = new BootstrapRequest { Impi = Repeat('i', ProtocolLimits.MaxImpiLength) };
            Assert.Equal(ProtocolResult.Success, bootstrap.Encode(buffer, 0, buffer.Length, out length));
            longest = length > longest ? length : longest;

            var auts = new BootstrapResponse { Rand = new byte[ProtocolLimits.RandSize], Auts = new byte[38] };
            Assert.Equal(ProtocolResult.Success, auts.Encode(buffer, 0, buffer.Length, out length));
            longest = length > longest ? length : longest;

            var res = new BootstrapResponse { Rand = new byte[ProtocolLimits.RandSize], Res = new byte[ProtocolLimits.MaxResLength] };
            Assert.Equal(ProtocolResult.Success, res.Encode(buffer, 0, buffer.Length, out length));
            longest = length > longest ? length : longest;

            var query = new HomeOperatorRequest { BTid = btid, DeviceNonce = nonce };
            Assert.Equal(ProtocolResult.Success, query.Encode(protection, ksNaf, 0, buffer, 0, buffer.Length, out length));
            longest = length > longest ? length : longest;

            var package = new PackageRequest { BTid = btid, DeviceNonce = nonce, LastInstalledSequence = uint.MaxValue, ResumeOffset = MessageEnvelope.MaxMessageLength - 1 };
            Assert.Equal(ProtocolResult.Success, package.Encode(protection, ksNaf, 0, buffer, 0, buffer.Length, out length));
            longest = length > longest ? length : longest;

            var receipt = new InstallReceipt { BTid = btid, DeviceNonce = nonce, ProfileSequence = uint.MaxValue, Plmn = new byte[ProtocolLimits.PlmnSize] };
            Assert.Equal(ProtocolResult.Success, receipt.Encode(protection, ksNaf, 0, buffer, 0, buffer.Length, out length));
            longest = length > longest ? length : longest;

            var report = new FailureReport
            {
                BTid = btid,
                DeviceNonce = nonce,
                ProfileSequence = uint.MaxValue,
                Cause = FailureCause.AttachRejected,
                HasNetworkRejectCause = true,
                NetworkRejectCause = 0xFF,
            };
            Assert.Equal(ProtocolResult.Success, report.Encode(protection, ksNaf, 0, buffer, 0, buffer.Length, out length));
            longest = length > longest ? length : longest;

            Assert.InRange(longest, 300, ProvisioningStateMachine.MaxRequestLength);
        }

        private static byte[] LongestBTid()
        {
            // RFC 1123: 253 characters in labels of at most 63.
            string host = new string('a', 63) + "." + new string('b', 63) + "." + new string('c', 63) + "." + new string('d', 61);
            byte[] hostBytes = Encoding.ASCII.GetBytes(host);
            byte[] btid = new byte[BTid.MaxLength];
            int length;
            Assert.Equal(ProtocolResult.Success, BTid.TryBuild(new byte[BTid.RandSize], 0, hostBytes, 0, hostBytes.Length, btid, 0, btid.Length, out length));
            Assert.Equal(BTid.MaxLength, length);
            return btid;
        }

        private static byte[] Repeat(char c, int count)
        {
            return Encoding.ASCII.GetBytes(new string(c, count));
        }
    }
}
