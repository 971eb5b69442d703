using System;
using M2MDevice.Aka;
using M2MDevice.Protocol;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Protocol
{
    /// <summary>One message type under test: how to build its fixed sample and how to decode it.</summary>
    public sealed class MessageCodec
    {
        public MessageCodec(
            string name, MessageType type, Func<byte[]> encodeSample,
            Func<byte[], int, int, ProtocolResult> decode, Func<TlvReader, ProtocolResult> decodeAt)
        {
            Name = name;
            Type = type;
            EncodeSample = encodeSample;
            Decode = decode;
            DecodeAt = decodeAt;
        }

        public string Name { get; }

        public MessageType Type { get; }

        public Func<byte[]> EncodeSample { get; }

        /// <summary>Structural decode of a whole buffer region.</summary>
        public Func<byte[], int, int, ProtocolResult> Decode { get; }

        /// <summary>Structural decode at a reader's position.</summary>
        public Func<TlvReader, ProtocolResult> DecodeAt { get; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// Fixed inputs for every message (docs/protocol.md, "Golden examples"). RAND, AUTN and RES are those of
    /// TS 35.208 test set 1; Ks_NAF and the nonces are counting patterns; the trust anchor is a 5-byte DER
    /// SEQUENCE standing in for a certificate.
    /// </summary>
    public static class ProtocolSamples
    {
        public static readonly byte[] KsNaf = Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        public static readonly byte[] DeviceNonce = Hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
        public static readonly byte[] ServerNonce = Hex("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
        public static readonly byte[] Rand = Hex("23553cbe9637a89d218ae64dae47bf35");
        public static readonly byte[] Autn = Hex("55f328b43577b9b94a9ffac354dfafb3");
        public static readonly byte[] Res = Hex("a54211d5e3ba50bf");
        public static readonly byte[] Auts = Hex("0102030405061112131415161718");
        public const string Impi = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
        public const string BTidText = "I1U8vpY3qJ0hiuZNrke/NQ==@rs.example.net";
        public const string HomeOperatorUrl = "https://ho.example.net/m2m";
        public static readonly byte[] HomeOperatorId = Hex("686f2e6578616d706c652e6e65740100000002"); // "ho.example.net" || Ua id
        public static readonly byte[] TrustAnchor = Hex("3003020101");

        public static BootstrapRequest BootstrapRequest() => new BootstrapRequest { Impi = Ascii.GetBytes(Impi) };

        public static BootstrapChallenge BootstrapChallenge() => new BootstrapChallenge { Rand = Copy(Rand), Autn = Copy(Autn) };

        public static BootstrapResponse BootstrapResponse() => new BootstrapResponse { Rand = Copy(Rand), Res = Copy(Res) };

        public static BootstrapResult BootstrapResult() =>
            new BootstrapResult { BTid = Ascii.GetBytes(BTidText), Lifetime = 86400 };

        public static HomeOperatorRequest HomeOperatorRequest() =>
            new HomeOperatorRequest { BTid = Ascii.GetBytes(BTidText), DeviceNonce = Copy(DeviceNonce) };

        public static HomeOperatorAnswer HomeOperatorAnswer() => new HomeOperatorAnswer
        {
            DeviceNonce = Copy(DeviceNonce),
            Status = HomeOperatorStatus.Associated,
            HomeOperatorAddress = Ascii.GetBytes(HomeOperatorUrl),
            HomeOperatorId = Copy(HomeOperatorId),
            TrustAnchor = Copy(TrustAnchor),
            Lifetime = 3600,
        };

        public static PackageRequest PackageRequest() => new PackageRequest
        {
            BTid = Ascii.GetBytes(BTidText),
            DeviceNonce = Copy(DeviceNonce),
            LastInstalledSequence = 0,
            ResumeOffset = 0,
        };

        public static UsimPackageBody MilenageBody() => new UsimPackageBody
        {
            Imsi = Ascii.GetBytes("001010123456789"),
            Algorithm = AkaAlgorithmKind.Milenage,
            K = Hex("465b5ce8b199b49faa5f0a2ee238a6bc"),
            Opc = Hex("cd63cb71954a9f4e48a5994e37a02baf"),
            Amf = Hex("8000"),
            SqnIndLength = 5,
            SqnDelta = 1L << 28,
            Iccid = Ascii.GetBytes("8949001012345678901"),
            Msisdn = Ascii.GetBytes("491701234567"),
            MncLength = 2,
            HomePlmns = Hex("00f110"),
            OperatorPlmnsWithAct = Hex("00f1104000"),
            ForbiddenPlmns = Hex("ffffff"),
        };

        public static UsimPackageBody TuakBody() => new UsimPackageBody
        {
            Imsi = Ascii.GetBytes("001010123456780"),
            Algorithm = AkaAlgorithmKind.Tuak,
            K = Hex("abababababababababababababababababababababababababababababababab"),
            Opc = Hex("bcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbcbc"),
            TuakMacLength = 8,
            TuakResLength = 8,
            TuakCkLength = 16,
            TuakIkLength = 16,
            TuakKeccakIterations = 1,
            Amf = Hex("8000"),
            SqnIndLength = 5,
            SqnDelta = 1L << 28,
            SqnAgeLimit = 1L << 20,
            Iccid = Ascii.GetBytes("89490010123456789012"),
            MncLength = 3,
            HomePlmnsWithAct = Hex("00f1108000"),
            ServiceProviderName = Ascii.GetBytes("Example M2M"),
            AccessControlClass = Hex("0001"),
        };

        public static UsimPackage UsimPackage() => new UsimPackage
        {
            DeviceNonce = Copy(DeviceNonce),
            ServerNonce = Copy(ServerNonce),
            ProfileSequence = 1,
            Body = MilenageBody(),
        };

        public static InstallReceipt InstallReceipt() => new InstallReceipt
        {
            BTid = Ascii.GetBytes(BTidText),
            DeviceNonce = Copy(DeviceNonce),
            ProfileSequence = 1,
            Plmn = Hex("00f110"),
        };

        public static FailureReport FailureReport() => new FailureReport
        {
            BTid = Ascii.GetBytes(BTidText),
            DeviceNonce = Copy(DeviceNonce),
            ProfileSequence = 1,
            Cause = FailureCause.AttachRejected,
            HasNetworkRejectCause = true,
            NetworkRejectCause = 11,
        };

        public static NotificationAck NotificationAck() => new NotificationAck
        {
            DeviceNonce = Copy(DeviceNonce),
            ProfileSequence = 1,
            AcknowledgedType = MessageType.InstallReceipt,
        };

        public static ErrorAnswer ErrorAnswer() => new ErrorAnswer { Cause = ErrorCause.Busy, RetryAfter = 30 };

        public static byte[] Copy(byte[] value) => (byte[])value.Clone();

        public static byte[] Encoded(Func<byte[], int, int, (ProtocolResult, int)> encode)
        {
            byte[] buffer = new byte[MessageEnvelope.MaxMessageLength];
            (ProtocolResult result, int length) = encode(buffer, 0, buffer.Length);
            Assert.Equal(ProtocolResult.Success, result);
            return buffer[..length];
        }

        private static (ProtocolResult, int) Plain(ProtocolResult result, int length) => (result, length);

        public static byte[] Encode(BootstrapRequest m) => Encoded((b, o, c) => Plain(m.Encode(b, o, c, out int n), n));

        public static byte[] Encode(BootstrapChallenge m) => Encoded((b, o, c) => Plain(m.Encode(b, o, c, out int n), n));

        public static byte[] Encode(BootstrapResponse m) => Encoded((b, o, c) => Plain(m.Encode(b, o, c, out int n), n));

        public static byte[] Encode(BootstrapResult m) => Encoded((b, o, c) => Plain(m.Encode(b, o, c, out int n), n));

        public static byte[] Encode(ErrorAnswer m) => Encoded((b, o, c) => Plain(m.Encode(b, o, c, out int n), n));

        public static byte[] Encode(UsimPackageBody m) => Encoded((b, o, c) => Plain(m.Encode(b, o, c, out int n), n));

        public static byte[] Encode(HomeOperatorRequest m) =>
            Encoded((b, o, c) => Plain(m.Encode(new MessageProtection(), KsNaf, 0, b, o, c, out int n), n));

        public static byte[] Encode(HomeOperatorAnswer m) =>
            Encoded((b, o, c) => Plain(m.Encode(new MessageProtection(), KsNaf, 0, b, o, c, out int n), n));

        public static byte[] Encode(PackageRequest m) =>
            Encoded((b, o, c) => Plain(m.Encode(new MessageProtection(), KsNaf, 0, b, o, c, out int n), n));

        public static byte[] Encode(UsimPackage m) =>
            Encoded((b, o, c) => Plain(m.Encode(new MessageProtection(), KsNaf, 0, b, o, c, out int n), n));

        public static byte[] Encode(InstallReceipt m) =>
            Encoded((b, o, c) => Plain(m.Encode(new MessageProtection(), KsNaf, 0, b, o, c, out int n), n));

        public static byte[] Encode(FailureReport m) =>
            Encoded((b, o, c) => Plain(m.Encode(new MessageProtection(), KsNaf, 0, b, o, c, out int n), n));

        public static byte[] Encode(NotificationAck m) =>
            Encoded((b, o, c) => Plain(m.Encode(new MessageProtection(), KsNaf, 0, b, o, c, out int n), n));

        /// <summary>Every message type, with its sample and its decoders.</summary>
        public static readonly MessageCodec[] All =
        {
            new MessageCodec("BootstrapRequest", MessageType.BootstrapRequest, () => Encode(BootstrapRequest()),
                (b, o, c) => M2MDevice.Protocol.BootstrapRequest.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.BootstrapRequest.TryDecode(r, out _)),
            new MessageCodec("BootstrapChallenge", MessageType.BootstrapChallenge, () => Encode(BootstrapChallenge()),
                (b, o, c) => M2MDevice.Protocol.BootstrapChallenge.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.BootstrapChallenge.TryDecode(r, out _)),
            new MessageCodec("BootstrapResponse", MessageType.BootstrapResponse, () => Encode(BootstrapResponse()),
                (b, o, c) => M2MDevice.Protocol.BootstrapResponse.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.BootstrapResponse.TryDecode(r, out _)),
            new MessageCodec("BootstrapResult", MessageType.BootstrapResult, () => Encode(BootstrapResult()),
                (b, o, c) => M2MDevice.Protocol.BootstrapResult.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.BootstrapResult.TryDecode(r, out _)),
            new MessageCodec("HomeOperatorRequest", MessageType.HomeOperatorRequest, () => Encode(HomeOperatorRequest()),
                (b, o, c) => M2MDevice.Protocol.HomeOperatorRequest.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.HomeOperatorRequest.TryDecode(r, out _)),
            new MessageCodec("HomeOperatorAnswer", MessageType.HomeOperatorAnswer, () => Encode(HomeOperatorAnswer()),
                (b, o, c) => M2MDevice.Protocol.HomeOperatorAnswer.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.HomeOperatorAnswer.TryDecode(r, out _)),
            new MessageCodec("PackageRequest", MessageType.PackageRequest, () => Encode(PackageRequest()),
                (b, o, c) => M2MDevice.Protocol.PackageRequest.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.PackageRequest.TryDecode(r, out _)),
            new MessageCodec("UsimPackage", MessageType.UsimPackage, () => Encode(UsimPackage()),
                (b, o, c) => M2MDevice.Protocol.UsimPackage.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.UsimPackage.TryDecode(r, out _)),
            new MessageCodec("UsimPackageBody", MessageType.UsimPackageBody, () => Encode(MilenageBody()),
                (b, o, c) => UsimPackageBody.TryDecode(b, o, c, out _), r => UsimPackageBody.TryDecode(r, out _)),
            new MessageCodec("InstallReceipt", MessageType.InstallReceipt, () => Encode(InstallReceipt()),
                (b, o, c) => M2MDevice.Protocol.InstallReceipt.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.InstallReceipt.TryDecode(r, out _)),
            new MessageCodec("FailureReport", MessageType.FailureReport, () => Encode(FailureReport()),
                (b, o, c) => M2MDevice.Protocol.FailureReport.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.FailureReport.TryDecode(r, out _)),
            new MessageCodec("NotificationAck", MessageType.NotificationAck, () => Encode(NotificationAck()),
                (b, o, c) => M2MDevice.Protocol.NotificationAck.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.NotificationAck.TryDecode(r, out _)),
            new MessageCodec("ErrorAnswer", MessageType.ErrorAnswer, () => Encode(ErrorAnswer()),
                (b, o, c) => M2MDevice.Protocol.ErrorAnswer.TryDecode(b, o, c, out _), r => M2MDevice.Protocol.ErrorAnswer.TryDecode(r, out _)),
        };

        public static MessageCodec Codec(string name) => Array.Find(All, c => c.Name == name);

        public static TheoryData<string> Names()
        {
            var data = new TheoryData<string>();
            foreach (MessageCodec codec in All)
            {
                data.Add(codec.Name);
            }

            return data;
        }
    }
}
