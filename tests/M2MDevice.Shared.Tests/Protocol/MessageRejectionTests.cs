using System;
using System.Linq;
using M2MDevice.Protocol;
using static M2MDevice.Tests.Protocol.ProtocolSamples;

namespace M2MDevice.Tests.Protocol
{
    /// <summary>Every decoder against truncated, oversized, unknown, duplicated and misplaced input: a clear reason, reader unmoved.</summary>
    public class MessageRejectionTests
    {
        /// <summary>Decodes whole and through a reader; both must agree and a failing reader must not move.</summary>
        private static ProtocolResult DecodeBothWays(MessageCodec codec, byte[] bytes)
        {
            ProtocolResult whole = codec.Decode(bytes, 0, bytes.Length);
            var reader = new TlvReader(bytes, 0, bytes.Length);
            ProtocolResult atReader = codec.DecodeAt(reader);
            if (atReader != ProtocolResult.Success)
            {
                Assert.Equal(0, reader.Position);
                Assert.False(reader.InMessage);
                Assert.Equal(whole, atReader);
            }

            return whole;
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_TruncatedAtEveryLength_IsTruncated(string name)
        {
            MessageCodec codec = Codec(name);
            byte[] bytes = codec.EncodeSample();
            for (int length = 0; length < bytes.Length; length++)
            {
                Assert.Equal(ProtocolResult.Truncated, DecodeBothWays(codec, bytes[..length]));
            }
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_BodyLengthOverLimit_IsOversized(string name)
        {
            MessageCodec codec = Codec(name);
            byte[] bytes = codec.EncodeSample();
            foreach (int length in new[] { MessageEnvelope.MaxBodyLength + 1, 0xFFFF })
            {
                byte[] changed = (byte[])bytes.Clone();
                changed[2] = (byte)(length >> 8);
                changed[3] = (byte)length;
                Assert.Equal(ProtocolResult.Oversized, DecodeBothWays(codec, changed));
            }
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_OtherVersion_IsUnknownVersion(string name)
        {
            MessageCodec codec = Codec(name);
            byte[] bytes = codec.EncodeSample();
            foreach (byte version in new byte[] { 0, 2, 0x81, 0xFF })
            {
                byte[] changed = (byte[])bytes.Clone();
                changed[0] = version;
                Assert.Equal(ProtocolResult.UnknownVersion, DecodeBothWays(codec, changed));
            }
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_UnassignedType_IsUnknownType(string name)
        {
            MessageCodec codec = Codec(name);
            byte[] bytes = codec.EncodeSample();
            for (int type = 0; type < 256; type++)
            {
                if (MessageEnvelope.IsKnownType((byte)type))
                {
                    continue;
                }

                byte[] changed = (byte[])bytes.Clone();
                changed[1] = (byte)type;
                Assert.Equal(ProtocolResult.UnknownType, DecodeBothWays(codec, changed));
            }
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_AnotherMessagesBytes_IsWrongType(string name)
        {
            MessageCodec codec = Codec(name);
            foreach (MessageCodec other in All.Where(c => c.Name != name))
            {
                Assert.Equal(ProtocolResult.WrongType, DecodeBothWays(codec, other.EncodeSample()));
            }
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_UnassignedCriticalTag_IsUnknownCriticalTag(string name)
        {
            MessageCodec codec = Codec(name);
            RawMessage raw = RawMessage.Parse(codec.EncodeSample());
            raw.Tlvs.Add((0x7E, new byte[] { 1, 2, 3 }));
            Assert.Equal(ProtocolResult.UnknownCriticalTag, DecodeBothWays(codec, raw.Build()));
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_TagOfAnotherMessage_IsUnknownCriticalTag(string name)
        {
            MessageCodec codec = Codec(name);
            RawMessage raw = RawMessage.Parse(codec.EncodeSample());
            byte foreign = raw.Type == (byte)MessageType.UsimPackageBody ? ProtocolTag.ErrorCause : ProtocolTag.AccessControlClass;
            if (raw.Type == (byte)MessageType.ErrorAnswer)
            {
                foreign = ProtocolTag.Imsi;
            }

            int at = raw.Tlvs.FindIndex(t => t.Tag > foreign);
            raw.Tlvs.Insert(at < 0 ? raw.Tlvs.Count : at, (foreign, new byte[] { 1, 2 }));
            Assert.Equal(ProtocolResult.UnknownCriticalTag, DecodeBothWays(codec, raw.Build()));
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_ReservedTags_AreUnknownCriticalTag(string name)
        {
            MessageCodec codec = Codec(name);
            RawMessage first = RawMessage.Parse(codec.EncodeSample());
            first.Tlvs.Insert(0, (0x00, Array.Empty<byte>()));
            Assert.Equal(ProtocolResult.UnknownCriticalTag, DecodeBothWays(codec, first.Build()));

            RawMessage last = RawMessage.Parse(codec.EncodeSample());
            last.Tlvs.Add((0xFF, new byte[] { 0 }));
            Assert.Equal(ProtocolResult.UnknownCriticalTag, DecodeBothWays(codec, last.Build()));
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_UnknownOptionalTags_AreSkipped(string name)
        {
            MessageCodec codec = Codec(name);
            RawMessage raw = RawMessage.Parse(codec.EncodeSample());
            raw.Tlvs.Add((0x80, new byte[] { 9 }));
            raw.Tlvs.Add((0xC3, new byte[300]));
            raw.Tlvs.Add((0xFE, Array.Empty<byte>()));
            Assert.Equal(ProtocolResult.Success, DecodeBothWays(codec, raw.Build()));
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_AnyTagRepeated_IsDuplicateTag(string name)
        {
            MessageCodec codec = Codec(name);
            RawMessage original = RawMessage.Parse(codec.EncodeSample());
            for (int i = 0; i < original.Tlvs.Count; i++)
            {
                // Adjacent repeat, and the same tag again at the very end.
                RawMessage adjacent = RawMessage.Parse(codec.EncodeSample());
                adjacent.Tlvs.Insert(i + 1, adjacent.Tlvs[i]);
                Assert.Equal(ProtocolResult.DuplicateTag, DecodeBothWays(codec, adjacent.Build()));

                RawMessage atEnd = RawMessage.Parse(codec.EncodeSample());
                atEnd.Tlvs.Add(atEnd.Tlvs[i]);
                Assert.Equal(ProtocolResult.DuplicateTag, DecodeBothWays(codec, atEnd.Build()));
            }
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_TagsSwapped_IsOutOfOrderTag(string name)
        {
            MessageCodec codec = Codec(name);
            RawMessage raw = RawMessage.Parse(codec.EncodeSample());
            if (raw.Tlvs.Count < 2)
            {
                return;
            }

            (raw.Tlvs[0], raw.Tlvs[1]) = (raw.Tlvs[1], raw.Tlvs[0]);
            Assert.Equal(ProtocolResult.OutOfOrderTag, DecodeBothWays(codec, raw.Build()));
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_MandatoryFieldRemoved_IsMissingTag(string name)
        {
            MessageCodec codec = Codec(name);
            RawMessage original = RawMessage.Parse(codec.EncodeSample());
            byte[] optional =
            {
                ProtocolTag.Plmn, ProtocolTag.NetworkRejectCause, ProtocolTag.Msisdn, ProtocolTag.HomePlmns,
                ProtocolTag.OperatorPlmnsWithAct, ProtocolTag.ForbiddenPlmns,
            };
            for (int i = 0; i < original.Tlvs.Count; i++)
            {
                RawMessage raw = RawMessage.Parse(codec.EncodeSample());
                byte tag = raw.Tlvs[i].Tag;
                raw.Tlvs.RemoveAt(i);
                ProtocolResult expected = optional.Contains(tag) || (name == "ErrorAnswer" && tag == ProtocolTag.RetryAfter)
                    ? ProtocolResult.Success
                    : ProtocolResult.MissingTag;
                Assert.Equal(expected, DecodeBothWays(codec, raw.Build()));
            }
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_TlvRunningPastBody_IsBadLength(string name)
        {
            MessageCodec codec = Codec(name);
            byte[] bytes = codec.EncodeSample();
            RawMessage raw = RawMessage.Parse(bytes);

            // The last TLV claims one byte more than the body holds.
            byte[] longer = raw.Build();
            int lastHeader = 4 + raw.Tlvs.Take(raw.Tlvs.Count - 1).Sum(t => 3 + t.Value.Length);
            int claimed = raw.Tlvs[^1].Value.Length + 1;
            longer[lastHeader + 1] = (byte)(claimed >> 8);
            longer[lastHeader + 2] = (byte)claimed;
            Assert.Equal(ProtocolResult.BadLength, DecodeBothWays(codec, longer));

            // The body ends inside a TLV header: one or two stray bytes after the last TLV.
            foreach (int stray in new[] { 1, 2 })
            {
                RawMessage withStray = RawMessage.Parse(bytes);
                byte[] built = withStray.Build(stray);
                byte[] spliced = [.. built[..(built.Length - withStray.Mac.Length)], .. new byte[stray], .. withStray.Mac];
                Assert.Equal(ProtocolResult.BadLength, DecodeBothWays(codec, spliced));
            }
        }

        [Theory]
        [MemberData(nameof(ProtocolSamples.Names), MemberType = typeof(ProtocolSamples))]
        public void Decode_FieldOneByteLongerOrShorter_IsRejected(string name)
        {
            MessageCodec codec = Codec(name);
            RawMessage original = RawMessage.Parse(codec.EncodeSample());
            for (int i = 0; i < original.Tlvs.Count; i++)
            {
                foreach (int delta in new[] { -1, 1 })
                {
                    RawMessage raw = RawMessage.Parse(codec.EncodeSample());
                    (byte tag, byte[] value) = raw.Tlvs[i];
                    if (value.Length + delta < 0 || IsFreeLength(name, tag))
                    {
                        continue;
                    }

                    byte[] changed = new byte[value.Length + delta];
                    Array.Copy(value, changed, Math.Min(value.Length, changed.Length));
                    raw.Tlvs[i] = (tag, changed);
                    ProtocolResult result = DecodeBothWays(codec, raw.Build());
                    Assert.True(
                        result is ProtocolResult.BadLength or ProtocolResult.Oversized or ProtocolResult.BadValue,
                        $"{name} tag {tag:x2} delta {delta}: {result}");
                }
            }
        }

        [Fact]
        public void Decode_FieldsOverTheirLimits_AreOversized()
        {
            Assert.Equal(ProtocolResult.Oversized, new BootstrapRequest { Impi = Filled(254, 0x61) }.Encode(new byte[600], 0, 600, out _));
            var impi = RawMessage.Parse(Encode(BootstrapRequest()));
            impi.Tlvs[0] = (ProtocolTag.Impi, Filled(254, 0x61));
            Assert.Equal(ProtocolResult.Oversized, Codec("BootstrapRequest").Decode(impi.Build(), 0, impi.Build().Length));

            var res = RawMessage.Parse(Encode(BootstrapResponse()));
            res.Tlvs[1] = (ProtocolTag.Res, new byte[33]);
            Assert.Equal(ProtocolResult.Oversized, Codec("BootstrapResponse").Decode(res.Build(), 0, res.Build().Length));

            HomeOperatorAnswer answer = HomeOperatorAnswer();
            answer.TrustAnchor = new byte[ProtocolLimits.MaxTrustAnchorLength + 1];
            answer.TrustAnchor[0] = 0x30;
            Assert.Equal(ProtocolResult.Oversized, answer.Validate());

            UsimPackageBody body = MilenageBody();
            body.OperatorPlmnsWithAct = new byte[5 * (ProtocolLimits.MaxPlmnEntries + 1)];
            Assert.Equal(ProtocolResult.Oversized, body.Validate());
        }

        [Fact]
        public void Validate_ValuesOutsideTheirSets_AreBadValue()
        {
            var url = HomeOperatorAnswer();
            url.HomeOperatorAddress = Ascii.GetBytes("http://ho.example.net/");
            Assert.Equal(ProtocolResult.BadValue, url.Validate());

            var anchor = HomeOperatorAnswer();
            anchor.TrustAnchor = new byte[] { 0x31, 0x00 };
            Assert.Equal(ProtocolResult.BadValue, anchor.Validate());

            var status = HomeOperatorAnswer();
            status.Status = (HomeOperatorStatus)9;
            Assert.Equal(ProtocolResult.BadValue, status.Validate());

            var imsi = MilenageBody();
            imsi.Imsi = Ascii.GetBytes("00101012345678A");
            Assert.Equal(ProtocolResult.BadValue, imsi.Validate());

            var mnc = MilenageBody();
            mnc.MncLength = 4;
            Assert.Equal(ProtocolResult.BadValue, mnc.Validate());

            var algorithm = MilenageBody();
            algorithm.Algorithm = (M2MDevice.Aka.AkaAlgorithmKind)3;
            Assert.Equal(ProtocolResult.BadValue, algorithm.Validate());

            var tuak = TuakBody();
            tuak.TuakResLength = 5;
            Assert.Equal(ProtocolResult.BadValue, tuak.Validate());

            var milenageWithTuak = MilenageBody();
            milenageWithTuak.TuakKeccakIterations = 1;
            Assert.Equal(ProtocolResult.UnexpectedTag, milenageWithTuak.Validate());

            var pending = new HomeOperatorAnswer { DeviceNonce = Copy(DeviceNonce), Status = HomeOperatorStatus.Pending };
            Assert.Equal(ProtocolResult.MissingTag, pending.Validate());
            pending.RetryAfter = 5;
            pending.TrustAnchor = Copy(TrustAnchor);
            Assert.Equal(ProtocolResult.UnexpectedTag, pending.Validate());

            var both = BootstrapResponse();
            both.Auts = Copy(Auts);
            Assert.Equal(ProtocolResult.UnexpectedTag, both.Validate());

            var ack = NotificationAck();
            ack.AcknowledgedType = MessageType.UsimPackage;
            Assert.Equal(ProtocolResult.BadValue, ack.Validate());

            var btid = BootstrapResult();
            btid.BTid = Ascii.GetBytes("I1U8vpY3qJ0hiuZNrke/NQ==@bad_host");
            Assert.Equal(ProtocolResult.BadValue, btid.Validate());

            Assert.Equal(ProtocolResult.BadValue, new ErrorAnswer { Cause = 0 }.Validate());
        }

        [Fact]
        public void Decode_ZeroWherePositiveRequired_IsBadValue()
        {
            var pending = new HomeOperatorAnswer { DeviceNonce = Copy(DeviceNonce), Status = HomeOperatorStatus.Pending, RetryAfter = 1 };
            RawMessage raw = RawMessage.Parse(Encode(pending));
            int index = raw.Tlvs.FindIndex(t => t.Tag == ProtocolTag.RetryAfter);
            raw.Tlvs[index] = (ProtocolTag.RetryAfter, new byte[4]);
            byte[] bytes = raw.Build();
            Assert.Equal(ProtocolResult.BadValue, Codec("HomeOperatorAnswer").Decode(bytes, 0, bytes.Length));
        }

        private static bool IsFreeLength(string name, byte tag)
        {
            // Fields whose length may vary by one and stay valid.
            switch (tag)
            {
                case ProtocolTag.Impi:
                case ProtocolTag.Res:
                case ProtocolTag.HomeOperatorAddress:
                case ProtocolTag.HomeOperatorId:
                case ProtocolTag.Msisdn:
                case ProtocolTag.Imsi:
                case ProtocolTag.Iccid:
                case ProtocolTag.ServiceProviderName:
                    return true;
                case ProtocolTag.TrustAnchor:
                case ProtocolTag.EncryptedBody:
                    return true;
                case ProtocolTag.BTid:
                    return true; // one byte shorter is still a valid host name
                default:
                    return name == "ErrorAnswer" && tag == 0;
            }
        }

        private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
    }
}
