using M2MDevice.Protocol;
using static M2MDevice.Tests.Protocol.ProtocolSamples;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Protocol
{
    /// <summary>Encode, decode, compare every field, encode again: the same bytes.</summary>
    public class MessageRoundTripTests
    {
        private static void AssertStable(byte[] encoded, byte[] reencoded) => Assert.Equal(ToHex(encoded), ToHex(reencoded));

        [Fact]
        public void BootstrapRequest_RoundTrip_KeepsEveryField()
        {
            byte[] bytes = Encode(BootstrapRequest());
            Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.BootstrapRequest.TryDecode(bytes, 0, bytes.Length, out var decoded));
            Assert.Equal(Impi, Ascii.GetString(decoded.Impi));
            AssertStable(bytes, Encode(decoded));
        }

        [Fact]
        public void BootstrapChallenge_RoundTripWithEveryAutnLength_KeepsEveryField()
        {
            foreach (int length in new[] { 16, 24, 40 })
            {
                var message = new BootstrapChallenge { Rand = Copy(Rand), Autn = new byte[length] };
                message.Autn[length - 1] = 0x5a;
                byte[] bytes = Encode(message);
                Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.BootstrapChallenge.TryDecode(bytes, 0, bytes.Length, out var decoded));
                MessageAssert.BytesEqual(message.Rand, decoded.Rand);
                MessageAssert.BytesEqual(message.Autn, decoded.Autn);
                AssertStable(bytes, Encode(decoded));
            }
        }

        [Fact]
        public void BootstrapResponse_RoundTripWithResOrAuts_KeepsEveryField()
        {
            foreach (var message in new[]
            {
                BootstrapResponse(),
                new BootstrapResponse { Rand = Copy(Rand), Res = new byte[32] },
                new BootstrapResponse { Rand = Copy(Rand), Auts = Copy(Auts) },
                new BootstrapResponse { Rand = Copy(Rand), Auts = new byte[38] },
            })
            {
                byte[] bytes = Encode(message);
                Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.BootstrapResponse.TryDecode(bytes, 0, bytes.Length, out var decoded));
                MessageAssert.BytesEqual(message.Rand, decoded.Rand);
                MessageAssert.BytesEqual(message.Res, decoded.Res);
                MessageAssert.BytesEqual(message.Auts, decoded.Auts);
                AssertStable(bytes, Encode(decoded));
            }
        }

        [Fact]
        public void BootstrapResult_RoundTrip_KeepsEveryField()
        {
            byte[] bytes = Encode(BootstrapResult());
            Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.BootstrapResult.TryDecode(bytes, 0, bytes.Length, out var decoded));
            Assert.Equal(BTidText, Ascii.GetString(decoded.BTid));
            Assert.Equal(86400u, decoded.Lifetime);
            AssertStable(bytes, Encode(decoded));
        }

        [Fact]
        public void HomeOperatorRequest_RoundTrip_KeepsEveryFieldAndVerifies()
        {
            byte[] bytes = Encode(HomeOperatorRequest());
            Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.HomeOperatorRequest.TryDecode(bytes, 0, bytes.Length, out var decoded));
            Assert.Equal(BTidText, Ascii.GetString(decoded.BTid));
            MessageAssert.BytesEqual(DeviceNonce, decoded.DeviceNonce);
            Assert.Equal(ProtocolResult.Success, decoded.VerifyMac(new MessageProtection(), KsNaf, 0, bytes, 0, bytes.Length));
            AssertStable(bytes, Encode(decoded));
        }

        [Fact]
        public void HomeOperatorAnswer_RoundTripInEveryStatus_KeepsEveryField()
        {
            foreach (var message in new[]
            {
                HomeOperatorAnswer(),
                new HomeOperatorAnswer { DeviceNonce = Copy(DeviceNonce), Status = HomeOperatorStatus.Pending, RetryAfter = 600 },
                new HomeOperatorAnswer { DeviceNonce = Copy(DeviceNonce), Status = HomeOperatorStatus.Unknown },
            })
            {
                byte[] bytes = Encode(message);
                Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.HomeOperatorAnswer.TryOpen(
                    new MessageProtection(), KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out var decoded));
                MessageAssert.BytesEqual(message.DeviceNonce, decoded.DeviceNonce);
                Assert.Equal(message.Status, decoded.Status);
                Assert.Equal(message.RetryAfter, decoded.RetryAfter);
                MessageAssert.BytesEqual(message.HomeOperatorAddress, decoded.HomeOperatorAddress);
                MessageAssert.BytesEqual(message.HomeOperatorId, decoded.HomeOperatorId);
                MessageAssert.BytesEqual(message.TrustAnchor, decoded.TrustAnchor);
                Assert.Equal(message.Lifetime, decoded.Lifetime);
                AssertStable(bytes, Encode(decoded));
            }
        }

        [Fact]
        public void PackageRequest_RoundTripWithResume_KeepsEveryField()
        {
            var message = PackageRequest();
            message.LastInstalledSequence = 7;
            message.ResumeOffset = 120;
            byte[] bytes = Encode(message);
            Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.PackageRequest.TryDecode(bytes, 0, bytes.Length, out var decoded));
            Assert.Equal(BTidText, Ascii.GetString(decoded.BTid));
            MessageAssert.BytesEqual(DeviceNonce, decoded.DeviceNonce);
            Assert.Equal(7u, decoded.LastInstalledSequence);
            Assert.Equal(120u, decoded.ResumeOffset);
            Assert.Equal(ProtocolResult.Success, decoded.VerifyMac(new MessageProtection(), KsNaf, 0, bytes, 0, bytes.Length));
            AssertStable(bytes, Encode(decoded));
        }

        [Fact]
        public void UsimPackage_RoundTripWithMilenageAndTuakBodies_KeepsEveryField()
        {
            foreach (UsimPackageBody body in new[] { MilenageBody(), TuakBody() })
            {
                var message = UsimPackage();
                message.ProfileSequence = 42;
                message.Body = body;
                byte[] bytes = Encode(message);
                Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.UsimPackage.TryOpen(
                    new MessageProtection(), KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out var opened));
                Assert.Equal(42u, opened.ProfileSequence);
                MessageAssert.BytesEqual(ServerNonce, opened.ServerNonce);
                MessageAssert.BytesEqual(DeviceNonce, opened.DeviceNonce);
                MessageAssert.BodyEqual(body, opened.Body);
                AssertStable(bytes, Encode(opened));
            }
        }

        [Fact]
        public void UsimPackageBody_RoundTripTuak_KeepsEveryField()
        {
            UsimPackageBody body = TuakBody();
            byte[] bytes = Encode(body);
            Assert.Equal(ProtocolResult.Success, UsimPackageBody.TryDecode(bytes, 0, bytes.Length, out var decoded));
            MessageAssert.BodyEqual(body, decoded);
            AssertStable(bytes, Encode(decoded));
            decoded.Clear();
            Assert.All(decoded.K, b => Assert.Equal(0, b));
            Assert.All(decoded.Opc, b => Assert.Equal(0, b));
        }

        [Fact]
        public void InstallReceipt_RoundTripWithAndWithoutPlmn_KeepsEveryField()
        {
            var without = InstallReceipt();
            without.Plmn = null;
            foreach (var message in new[] { InstallReceipt(), without })
            {
                byte[] bytes = Encode(message);
                Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.InstallReceipt.TryDecode(bytes, 0, bytes.Length, out var decoded));
                Assert.Equal(BTidText, Ascii.GetString(decoded.BTid));
                MessageAssert.BytesEqual(DeviceNonce, decoded.DeviceNonce);
                Assert.Equal(message.ProfileSequence, decoded.ProfileSequence);
                MessageAssert.BytesEqual(message.Plmn, decoded.Plmn);
                Assert.Equal(ProtocolResult.Success, decoded.VerifyMac(new MessageProtection(), KsNaf, 0, bytes, 0, bytes.Length));
                AssertStable(bytes, Encode(decoded));
            }
        }

        [Fact]
        public void FailureReport_RoundTripWithAndWithoutRejectCause_KeepsEveryField()
        {
            var without = FailureReport();
            without.HasNetworkRejectCause = false;
            without.NetworkRejectCause = 0;
            without.Cause = FailureCause.StorageFailed;
            foreach (var message in new[] { FailureReport(), without })
            {
                byte[] bytes = Encode(message);
                Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.FailureReport.TryDecode(bytes, 0, bytes.Length, out var decoded));
                Assert.Equal(message.Cause, decoded.Cause);
                Assert.Equal(message.HasNetworkRejectCause, decoded.HasNetworkRejectCause);
                Assert.Equal(message.NetworkRejectCause, decoded.NetworkRejectCause);
                Assert.Equal(message.ProfileSequence, decoded.ProfileSequence);
                Assert.Equal(ProtocolResult.Success, decoded.VerifyMac(new MessageProtection(), KsNaf, 0, bytes, 0, bytes.Length));
                AssertStable(bytes, Encode(decoded));
            }
        }

        [Fact]
        public void NotificationAck_RoundTripForBothNotifications_KeepsEveryField()
        {
            foreach (MessageType type in new[] { MessageType.InstallReceipt, MessageType.FailureReport })
            {
                var message = NotificationAck();
                message.AcknowledgedType = type;
                byte[] bytes = Encode(message);
                Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.NotificationAck.TryOpen(
                    new MessageProtection(), KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out var decoded));
                Assert.Equal(type, decoded.AcknowledgedType);
                Assert.Equal(1u, decoded.ProfileSequence);
                AssertStable(bytes, Encode(decoded));
            }
        }

        [Fact]
        public void ErrorAnswer_RoundTripWithAndWithoutRetry_KeepsEveryField()
        {
            foreach (var message in new[] { ErrorAnswer(), new ErrorAnswer { Cause = ErrorCause.UnknownBTid } })
            {
                byte[] bytes = Encode(message);
                Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.ErrorAnswer.TryDecode(bytes, 0, bytes.Length, out var decoded));
                Assert.Equal(message.Cause, decoded.Cause);
                Assert.Equal(message.RetryAfter, decoded.RetryAfter);
                AssertStable(bytes, Encode(decoded));
            }
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_MessagesBackToBack_ReaderMovesPastEachExactly(string name)
        {
            MessageCodec codec = Codec(name);
            byte[] one = codec.EncodeSample();
            byte[] stream = [.. one, .. one, 0xEE];
            var reader = new TlvReader(stream, 0, stream.Length);
            Assert.Equal(ProtocolResult.Success, codec.DecodeAt(reader));
            Assert.Equal(one.Length, reader.Position);
            Assert.Equal(ProtocolResult.Success, codec.DecodeAt(reader));
            Assert.Equal(2 * one.Length, reader.Position);
            Assert.Equal(1, reader.Remaining);

            // As a whole buffer, trailing bytes are a length error.
            Assert.Equal(ProtocolResult.BadLength, codec.Decode(stream, 0, one.Length + 1));
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_AtNonZeroOffset_Succeeds(string name)
        {
            MessageCodec codec = Codec(name);
            byte[] one = codec.EncodeSample();
            byte[] shifted = [0x99, 0x98, 0x97, .. one, 0x96];
            Assert.Equal(ProtocolResult.Success, codec.Decode(shifted, 3, one.Length));
        }
    }
}
