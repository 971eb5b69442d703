using System;
using CsCheck;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Tests.KeyStore
{
    public class ProfileCodecTests
    {
        [Fact]
        public void EncodeDecode_EveryUsimProfileField_RoundTrips()
        {
            // Reflection sets every public field, so a field added to UsimProfile without codec support fails here.
            UsimProfile profile = KeyStoreTestKit.EveryFieldProfile();
            var buffer = new byte[KeyStoreLimits.MaxProfileLength];
            int length = ProfileCodec.Encode(profile, buffer, 0);
            Assert.Equal(ProfileCodec.GetEncodedLength(profile), length);
            Assert.Equal(RecordStatus.Valid, ProfileCodec.TryDecode(buffer, 0, length, out UsimProfile decoded));
            KeyStoreTestKit.AssertSameFields(profile, decoded);
        }

        [Fact]
        public void EncodeDecode_OptionalFieldsNull_StayNull()
        {
            var profile = new UsimProfile { EfImsi = new byte[9], K = new byte[16], Opc = new byte[16], Algorithm = M2MDevice.Aka.AkaAlgorithmKind.Milenage };
            var buffer = new byte[KeyStoreLimits.MaxProfileLength];
            int length = ProfileCodec.Encode(profile, buffer, 0);
            Assert.Equal(RecordStatus.Valid, ProfileCodec.TryDecode(buffer, 0, length, out UsimProfile decoded));
            KeyStoreTestKit.AssertSameFields(profile, decoded);
        }

        [Fact]
        public void TryDecode_DuplicateOrUnknownTagOrMissingK_BadBody()
        {
            UsimProfile profile = KeyStoreTestKit.Profile(1, 2);
            var buffer = new byte[KeyStoreLimits.MaxProfileLength];
            int length = ProfileCodec.Encode(profile, buffer, 0);

            byte[] unknown = (byte[])buffer.Clone();
            unknown[0] = 0x70;
            Assert.Equal(RecordStatus.BadBody, ProfileCodec.TryDecode(unknown, 0, length, out _));

            byte[] duplicate = new byte[(2 * length) + 1];
            Array.Copy(buffer, duplicate, length);
            Array.Copy(buffer, 0, duplicate, length, length);
            Assert.Equal(RecordStatus.BadBody, ProfileCodec.TryDecode(duplicate, 0, 2 * length, out _));

            profile.K = null;
            Assert.Throws<ArgumentException>(() => ProfileCodec.GetEncodedLength(profile));
            Assert.Equal(RecordStatus.BadBody, ProfileCodec.TryDecode(buffer, 0, length - 1, out _));
        }

        [Fact]
        public void TryDecode_RandomBytes_NeverThrows()
        {
            Gen.Byte.Array[0, 200].Sample(bytes =>
            {
                RecordStatus status = ProfileCodec.TryDecode(bytes, 0, bytes.Length, out UsimProfile profile);
                Assert.True(status == RecordStatus.Valid || (status == RecordStatus.BadBody && profile == null));
            }, iter: 20000, seed: "0N0XIzNsQ0O2");
        }
    }
}
