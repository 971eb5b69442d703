using System;
using System.Linq;
using M2MDevice.Protocol;
using static M2MDevice.Tests.Protocol.ProtocolSamples;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Protocol
{
    /// <summary>MAC, nonce binding and package encryption: the checks a receiver makes, in order.</summary>
    public class MessageProtectionTests
    {
        public static TheoryData<string> Authenticated()
        {
            var data = new TheoryData<string>();
            foreach (MessageCodec codec in All.Where(c => MessageEnvelope.IsAuthenticated(c.Type)))
            {
                data.Add(codec.Name);
            }

            return data;
        }

        /// <summary>What the receiver of each authenticated message accepts, with the sample keys and nonce.</summary>
        private static ProtocolResult Accept(string name, byte[] bytes, byte[] ksNaf, byte[] expectedNonce)
        {
            var protection = new MessageProtection();
            switch (name)
            {
                case "HomeOperatorAnswer":
                    return M2MDevice.Protocol.HomeOperatorAnswer.TryOpen(protection, ksNaf, 0, expectedNonce, 0, bytes, 0, bytes.Length, out _);
                case "NotificationAck":
                    return M2MDevice.Protocol.NotificationAck.TryOpen(protection, ksNaf, 0, expectedNonce, 0, bytes, 0, bytes.Length, out _);
                case "UsimPackage":
                    return M2MDevice.Protocol.UsimPackage.TryOpen(protection, ksNaf, 0, expectedNonce, 0, bytes, 0, bytes.Length, out _);
                case "HomeOperatorRequest":
                    return Then(M2MDevice.Protocol.HomeOperatorRequest.TryDecode(bytes, 0, bytes.Length, out var a), () => a.VerifyMac(protection, ksNaf, 0, bytes, 0, bytes.Length));
                case "PackageRequest":
                    return Then(M2MDevice.Protocol.PackageRequest.TryDecode(bytes, 0, bytes.Length, out var b), () => b.VerifyMac(protection, ksNaf, 0, bytes, 0, bytes.Length));
                case "InstallReceipt":
                    return Then(M2MDevice.Protocol.InstallReceipt.TryDecode(bytes, 0, bytes.Length, out var c), () => c.VerifyMac(protection, ksNaf, 0, bytes, 0, bytes.Length));
                case "FailureReport":
                    return Then(M2MDevice.Protocol.FailureReport.TryDecode(bytes, 0, bytes.Length, out var d), () => d.VerifyMac(protection, ksNaf, 0, bytes, 0, bytes.Length));
                default:
                    throw new ArgumentException(name);
            }
        }

        private static ProtocolResult Then(ProtocolResult first, Func<ProtocolResult> next) => first == ProtocolResult.Success ? next() : first;

        [Theory]
        [MemberData(nameof(Authenticated))]
        public void Accept_Sample_Succeeds(string name)
        {
            Assert.Equal(ProtocolResult.Success, Accept(name, Codec(name).EncodeSample(), KsNaf, DeviceNonce));
        }

        [Theory]
        [MemberData(nameof(Authenticated))]
        public void Accept_AnySingleBitFlipped_IsRejected(string name)
        {
            byte[] bytes = Codec(name).EncodeSample();
            for (int bit = 0; bit < bytes.Length * 8; bit++)
            {
                byte[] flipped = (byte[])bytes.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                ProtocolResult result = Accept(name, flipped, KsNaf, DeviceNonce);
                Assert.True(result != ProtocolResult.Success, $"{name}: bit {bit} accepted");
            }
        }

        [Theory]
        [MemberData(nameof(Authenticated))]
        public void Accept_PayloadBitFlipped_IsMacMismatch(string name)
        {
            // Flipping a bit inside the MAC itself or a nonce value keeps the structure valid: the MAC must catch it.
            byte[] bytes = Codec(name).EncodeSample();
            foreach (int index in new[] { bytes.Length - 1, bytes.Length - 16, 4 + 3 + 2 })
            {
                byte[] flipped = (byte[])bytes.Clone();
                flipped[index] ^= 0x01;
                Assert.Equal(ProtocolResult.MacMismatch, Accept(name, flipped, KsNaf, DeviceNonce));
            }
        }

        [Theory]
        [MemberData(nameof(Authenticated))]
        public void Accept_WrongKsNaf_IsMacMismatch(string name)
        {
            byte[] bytes = Codec(name).EncodeSample();
            for (int bit = 0; bit < 256; bit += 17)
            {
                byte[] wrong = Copy(KsNaf);
                wrong[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.Equal(ProtocolResult.MacMismatch, Accept(name, bytes, wrong, DeviceNonce));
            }
        }

        [Theory]
        [InlineData("HomeOperatorAnswer")]
        [InlineData("NotificationAck")]
        [InlineData("UsimPackage")]
        public void TryOpen_AnswerToAnotherNonce_IsRejectedAtTheMac(string name)
        {
            // A replayed answer was MAC'd under a key from another device nonce: the device's own nonce gives another K_mac.
            byte[] bytes = Codec(name).EncodeSample();
            byte[] fresh = Copy(DeviceNonce);
            fresh[15] ^= 0x80;
            Assert.Equal(ProtocolResult.MacMismatch, Accept(name, bytes, KsNaf, fresh));
        }

        [Theory]
        [InlineData("HomeOperatorAnswer")]
        [InlineData("NotificationAck")]
        [InlineData("UsimPackage")]
        public void TryOpen_ValidMacButAnotherNonceCarried_IsNonceMismatch(string name)
        {
            // A sender keyed for the device's nonce that carries a different one: the MAC passes, the binding does not.
            RawMessage raw = RawMessage.Parse(Codec(name).EncodeSample());
            int index = raw.Tlvs.FindIndex(t => t.Tag == ProtocolTag.DeviceNonce);
            byte[] other = Copy(DeviceNonce);
            other[0] ^= 0xFF;
            raw.Tlvs[index] = (ProtocolTag.DeviceNonce, other);
            byte[] bytes = raw.BuildSigned(KsNaf, DeviceNonce, name == "UsimPackage" ? ServerNonce : null);
            Assert.Equal(ProtocolResult.NonceMismatch, Accept(name, bytes, KsNaf, DeviceNonce));
        }

        [Fact]
        public void TryOpen_PackageCiphertextTampered_IsMacMismatch()
        {
            byte[] bytes = Codec("UsimPackage").EncodeSample();
            for (int index = 52; index < bytes.Length - 16; index++)
            {
                byte[] tampered = (byte[])bytes.Clone();
                tampered[index] ^= 0x04;
                Assert.Equal(ProtocolResult.MacMismatch, Accept("UsimPackage", tampered, KsNaf, DeviceNonce));
            }
        }

        [Fact]
        public void TryOpen_PackageWithGarbageBodyButValidMac_IsRejectedWithReason()
        {
            // Encrypt-then-MAC: a sender with the key but a broken body gets a decode reason, never an exception.
            RawMessage raw = RawMessage.Parse(Codec("UsimPackage").EncodeSample());
            int index = raw.Tlvs.FindIndex(t => t.Tag == ProtocolTag.EncryptedBody);
            raw.Tlvs[index] = (ProtocolTag.EncryptedBody, new byte[40]);
            byte[] bytes = raw.BuildSigned(KsNaf, DeviceNonce, ServerNonce);
            ProtocolResult result = M2MDevice.Protocol.UsimPackage.TryOpen(new MessageProtection(), KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out M2MDevice.Protocol.UsimPackage package);
            Assert.NotEqual(ProtocolResult.Success, result);
            Assert.NotEqual(ProtocolResult.MacMismatch, result);
            Assert.Null(package);
        }

        [Fact]
        public void Encode_SameBodyTwoServerNonces_GivesUnrelatedCiphertexts()
        {
            UsimPackage first = UsimPackage();
            UsimPackage second = UsimPackage();
            second.ServerNonce[0] ^= 1;
            Encode(first);
            Encode(second);
            Assert.Equal(first.EncryptedBody.Length, second.EncryptedBody.Length);
            int equal = first.EncryptedBody.Zip(second.EncryptedBody).Count(p => p.First == p.Second);
            Assert.True(equal < first.EncryptedBody.Length / 8, $"{equal} equal bytes");
        }

        [Fact]
        public void Encode_PackageCiphertext_DoesNotContainK()
        {
            byte[] bytes = Encode(UsimPackage());
            string hex = ToHex(bytes);
            Assert.DoesNotContain(ToHex(MilenageBody().K), hex);
            Assert.DoesNotContain(ToHex(MilenageBody().Opc), hex);
        }

        [Fact]
        public void SetKeys_DerivesReferenceKeys()
        {
            // K_mac from the reference derivation signs exactly like MessageProtection does.
            byte[] data = Hex("0105000000");
            var protection = new MessageProtection();
            protection.SetKeys(KsNaf, 0, DeviceNonce, 0, ServerNonce, 0, 16);
            byte[] signed = new byte[data.Length + 16];
            Array.Copy(data, signed, data.Length);
            protection.Sign(signed, 0, data.Length);

            byte[] reference = new byte[16];
            new M2MDevice.Crypto.AesCmac(new M2MDevice.Crypto.Aes128(MessageGoldenTests.ReferenceKey("m2m-mac", DeviceNonce, ServerNonce)))
                .Compute(data, 0, data.Length, reference, 0);
            Assert.Equal(ToHex(reference), ToHex(signed[data.Length..]));
        }

        [Fact]
        public void VerifyMac_UnauthenticatedType_IsWrongType()
        {
            var protection = new MessageProtection();
            protection.SetKeys(KsNaf, 0, DeviceNonce, 0, null, 0, 0);
            byte[] bytes = Codec("BootstrapResult").EncodeSample();
            Assert.Equal(ProtocolResult.WrongType, protection.VerifyMac(bytes, 0, bytes.Length));
        }

        [Fact]
        public void Use_BeforeSetKeysOrAfterClear_Throws()
        {
            var protection = new MessageProtection();
            byte[] buffer = new byte[64];
            Assert.Throws<InvalidOperationException>(() => protection.Sign(buffer, 0, 8));
            protection.SetKeys(KsNaf, 0, DeviceNonce, 0, null, 0, 0);
            Assert.True(protection.IsKeyed);
            protection.Clear();
            Assert.False(protection.IsKeyed);
            Assert.Throws<InvalidOperationException>(() => protection.VerifyMac(buffer, 0, buffer.Length));
            Assert.Throws<InvalidOperationException>(() => protection.Transform(buffer, 0, buffer, 0, 8));
        }

        [Fact]
        public void CheckNonce_MissingOrDifferent_GivesReason()
        {
            Assert.Equal(ProtocolResult.MissingTag, MessageProtection.CheckNonce(null, DeviceNonce, 0));
            Assert.Equal(ProtocolResult.NonceMismatch, MessageProtection.CheckNonce(new byte[15], DeviceNonce, 0));
            Assert.Equal(ProtocolResult.NonceMismatch, MessageProtection.CheckNonce(new byte[16], DeviceNonce, 0));
            Assert.Equal(ProtocolResult.Success, MessageProtection.CheckNonce(Copy(DeviceNonce), DeviceNonce, 0));
        }
    }
}
