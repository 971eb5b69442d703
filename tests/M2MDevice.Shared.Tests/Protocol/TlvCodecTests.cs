using System;
using M2MDevice.Protocol;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Protocol
{
    /// <summary>The envelope, TlvWriter and TlvReader on their own.</summary>
    public class TlvCodecTests
    {
        [Fact]
        public void Writer_SimpleMessage_GivesExactBytes()
        {
            byte[] buffer = new byte[32];
            var writer = new TlvWriter(buffer, 2, 30);
            writer.Begin(MessageType.ErrorAnswer);
            writer.WriteUInt32(ProtocolTag.RetryAfter, 0x01020304);
            writer.WriteByte(ProtocolTag.ErrorCause, 9);
            Assert.Equal(ProtocolResult.Success, writer.Finish(out int length));
            Assert.Equal("017f000b0b0004010203041700010" + "9", ToHex(buffer[2..(2 + length)]));
        }

        [Fact]
        public void Writer_TagsOutOfOrderOrReserved_Throws()
        {
            var writer = new TlvWriter(new byte[64], 0, 64);
            writer.Begin(MessageType.ErrorAnswer);
            writer.WriteByte(ProtocolTag.ErrorCause, 1);
            Assert.Throws<InvalidOperationException>(() => writer.WriteByte(ProtocolTag.ErrorCause, 1));
            Assert.Throws<InvalidOperationException>(() => writer.WriteByte(ProtocolTag.RetryAfter, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteByte(0xFF, 1));
        }

        [Fact]
        public void Writer_WrongFinishForType_Throws()
        {
            var writer = new TlvWriter(new byte[64], 0, 64);
            writer.Begin(MessageType.NotificationAck);
            Assert.Throws<InvalidOperationException>(() => writer.Finish(out _));
            writer.Begin(MessageType.ErrorAnswer);
            var protection = new MessageProtection();
            protection.SetKeys(ProtocolSamples.KsNaf, 0, ProtocolSamples.DeviceNonce, 0, null, 0, 0);
            Assert.Throws<InvalidOperationException>(() => writer.Finish(protection, out _));
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Encode_EveryCapacityBelowTheLength_IsBufferTooSmall(string name)
        {
            byte[] full = ProtocolSamples.Codec(name).EncodeSample();
            for (int capacity = 0; capacity < full.Length; capacity++)
            {
                byte[] buffer = new byte[capacity];
                Assert.Equal(ProtocolResult.BufferTooSmall, EncodeInto(name, buffer));
            }

            Assert.Equal(ProtocolResult.Success, EncodeInto(name, new byte[full.Length]));
        }

        private static ProtocolResult EncodeInto(string name, byte[] buffer)
        {
            byte[] k = ProtocolSamples.KsNaf;
            var p = new MessageProtection();
            switch (name)
            {
                case "BootstrapRequest": return ProtocolSamples.BootstrapRequest().Encode(buffer, 0, buffer.Length, out _);
                case "BootstrapChallenge": return ProtocolSamples.BootstrapChallenge().Encode(buffer, 0, buffer.Length, out _);
                case "BootstrapResponse": return ProtocolSamples.BootstrapResponse().Encode(buffer, 0, buffer.Length, out _);
                case "BootstrapResult": return ProtocolSamples.BootstrapResult().Encode(buffer, 0, buffer.Length, out _);
                case "HomeOperatorRequest": return ProtocolSamples.HomeOperatorRequest().Encode(p, k, 0, buffer, 0, buffer.Length, out _);
                case "HomeOperatorAnswer": return ProtocolSamples.HomeOperatorAnswer().Encode(p, k, 0, buffer, 0, buffer.Length, out _);
                case "PackageRequest": return ProtocolSamples.PackageRequest().Encode(p, k, 0, buffer, 0, buffer.Length, out _);
                case "UsimPackage": return ProtocolSamples.UsimPackage().Encode(p, k, 0, buffer, 0, buffer.Length, out _);
                case "UsimPackageBody": return ProtocolSamples.MilenageBody().Encode(buffer, 0, buffer.Length, out _);
                case "InstallReceipt": return ProtocolSamples.InstallReceipt().Encode(p, k, 0, buffer, 0, buffer.Length, out _);
                case "FailureReport": return ProtocolSamples.FailureReport().Encode(p, k, 0, buffer, 0, buffer.Length, out _);
                case "NotificationAck": return ProtocolSamples.NotificationAck().Encode(p, k, 0, buffer, 0, buffer.Length, out _);
                case "ErrorAnswer": return ProtocolSamples.ErrorAnswer().Encode(buffer, 0, buffer.Length, out _);
                default: throw new ArgumentException(name);
            }
        }

        [Fact]
        public void Writer_BodyOverLimit_IsOversized()
        {
            byte[] buffer = new byte[8192];
            var writer = new TlvWriter(buffer, 0, buffer.Length);
            writer.Begin(MessageType.UsimPackageBody);
            writer.WriteBytes(0x80, new byte[MessageEnvelope.MaxBodyLength - 3]);
            Assert.Equal(ProtocolResult.Success, writer.Result);
            writer.WriteBytes(0x81, Array.Empty<byte>());
            Assert.Equal(ProtocolResult.Oversized, writer.Result);
            Assert.Equal(ProtocolResult.Oversized, writer.Finish(out _));
        }

        [Fact]
        public void Reader_LongestBody_IsAccepted()
        {
            byte[] buffer = new byte[MessageEnvelope.MaxMessageLength];
            var writer = new TlvWriter(buffer, 0, buffer.Length);
            writer.Begin(MessageType.UsimPackageBody);
            writer.WriteBytes(0x80, new byte[MessageEnvelope.MaxBodyLength - 3]);
            Assert.Equal(ProtocolResult.Success, writer.Finish(out int length));
            Assert.Equal(MessageEnvelope.HeaderSize + MessageEnvelope.MaxBodyLength, length);
            var reader = new TlvReader(buffer, 0, length);
            Assert.Equal(ProtocolResult.Success, reader.TryBeginMessage(MessageType.UsimPackageBody));
            Assert.Equal(ProtocolResult.Success, reader.TryReadTlv(out byte tag, out _, out int valueLength));
            Assert.Equal(0x80, tag);
            Assert.Equal(MessageEnvelope.MaxBodyLength - 3, valueLength);
            Assert.True(reader.IsAtBodyEnd);
        }

        [Fact]
        public void Header_ChecksInOrder_VersionTypeLengthCompleteness()
        {
            Assert.Equal(ProtocolResult.Truncated, MessageEnvelope.TryReadHeader(Array.Empty<byte>(), 0, 0, out _, out _, out _));
            Assert.Equal(ProtocolResult.UnknownVersion, MessageEnvelope.TryReadHeader(Hex("02"), 0, 1, out _, out _, out _));
            Assert.Equal(ProtocolResult.Truncated, MessageEnvelope.TryReadHeader(Hex("017f00"), 0, 3, out _, out _, out _));
            Assert.Equal(ProtocolResult.UnknownType, MessageEnvelope.TryReadHeader(Hex("01ee0000"), 0, 4, out _, out _, out _));
            Assert.Equal(ProtocolResult.Oversized, MessageEnvelope.TryReadHeader(Hex("017f1001"), 0, 4, out _, out _, out _));
            Assert.Equal(ProtocolResult.Truncated, MessageEnvelope.TryReadHeader(Hex("017f000100"), 0, 4, out _, out _, out _));
            Assert.Equal(ProtocolResult.Success, MessageEnvelope.TryReadHeader(Hex("01140000" + new string('0', 32)), 0, 20, out MessageType type, out int body, out int total));
            Assert.Equal(MessageType.NotificationAck, type);
            Assert.Equal(0, body);
            Assert.Equal(20, total);
        }

        [Fact]
        public void Reader_FailedCalls_DoNotMove()
        {
            byte[] bytes = Hex("017f00080b0004000000011701");
            var reader = new TlvReader(bytes, 0, bytes.Length);
            Assert.Equal(ProtocolResult.WrongType, reader.TryBeginMessage(MessageType.BootstrapResult));
            Assert.Equal(0, reader.Position);
            Assert.Equal(ProtocolResult.Success, reader.TryBeginMessage(MessageType.ErrorAnswer));
            Assert.Equal(ProtocolResult.Success, reader.TryReadTlv(out _, out _, out _));
            int position = reader.Position;
            Assert.Equal(ProtocolResult.BadLength, reader.TryReadTlv(out _, out _, out _)); // 1 byte left in the body: no room for a TLV header
            Assert.Equal(position, reader.Position);
            Assert.Throws<InvalidOperationException>(() => reader.EndMessage());
        }
    }
}
