using System;
using System.Text;
using CsCheck;
using M2MDevice.Aka;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>The persisted formats of provisioning (docs/provisioning.md section 3) and the package-to-profile mapping.</summary>
    public sealed class ProvisioningRecordTests
    {
        [Fact]
        public void ProvisioningRecord_WithHomeOperator_RoundTrips()
        {
            ProvisioningRecord record = Sample();
            var buffer = new byte[ProvisioningRecord.MaxLength];
            int length = record.Encode(buffer, 0);
            Assert.Equal(record.EncodedLength, length);

            var decoded = new ProvisioningRecord();
            Assert.True(decoded.TryDecode(buffer, 0, length));
            Assert.Equal(ProvisioningState.Downloading, decoded.RetryState);
            Assert.Equal(ProvisioningError.TransportFailed, decoded.LastError);
            Assert.Equal(FailureCause.AttachRejected, decoded.FailureCause);
            Assert.True(decoded.HasRejectCause);
            Assert.Equal(15, decoded.RejectCause);
            Assert.Equal(3, decoded.StepAttempts);
            Assert.Equal(2, decoded.Cycles);
            Assert.Equal(7, decoded.PendingAnswers);
            Assert.Equal(1, decoded.OperationalFailures);
            Assert.Equal(4, decoded.NotificationAttempts);
            Assert.Equal(90000, decoded.WaitMs);
            Assert.Equal(5u, decoded.ProfileSequence);
            Assert.True(decoded.HasHomeOperator);
            Assert.Equal(record.KsNafHomeOperator, decoded.KsNafHomeOperator);
            Assert.Equal(record.BTid, decoded.BTid);
            Assert.Equal(record.HomeOperatorAddress, decoded.HomeOperatorAddress);
            Assert.Equal(record.HomeOperatorId, decoded.HomeOperatorId);
            Assert.Equal(record.TrustAnchor, decoded.TrustAnchor);
        }

        [Fact]
        public void ProvisioningRecord_WithoutHomeOperator_IsFixedLength()
        {
            var record = new ProvisioningRecord { Cycles = 1 };
            var buffer = new byte[ProvisioningRecord.MaxLength];
            Assert.Equal(ProvisioningRecord.FixedLength, record.Encode(buffer, 0));
            var decoded = new ProvisioningRecord();
            Assert.True(decoded.TryDecode(buffer, 0, ProvisioningRecord.FixedLength));
            Assert.False(decoded.HasHomeOperator);
            Assert.Equal(1, decoded.Cycles);
        }

        [Fact]
        public void ProvisioningRecord_EveryTruncationAndBadVersion_Refused()
        {
            ProvisioningRecord record = Sample();
            var buffer = new byte[ProvisioningRecord.MaxLength];
            int length = record.Encode(buffer, 0);
            var decoded = new ProvisioningRecord();
            for (int count = 0; count < length; count++)
            {
                Assert.False(decoded.TryDecode(buffer, 0, count), "length " + count);
                Assert.False(decoded.HasHomeOperator);
                Assert.All(decoded.KsNafHomeOperator, b => Assert.Equal(0, b));
            }

            Assert.False(decoded.TryDecode(buffer, 0, length + 1));
            buffer[0] = 2;
            Assert.False(decoded.TryDecode(buffer, 0, length));
        }

        [Fact]
        public void ProvisioningRecord_RandomBytes_NeverThrow()
        {
            var decoded = new ProvisioningRecord();
            Gen.Byte.Array[0, 400].Sample(bytes =>
            {
                if (bytes.Length > 0)
                {
                    bytes[0] = ProvisioningRecord.Version;
                }

                decoded.TryDecode(bytes, 0, bytes.Length);
            }, iter: 5000, seed: "0N0XIzNsQ0O2");
        }

        [Fact]
        public void ProvisioningRecord_ClearHomeOperator_WipesKsNaf()
        {
            ProvisioningRecord record = Sample();
            record.ClearHomeOperator();
            Assert.False(record.HasHomeOperator);
            Assert.All(record.KsNafHomeOperator, b => Assert.Equal(0, b));
            Assert.Equal(ProvisioningRecord.FixedLength, record.EncodedLength);
        }

        [Fact]
        public void NotificationRecord_RoundTripsAndRefusesOtherTypes()
        {
            var receipt = new NotificationRecord { Type = MessageType.InstallReceipt, ProfileSequence = 9, Plmn = new byte[] { 0x00, 0xF1, 0x20 } };
            var buffer = new byte[NotificationRecord.Length];
            receipt.Encode(buffer, 0);
            Assert.Equal("01120000000900000003" + "00F120", Convert.ToHexString(buffer));
            Assert.True(NotificationRecord.TryDecode(buffer, 0, buffer.Length, out NotificationRecord decoded));
            Assert.Equal(MessageType.InstallReceipt, decoded.Type);
            Assert.Equal(9u, decoded.ProfileSequence);
            Assert.Equal(receipt.Plmn, decoded.Plmn);

            var report = new NotificationRecord { Type = MessageType.FailureReport, ProfileSequence = 2, Cause = FailureCause.AttachRejected, HasRejectCause = true, RejectCause = 15 };
            report.Encode(buffer, 0);
            Assert.True(NotificationRecord.TryDecode(buffer, 0, buffer.Length, out decoded));
            Assert.Equal(FailureCause.AttachRejected, decoded.Cause);
            Assert.True(decoded.HasRejectCause);
            Assert.Equal(15, decoded.RejectCause);
            Assert.Null(decoded.Plmn);

            buffer[1] = (byte)MessageType.NotificationAck;
            Assert.False(NotificationRecord.TryDecode(buffer, 0, buffer.Length, out _));
            Assert.False(NotificationRecord.TryDecode(buffer, 0, buffer.Length - 1, out _));
        }

        [Fact]
        public void UsimPackageMapper_Body_MapsToEfEncodings()
        {
            UsimPackageBody body = TestHomeOperator.Body();
            Assert.True(UsimPackageMapper.TryMap(body, 4, out UsimProfile profile));
            Assert.True(UsimEncoding.TryDecodeImsi(profile.EfImsi, 0, out string imsi));
            Assert.Equal(TestHomeOperator.OperationalImsi, imsi);
            Assert.Equal(AkaAlgorithmKind.Milenage, profile.Algorithm);
            Assert.Equal(2, profile.MncLength);
            Assert.Equal("00F120", Convert.ToHexString(profile.Ehplmn));
            Assert.Equal("00F1108000", Convert.ToHexString(profile.OplmnWithAct));
            Assert.Equal("FFFFFF", Convert.ToHexString(profile.Fplmn));
            Assert.Equal(4u, profile.ProfileSequence);

            // Copies, not references: clearing the body leaves the profile's keys.
            body.Clear();
            Assert.Equal(TestHomeOperator.OperationalK, profile.K);

            // The soft USIM accepts it as it is.
            Assert.NotNull(new SoftUsim(new Usim.InMemoryUsimStore(), UsimIdentityKind.Operational, profile));
        }

        [Theory]
        [InlineData("ind")]
        [InlineData("delta")]
        [InlineData("age")]
        public void UsimPackageMapper_UnsupportedSqnProfile_Refused(string field)
        {
            UsimPackageBody body = TestHomeOperator.Body();
            switch (field)
            {
                case "ind":
                    body.SqnIndLength = 4;
                    break;
                case "delta":
                    body.SqnDelta = 1L << 20;
                    break;
                default:
                    body.SqnAgeLimit = 1L << 20;
                    break;
            }

            Assert.False(UsimPackageMapper.TryMap(body, 1, out UsimProfile profile));
            Assert.Null(profile);
        }

        [Fact]
        public void Names_EveryStateAndError_HasAName()
        {
            foreach (ProvisioningState state in Enum.GetValues<ProvisioningState>())
            {
                Assert.Equal(state.ToString(), ProvisioningNames.Of(state));
            }

            foreach (ProvisioningEvent value in Enum.GetValues<ProvisioningEvent>())
            {
                Assert.Equal(value.ToString(), ProvisioningNames.Of(value));
            }

            foreach (ProvisioningError error in Enum.GetValues<ProvisioningError>())
            {
                Assert.Equal(error.ToString(), ProvisioningNames.Of(error));
            }

            foreach (ErrorCause cause in Enum.GetValues<ErrorCause>())
            {
                Assert.Equal(cause.ToString(), ProvisioningNames.Of(cause));
            }

            foreach (AttachResult result in Enum.GetValues<AttachResult>())
            {
                Assert.Equal(result.ToString(), ProvisioningNames.Of(result));
            }

            foreach (TransportResult result in Enum.GetValues<TransportResult>())
            {
                Assert.Equal(result.ToString(), ProvisioningNames.Of(result));
            }
        }

        private static ProvisioningRecord Sample()
        {
            var record = new ProvisioningRecord
            {
                RetryState = ProvisioningState.Downloading,
                LastError = ProvisioningError.TransportFailed,
                FailureCause = FailureCause.AttachRejected,
                HasRejectCause = true,
                RejectCause = 15,
                StepAttempts = 3,
                Cycles = 2,
                PendingAnswers = 7,
                OperationalFailures = 1,
                NotificationAttempts = 4,
                WaitMs = 90000,
                ProfileSequence = 5,
                HasHomeOperator = true,
                BTid = Encoding.ASCII.GetBytes("I1U8vpY3qJ0hiuZNrke/NQ==@rs.example.net"),
                HomeOperatorAddress = Encoding.ASCII.GetBytes("https://ho.example.net/m2m"),
                HomeOperatorId = TestRegistrationService.NafIdOf("ho.example.net"),
                TrustAnchor = ProvisioningHarness.Der(0x44, 300),
            };
            for (int i = 0; i < record.KsNafHomeOperator.Length; i++)
            {
                record.KsNafHomeOperator[i] = (byte)i;
            }

            return record;
        }
    }
}
