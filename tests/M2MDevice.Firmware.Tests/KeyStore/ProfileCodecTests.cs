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
        public void EncodeDecode_TuakCkAndIkLengthsDiffer_BothKept()
        {
            // TS 35.233 sets 3 (CK 128, IK 256 bits) and 5 (CK 256, IK 128 bits).
            UsimProfile profile = KeyStoreTestKit.Profile(1, 2);
            profile.Algorithm = M2MDevice.Aka.AkaAlgorithmKind.Tuak;
            profile.TuakCkLength = 16;
            profile.TuakIkLength = 32;
            var buffer = new byte[KeyStoreLimits.MaxProfileLength];
            int length = ProfileCodec.Encode(profile, buffer, 0);
            Assert.Equal(RecordStatus.Valid, ProfileCodec.TryDecode(buffer, 0, length, out UsimProfile decoded));
            Assert.Equal(16, decoded.TuakCkLength);
            Assert.Equal(32, decoded.TuakIkLength);
        }

        [Fact]
        public void TryDecode_WithoutTuakIkLengthTag_IkLengthIsCkLength()
        {
            // Tag 20 (IK length) is written last: without it, tag 9 keeps its first meaning, CK and IK length.
            UsimProfile profile = KeyStoreTestKit.Profile(1, 2);
            profile.TuakCkLength = 32;
            profile.TuakIkLength = 32;
            var buffer = new byte[KeyStoreLimits.MaxProfileLength];
            int length = ProfileCodec.Encode(profile, buffer, 0);
            Assert.Equal(20, buffer[length - 4]);

            Assert.Equal(RecordStatus.Valid, ProfileCodec.TryDecode(buffer, 0, length - 4, out UsimProfile decoded));
            Assert.Equal(32, decoded.TuakIkLength);
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
