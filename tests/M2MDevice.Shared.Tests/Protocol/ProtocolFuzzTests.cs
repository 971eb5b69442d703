using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using M2MDevice.Protocol;
using static M2MDevice.Tests.Protocol.ProtocolSamples;

namespace M2MDevice.Tests.Protocol
{
    /// <summary>
    /// Seeded fuzzing of every decoder: random bytes, random well-framed TLV soup, and random mutations of valid
    /// messages. Never an exception, always a defined reason, a failing reader never moves, and a mutated
    /// authenticated message is never accepted.
    /// </summary>
    public class ProtocolFuzzTests
    {
        private static readonly byte[] KnownTypes = Enumerable.Range(0, 256).Where(t => MessageEnvelope.IsKnownType((byte)t)).Select(t => (byte)t).ToArray();

        private static readonly byte[][] Samples = All.Select(c => c.EncodeSample()).ToArray();

        /// <summary>Runs one decoder over the bytes both ways and checks the invariants; returns the result.</summary>
        private static ProtocolResult CheckDecoder(MessageCodec codec, byte[] bytes)
        {
            ProtocolResult whole = codec.Decode(bytes, 0, bytes.Length);
            Assert.True(Enum.IsDefined(whole), $"undefined result {(int)whole}");
            var reader = new TlvReader(bytes, 0, bytes.Length);
            ProtocolResult atReader = codec.DecodeAt(reader);
            Assert.True(Enum.IsDefined(atReader));
            if (atReader == ProtocolResult.Success)
            {
                Assert.True(reader.Position > 0 && reader.Position <= bytes.Length);
                Assert.False(reader.InMessage);
            }
            else
            {
                Assert.Equal(0, reader.Position);
                Assert.False(reader.InMessage);
                Assert.NotEqual(ProtocolResult.Success, whole);
            }

            return whole;
        }

        [Fact]
        public void Decode_RandomBytes_NeverThrowsAndAlwaysGivesAReason()
        {
            Gen.Select(Gen.Int[0, All.Length - 1], Gen.Byte.Array[0, 300])
                .Sample((index, bytes) => CheckDecoder(All[index], bytes), iter: 20000, seed: "0NRr6UaeMYm1");
        }

        [Fact]
        public void Decode_RandomBodyBehindValidHeader_NeverThrowsAndAlwaysGivesAReason()
        {
            Gen.Select(Gen.Int[0, All.Length - 1], Gen.Int[0, KnownTypes.Length - 1], Gen.Byte.Array[0, 200], Gen.Bool)
                .Sample((index, typeIndex, body, ownType) =>
                {
                    byte type = ownType ? (byte)All[index].Type : KnownTypes[typeIndex];
                    int mac = MessageEnvelope.IsAuthenticated((MessageType)type) ? 16 : 0;
                    byte[] bytes = [1, type, (byte)(body.Length >> 8), (byte)body.Length, .. body, .. new byte[mac]];
                    CheckDecoder(All[index], bytes);
                }, iter: 20000, seed: "0vKe3Fw1Xn9a");
        }

        [Fact]
        public void Decode_RandomTlvSoup_NeverThrowsAndAlwaysGivesAReason()
        {
            // Plausible tags (0x00-0x45, optional 0x80+, 0xFF), plausible lengths, sorted or not.
            Gen<(byte, byte[])> tlv = Gen.Select(
                Gen.OneOf(Gen.Byte[0, 0x45], Gen.Byte[0x80, 0xFF]),
                Gen.OneOf(Gen.Byte.Array[0, 6], Gen.Byte.Array[14, 40]));
            Gen.Select(Gen.Int[0, All.Length - 1], tlv.Array[0, 12], Gen.Bool)
                .Sample((index, fields, sorted) =>
                {
                    IEnumerable<(byte, byte[])> ordered = sorted ? fields.OrderBy(f => f.Item1) : fields;
                    var body = new List<byte>();
                    foreach ((byte tag, byte[] value) in ordered)
                    {
                        body.Add(tag);
                        body.Add((byte)(value.Length >> 8));
                        body.Add((byte)value.Length);
                        body.AddRange(value);
                    }

                    MessageType type = All[index].Type;
                    int mac = MessageEnvelope.IsAuthenticated(type) ? 16 : 0;
                    byte[] bytes = [1, (byte)type, (byte)(body.Count >> 8), (byte)body.Count, .. body, .. new byte[mac]];
                    CheckDecoder(All[index], bytes);
                }, iter: 20000, seed: "0bHq7ZtPz3Le");
        }

        /// <summary>Applies one random edit: flip a bit, set a byte, insert, delete, or truncate.</summary>
        private static byte[] Mutate(byte[] bytes, int kind, int position, byte value)
        {
            if (bytes.Length == 0)
            {
                return [value];
            }

            int at = position % bytes.Length;
            switch (kind)
            {
                case 0:
                    byte[] flipped = (byte[])bytes.Clone();
                    flipped[at] ^= (byte)(1 << (value & 7));
                    return flipped;
                case 1:
                    byte[] set = (byte[])bytes.Clone();
                    set[at] = value;
                    return set;
                case 2:
                    return [.. bytes[..at], value, .. bytes[at..]];
                case 3:
                    return [.. bytes[..at], .. bytes[(at + 1)..]];
                default:
                    return bytes[..at];
            }
        }

        [Fact]
        public void Decode_MutatedValidMessages_NeverThrowsAndAlwaysGivesAReason()
        {
            Gen<(int, int, byte)> edit = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 10000], Gen.Byte);
            Gen.Select(Gen.Int[0, All.Length - 1], edit.Array[1, 4])
                .Sample((index, edits) =>
                {
                    byte[] bytes = Samples[index];
                    foreach ((int kind, int position, byte value) in edits)
                    {
                        bytes = Mutate(bytes, kind, position, value);
                    }

                    CheckDecoder(All[index], bytes);
                }, iter: 20000, seed: "0Tz4mQy8Kc2w");
        }

        [Fact]
        public void Open_MutatedAuthenticatedMessages_NeverAccepted()
        {
            MessageCodec[] answers = { Codec("HomeOperatorAnswer"), Codec("NotificationAck"), Codec("UsimPackage") };
            byte[][] originals = answers.Select(c => c.EncodeSample()).ToArray();
            Gen<(int, int, byte)> edit = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 10000], Gen.Byte);
            Gen.Select(Gen.Int[0, answers.Length - 1], edit.Array[1, 3])
                .Sample((index, edits) =>
                {
                    byte[] bytes = originals[index];
                    foreach ((int kind, int position, byte value) in edits)
                    {
                        bytes = Mutate(bytes, kind, position, value);
                    }

                    if (bytes.AsSpan().SequenceEqual(originals[index]))
                    {
                        return;
                    }

                    var protection = new MessageProtection(); // Sample runs on several threads; one instance each.
                    ProtocolResult result = index switch
                    {
                        0 => M2MDevice.Protocol.HomeOperatorAnswer.TryOpen(protection, KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out _),
                        1 => M2MDevice.Protocol.NotificationAck.TryOpen(protection, KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out _),
                        _ => M2MDevice.Protocol.UsimPackage.TryOpen(protection, KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out _),
                    };
                    Assert.True(Enum.IsDefined(result));
                    Assert.NotEqual(ProtocolResult.Success, result);
                }, iter: 5000, seed: "0Pq2Rv7Nx4Bd");
        }

        [Fact]
        public void TlvReader_RandomInput_FailingCallsNeverMove()
        {
            Gen.Select(Gen.Byte.Array[0, 120], Gen.Int[0, KnownTypes.Length - 1])
                .Sample((body, typeIndex) =>
                {
                    byte type = KnownTypes[typeIndex];
                    int mac = MessageEnvelope.IsAuthenticated((MessageType)type) ? 16 : 0;
                    byte[] bytes = [1, type, 0, (byte)body.Length, .. body, .. new byte[mac]];
                    var reader = new TlvReader(bytes, 0, bytes.Length);
                    Assert.Equal(ProtocolResult.Success, reader.TryBeginMessage((MessageType)type));
                    while (!reader.IsAtBodyEnd)
                    {
                        int before = reader.Position;
                        ProtocolResult result = reader.TryReadTlv(out _, out int valueOffset, out int valueLength);
                        Assert.True(Enum.IsDefined(result));
                        if (result != ProtocolResult.Success)
                        {
                            Assert.Equal(before, reader.Position);
                            return;
                        }

                        Assert.Equal(before + 3 + valueLength, reader.Position);
                        Assert.Equal(before + 3, valueOffset);
                    }

                    reader.EndMessage();
                    Assert.Equal(bytes.Length, reader.Position);
                }, iter: 20000, seed: "0Ls9Wc3Hy6Tm");
        }
    }
}
