using System;
using System.Security.Cryptography;
using M2MDevice.Crypto;
using M2MDevice.Protocol;
using static M2MDevice.Tests.TestVectors;

namespace M2MDevice.Tests.Protocol
{
    /// <summary>
    /// One golden hex vector per message: the fixed inputs of ProtocolSamples encode to exactly these bytes
    /// (docs/protocol.md, "Golden examples"), and these bytes decode back to the inputs. The MACs and the package
    /// ciphertext are also recomputed here independently (HMAC-SHA-256 and AES from System.Security.Cryptography).
    /// </summary>
    public class MessageGoldenTests
    {
        public static readonly TheoryData<string, string, string> Golden = new TheoryData<string, string, string>
        {
            {
                "BootstrapRequest", "v1, type 01, body 0x34; Impi (01) = 001010000000001@ims.mnc001.mcc001.3gppnetwork.org",
                "0101003401003130303130313030303030303030303140696d732e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f7267"
            },
            {
                "BootstrapChallenge", "type 02; Rand (02) and Autn (03) of TS 35.208 set 1",
                "0102002602001023553cbe9637a89d218ae64dae47bf3503001055f328b43577b9b94a9ffac354dfafb3"
            },
            {
                "BootstrapResponse", "type 03; Rand (02) echoed, Res (04) of TS 35.208 set 1",
                "0103001e02001023553cbe9637a89d218ae64dae47bf35040008a54211d5e3ba50bf"
            },
            {
                "BootstrapResult", "type 04; BTid (06) = base64(RAND)@rs.example.net, Lifetime (07) = 86400",
                "010400310600274931553876705933714a306869755a4e726b652f4e513d3d4072732e6578616d706c652e6e657407000400015180"
            },
            {
                "HomeOperatorRequest", "type 05; BTid (06), DeviceNonce (08) a0..af; CMAC under Ks_NAF 00..1f",
                "0105003d0600274931553876705933714a306869755a4e726b652f4e513d3d4072732e6578616d706c652e6e6574080010a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
                + "67fbbe6f4456718e14d7967181836b06"
            },
            {
                "HomeOperatorAnswer", "type 06; Lifetime (07) 3600, DeviceNonce (08), Status (0A) Associated, Address (0C), Id (0D), TrustAnchor (0E)",
                "0106005907000400000e10080010a0a1a2a3a4a5a6a7a8a9aaabacadaeaf0a0001010c001a68747470733a2f2f686f2e6578616d706c652e6e65742f6d326d"
                + "0d0013686f2e6578616d706c652e6e657401000000020e00053003020101"
                + "f0a0b5be9d25abb09eb3d14a193db498"
            },
            {
                "PackageRequest", "type 10; BTid (06), DeviceNonce (08), LastInstalledSequence (10) 0, ResumeOffset (11) 0",
                "0110004b0600274931553876705933714a306869755a4e726b652f4e513d3d4072732e6578616d706c652e6e6574080010a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
                + "1000040000000011000400000000"
                + "e49083309a1b874029eaf1b49c04fe78"
            },
            {
                "UsimPackage", "type 11; DeviceNonce (08), ServerNonce (09) b0..bf, ProfileSequence (0F) 1, EncryptedBody (12) = CTR(MILENAGE body)",
                "011100bf080010a0a1a2a3a4a5a6a7a8a9aaabacadaeaf090010b0b1b2b3b4b5b6b7b8b9babbbcbdbebf0f00040000000112008f"
                + "286480692963aff0902cd8f00d305cb1189e415e276e222e31079834c7733cbcfb6e8f6f530dd41079b63c48d621ad50707b8f7d085d144dbb6611f88b55bfcc"
                + "80ae11ae1c5f313ee269caa727d8b8431c4683d62dfa6ee2818b3405446699269481629f2a6fb3560a7178b88f97fcb617e749fd00b026ed3bd18ce80312a3"
                + "45c0c58dcb5c102e67b48802597111d087f3c9"
                + "9ff77ce2a19fd506a3a71659a7"
            },
            {
                "UsimPackageBody", "type 20 (plaintext of the package); MILENAGE test set 1 K and OPc, SQN IND 5 delta 2^28, ICCID, MSISDN, MNC 2, lists",
                "0120008b30000f30303130313031323334353637383931000101320010465b5ce8b199b49faa5f0a2ee238a6bc330010cd63cb71954a9f4e48a5994e37a02baf"
                + "350002800036000105370006000010000000390013383934393030313031323334353637383930313a000c3439313730313233343536373b0001023c000300f110"
                + "3e000500f11040003f0003ffffff"
            },
            {
                "InstallReceipt", "type 12; BTid (06), DeviceNonce (08), ProfileSequence (0F) 1, Plmn (13) 00f110",
                "0112004a0600274931553876705933714a306869755a4e726b652f4e513d3d4072732e6578616d706c652e6e6574080010a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
                + "0f00040000000113000300f110"
                + "0340dbf81de8fe2dd48d2dabc237dfcb"
            },
            {
                "FailureReport", "type 13; BTid (06), DeviceNonce (08), ProfileSequence (0F) 1, FailureCause (14) AttachRejected, NetworkRejectCause (15) 11",
                "0113004c0600274931553876705933714a306869755a4e726b652f4e513d3d4072732e6578616d706c652e6e6574080010a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
                + "0f000400000001140001011500010b"
                + "7c043ed67e4f5f576c1a950a70cf30ad"
            },
            {
                "NotificationAck", "type 14; DeviceNonce (08), ProfileSequence (0F) 1, AcknowledgedType (16) InstallReceipt",
                "0114001e080010a0a1a2a3a4a5a6a7a8a9aaabacadaeaf0f000400000001160001125bf26f55c051627f989248f1f5322bb0"
            },
            {
                "ErrorAnswer", "type 7F; RetryAfter (0B) 30, ErrorCause (17) Busy",
                "017f000b0b00040000001e17000108"
            },
        };

        [Theory]
        [MemberData(nameof(Golden))]
        public void Encode_FixedInputs_GivesGoldenBytes(string name, string description, string hex)
        {
            Assert.False(string.IsNullOrEmpty(description));
            Assert.Equal(hex, ToHex(ProtocolSamples.Codec(name).EncodeSample()));
        }

        [Theory]
        [MemberData(nameof(Golden))]
        public void Decode_GoldenBytes_Succeeds(string name, string description, string hex)
        {
            Assert.False(string.IsNullOrEmpty(description));
            byte[] bytes = Hex(hex);
            Assert.Equal(ProtocolResult.Success, ProtocolSamples.Codec(name).Decode(bytes, 0, bytes.Length));
        }

        [Theory]
        [MemberData(nameof(Golden))]
        public void GoldenMac_RecomputedIndependently_Matches(string name, string description, string hex)
        {
            Assert.False(string.IsNullOrEmpty(description));
            byte[] bytes = Hex(hex);
            MessageType type = (MessageType)bytes[1];
            if (!MessageEnvelope.IsAuthenticated(type))
            {
                Assert.Equal(4 + ((bytes[2] << 8) | bytes[3]), bytes.Length);
                return;
            }

            byte[] serverNonce = type == MessageType.UsimPackage ? ProtocolSamples.ServerNonce : Array.Empty<byte>();
            byte[] kMac = ReferenceKey("m2m-mac", ProtocolSamples.DeviceNonce, serverNonce);
            byte[] tag = new byte[16];
            new AesCmac(new Aes128(kMac)).Compute(bytes, 0, bytes.Length - 16, tag, 0);
            Assert.Equal(ToHex(tag), ToHex(bytes[^16..]));
        }

        [Fact]
        public void GoldenPackage_DecryptedIndependently_IsGoldenBody()
        {
            byte[] package = Hex(Golden_Hex("UsimPackage"));
            byte[] body = Hex(Golden_Hex("UsimPackageBody"));

            // EncryptedBody TLV: tag 12 at offset 4 + 19 + 19 + 7 = 49, value from 52.
            Assert.Equal(0x12, package[49]);
            int length = (package[50] << 8) | package[51];
            byte[] ciphertext = package[52..(52 + length)];

            byte[] kEnc = ReferenceKey("m2m-enc", ProtocolSamples.DeviceNonce, ProtocolSamples.ServerNonce);
            using Aes aes = Aes.Create();
            aes.Key = kEnc;
            byte[] counter = new byte[16];
            byte[] plaintext = new byte[length];
            for (int block = 0; block * 16 < length; block++)
            {
                counter[15] = (byte)block;
                byte[] keyStream = aes.EncryptEcb(counter, PaddingMode.None);
                for (int i = 0; i < 16 && (block * 16) + i < length; i++)
                {
                    plaintext[(block * 16) + i] = (byte)(ciphertext[(block * 16) + i] ^ keyStream[i]);
                }
            }

            Assert.Equal(ToHex(body), ToHex(plaintext));
        }

        [Fact]
        public void GoldenPackage_Opened_GivesSampleBody()
        {
            byte[] package = Hex(Golden_Hex("UsimPackage"));
            ProtocolResult result = UsimPackage.TryOpen(
                new MessageProtection(), ProtocolSamples.KsNaf, 0, ProtocolSamples.DeviceNonce, 0, package, 0, package.Length, out UsimPackage opened);
            Assert.Equal(ProtocolResult.Success, result);
            Assert.Equal(1u, opened.ProfileSequence);
            MessageAssert.BodyEqual(ProtocolSamples.MilenageBody(), opened.Body);
        }

        [Fact]
        public void ReferenceKeys_SampleInputs_AreTheDocumentedValues()
        {
            // docs/protocol.md, "Golden examples": the keys of the sample exchange.
            Assert.Equal("2cf8a359965c465fcd866826e6ae8a47", ToHex(ReferenceKey("m2m-mac", ProtocolSamples.DeviceNonce, Array.Empty<byte>())));
            Assert.Equal("46c146c1f97fcb9fc8ffe038c538295a", ToHex(ReferenceKey("m2m-mac", ProtocolSamples.DeviceNonce, ProtocolSamples.ServerNonce)));
            Assert.Equal("72b8c296a5934ca44b1e789512f6f013", ToHex(ReferenceKey("m2m-enc", ProtocolSamples.DeviceNonce, ProtocolSamples.ServerNonce)));
        }

        /// <summary>K = 128 least significant bits of HMAC-SHA-256(Ks_NAF, FE || label || L || Nd || 0010 || Ns || L).</summary>
        internal static byte[] ReferenceKey(string label, byte[] deviceNonce, byte[] serverNonce)
        {
            byte[] labelBytes = System.Text.Encoding.ASCII.GetBytes(label);
            byte[] s = [0xFE, .. labelBytes, 0x00, (byte)labelBytes.Length, .. deviceNonce, 0x00, 0x10, .. serverNonce, 0x00, (byte)serverNonce.Length];
            byte[] derived = HMACSHA256.HashData(ProtocolSamples.KsNaf, s);
            return derived[16..];
        }

        private static string Golden_Hex(string name)
        {
            foreach (object[] row in Golden)
            {
                if ((string)row[0] == name)
                {
                    return (string)row[2];
                }
            }

            throw new ArgumentException(name);
        }
    }
}
