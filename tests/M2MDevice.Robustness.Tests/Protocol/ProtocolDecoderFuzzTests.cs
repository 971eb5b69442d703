using System;
using System.Linq;
using CsCheck;
using M2MDevice.Protocol;
using M2MDevice.Tests.Protocol;
using Xunit.Abstractions;
using static M2MDevice.Tests.Protocol.ProtocolSamples;

namespace M2MDevice.Robustness.Tests.Protocol
{
    /// <summary>
    /// Every shared/Protocol decoder: each message's TryDecode (whole buffer and at a TlvReader), the TryOpen of the
    /// authenticated answers (UsimPackage with its encrypted body, HomeOperatorAnswer, NotificationAck),
    /// UsimPackageBody, MessageEnvelope.TryReadHeader, BTid.TryParse and Base64.TryDecode, over random bytes and
    /// mutations of the golden messages of docs/protocol.md placed at random offsets: never an exception, always a
    /// defined ProtocolResult, a failing reader never moves, the offset does not change the answer, two messages
    /// back to back decode one after the other, and no mutated authenticated message is ever opened.
    /// </summary>
    public class ProtocolDecoderFuzzTests
    {
        private static readonly byte[][] Samples = All.Select(c => c.EncodeSample()).ToArray();

        private readonly ITestOutputHelper output;

        public ProtocolDecoderFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private static Gen<byte[]> Inputs()
        {
            Gen<byte[]> headed = Gen.Select(Gen.Int[0, Samples.Length - 1], Gen.Byte.Array[0, 120])
                .Select((i, body) => Samples[i].Take(4).Concat(body).ToArray());
            return Gen.Frequency((1, Gen.Byte.Array[0, 200]), (1, headed), (4, Fuzz.MutationsOf(Samples, 4).Select(m => m.Bytes)));
        }

        [Fact]
        public void TryDecode_EveryMessage_DefinedResultReaderStillAndOffsetIrrelevant()
        {
            int total = 0;
            for (int m = 0; m < All.Length; m++)
            {
                MessageCodec codec = All[m];
                var tally = new Fuzz.Tally();
                total += Fuzz.Run(
                    output,
                    codec.Name + ".TryDecode",
                    Gen.Select(Inputs(), Gen.Int[1, 9]),
                    2500,
                    0x9E70C000UL + (ulong)m,
                    input =>
                    {
                        (byte[] bytes, int offset) = input;
                        ProtocolResult whole = codec.Decode(bytes, 0, bytes.Length);
                        tally.Add(whole);
                        Assert.True(Enum.IsDefined(whole), "undefined result " + (int)whole);
                        byte[] shifted = new byte[offset + bytes.Length + offset];
                        Array.Fill(shifted, (byte)0xA5);
                        Array.Copy(bytes, 0, shifted, offset, bytes.Length);
                        Assert.Equal(whole, codec.Decode(shifted, offset, bytes.Length));
                        var reader = new TlvReader(shifted, offset, bytes.Length);
                        ProtocolResult at = codec.DecodeAt(reader);
                        Assert.True(Enum.IsDefined(at));
                        Assert.False(reader.InMessage);
                        if (at == ProtocolResult.Success)
                        {
                            Assert.InRange(reader.Position, offset + 1, offset + bytes.Length);
                        }
                        else
                        {
                            Assert.Equal(offset, reader.Position);
                            Assert.NotEqual(ProtocolResult.Success, whole);
                        }
                    });
                output.WriteLine(tally.ToString());
            }

            output.WriteLine($"all message decoders: {total} cases");
        }

        [Fact]
        public void TryDecode_TwoMessagesBackToBack_DecodeOneAfterTheOther()
        {
            Fuzz.Run(
                output,
                "TlvReader stream of two messages",
                Gen.Select(Gen.Int[0, All.Length - 1], Gen.Int[0, All.Length - 1]),
                500,
                0x2E55A6E5UL,
                pair =>
                {
                    (int a, int b) = pair;
                    byte[] bytes = Samples[a].Concat(Samples[b]).ToArray();
                    var reader = new TlvReader(bytes, 0, bytes.Length);
                    Assert.Equal(ProtocolResult.Success, All[a].DecodeAt(reader));
                    Assert.Equal(Samples[a].Length, reader.Position);
                    Assert.Equal(ProtocolResult.Success, All[b].DecodeAt(reader));
                    Assert.Equal(bytes.Length, reader.Position);
                });
        }

        [Fact]
        public void TryOpen_MutatedAuthenticatedMessages_NeverOpened()
        {
            MessageCodec[] answers = { Codec("UsimPackage"), Codec("HomeOperatorAnswer"), Codec("NotificationAck") };
            byte[][] originals = answers.Select(c => c.EncodeSample()).ToArray();
            var protection = new MessageProtection();

            // The golden messages open, so a refusal below is the mutation's doing.
            for (int i = 0; i < originals.Length; i++)
            {
                Assert.Equal(ProtocolResult.Success, Open(protection, i, originals[i], out _));
            }

            Assert.Equal(ProtocolResult.Success, M2MDevice.Protocol.UsimPackage.TryOpen(protection, KsNaf, 0, DeviceNonce, 0, originals[0], 0, originals[0].Length, out M2MDevice.Protocol.UsimPackage package));
            Assert.Equal("001010123456789", Ascii.GetString(package.Body.Imsi));

            var tally = new Fuzz.Tally();
            Fuzz.Run(
                output,
                "UsimPackage/HomeOperatorAnswer/M2MDevice.Protocol.NotificationAck.TryOpen",
                Fuzz.MutationsOf(originals, 3),
                4000,
                0x0FE7A5EDUL,
                mutated =>
                {
                    (int index, byte[] bytes) = mutated;
                    ProtocolResult result = Open(protection, index, bytes, out bool opened);
                    tally.Add(result);
                    Assert.True(Enum.IsDefined(result));
                    Assert.Equal(result == ProtocolResult.Success, opened);
                    if (result == ProtocolResult.Success)
                    {
                        // Only the untouched message (followed by anything) may open.
                        Assert.True(bytes.AsSpan().StartsWith(originals[index]), "a modified authenticated message was opened");
                    }
                });
            output.WriteLine(tally.ToString());
        }

        private static ProtocolResult Open(MessageProtection protection, int index, byte[] bytes, out bool opened)
        {
            ProtocolResult result;
            switch (index)
            {
                case 0:
                    result = M2MDevice.Protocol.UsimPackage.TryOpen(protection, KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out M2MDevice.Protocol.UsimPackage package);
                    opened = package != null;
                    break;
                case 1:
                    result = M2MDevice.Protocol.HomeOperatorAnswer.TryOpen(protection, KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out M2MDevice.Protocol.HomeOperatorAnswer answer);
                    opened = answer != null;
                    break;
                default:
                    result = M2MDevice.Protocol.NotificationAck.TryOpen(protection, KsNaf, 0, DeviceNonce, 0, bytes, 0, bytes.Length, out M2MDevice.Protocol.NotificationAck ack);
                    opened = ack != null;
                    break;
            }

            return result;
        }

        [Fact]
        public void EnvelopeBTidAndBase64_RandomAndMutated_DefinedResultNeverThrows()
        {
            byte[][] btids = { Ascii.GetBytes(BTidText), Ascii.GetBytes("AAAAAAAAAAAAAAAAAAAAAA==@rs"), Ascii.GetBytes("I1U8vpY3qJ0hiuZNrke/NQ==@a.b-c.d") };
            Gen<byte[]> inputs = Gen.OneOf(Gen.Byte.Array[0, 80], Fuzz.MutationsOf(btids, 3).Select(m => m.Bytes), Fuzz.MutationsOf(Samples, 3).Select(m => m.Bytes));
            Fuzz.Run(
                output,
                "MessageEnvelope.TryReadHeader, BTid.TryParse, Base64.TryDecode",
                inputs,
                6000,
                0xB71DB64UL,
                bytes =>
                {
                    ProtocolResult header = MessageEnvelope.TryReadHeader(bytes, 0, bytes.Length, out _, out int bodyLength, out int messageLength);
                    Assert.True(Enum.IsDefined(header));
                    if (header == ProtocolResult.Success)
                    {
                        Assert.InRange(messageLength, 4, bytes.Length);
                        Assert.InRange(bodyLength, 0, messageLength);
                    }

                    byte[] rand = new byte[16];
                    ProtocolResult btid = BTid.TryParse(bytes, 0, bytes.Length, rand, 0, out int hostOffset, out int hostCount);
                    Assert.True(Enum.IsDefined(btid));
                    if (btid == ProtocolResult.Success)
                    {
                        Assert.InRange(hostOffset + hostCount, 1, bytes.Length);
                    }

                    byte[] decoded = new byte[bytes.Length];
                    if (Base64.TryDecode(bytes, 0, bytes.Length, decoded, 0, decoded.Length, out int length))
                    {
                        Assert.InRange(length, 0, decoded.Length);
                        Assert.Equal(Convert.ToBase64String(decoded, 0, length), System.Text.Encoding.ASCII.GetString(bytes));
                    }
                });
        }
    }
}
