using System;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Tests.Rs;
using M2MDevice.Protocol;

namespace M2MDevice.Emulator.Tests.Ho
{
    public sealed class HoBadInputTests : IClassFixture<HoKitFixture>
    {
        private readonly HoKitFixture fixture;

        public HoBadInputTests(HoKitFixture fixture)
        {
            this.fixture = fixture;
        }

        public static TheoryData<string, string, string, string, string> BadRequests() => new TheoryData<string, string, string, string, string>
        {
            // role, path, body, content type, expected code
            { "admin", "admin/v1/owners", "{", "application/json", "invalid-json" },
            { "admin", "admin/v1/owners", "[1]", "application/json", "invalid-json" },
            { "admin", "admin/v1/owners", "{}", "application/json", "missing-field" },
            { "admin", "admin/v1/owners", "{\"name\":\"\"}", "application/json", "invalid-field" },
            { "admin", "admin/v1/owners", "{\"name\":\"   \"}", "application/json", "invalid-field" },
            { "admin", "admin/v1/owners", "{\"name\":\"a\",\"extra\":1}", "application/json", "unknown-field" },
            { "admin", "admin/v1/owners", "name=a", "text/plain", "unsupported-content-type" },
            { "admin", "admin/v1/visited-operators", "{\"name\":null}", "application/json", "missing-field" },
            { "admin", "admin/v1/visited-operators", "{\"name\":5}", "application/json", "invalid-field" },
            { "owner", "owner/v1/devices", "{}", "application/json", "missing-field" },
            { "owner", "owner/v1/devices", "{\"deviceId\":\"\"}", "application/json", "invalid-field" },
            { "owner", "owner/v1/devices", "{\"deviceId\":\"dev 1\"}", "application/json", "invalid-field" },
            { "owner", "owner/v1/devices", "{\"deviceId\":\"dev-\\u00e9\"}", "application/json", "invalid-field" },
            { "owner", "owner/v1/devices", "{\"deviceId\":\"" + new string('d', 65) + "\"}", "application/json", "invalid-field" },
            { "owner", "owner/v1/devices", "{\"deviceId\":[\"a\"]}", "application/json", "invalid-field" },
            { "owner", "owner/v1/devices", "{\"pimsi\":\"001010000000100\"}", "application/json", "unknown-field" },
            { "vo", HoApi.AuthenticationInfoPath, "{}", "application/json", "missing-field" },
            { "vo", HoApi.AuthenticationInfoPath, "{\"imsi\":\"99901abc\"}", "application/json", "invalid-field" },
            { "vo", HoApi.AuthenticationInfoPath, "{\"imsi\":\"999010000001000\",\"count\":6}", "application/json", "invalid-field" },
            { "vo", HoApi.AuthenticationInfoPath, "{\"imsi\":\"999010000001000\",\"count\":0}", "application/json", "invalid-field" },
            { "vo", HoApi.AuthenticationInfoPath, "{\"imsi\":\"999010000001000\",\"rand\":\"00112233445566778899aabbccddeeff\"}", "application/json", "invalid-resync" },
            { "vo", HoApi.AuthenticationInfoPath, "{\"imsi\":\"999010000001000\",\"rand\":\"0011\",\"auts\":\"0011223344556677889900112233\"}", "application/json", "invalid-field" },
            { "vo", HoApi.AuthenticationInfoPath, "{\"imsi\":\"999010000001000\",\"rand\":\"zz112233445566778899aabbccddeeff\",\"auts\":\"0011223344556677889900112233\"}", "application/json", "invalid-field" },
            { "vo", HoApi.AuthenticationInfoPath, "{\"imsi\":\"999010000001000\",\"rand\":\"00112233445566778899aabbccddeeff\",\"auts\":\"0011\"}", "application/json", "invalid-field" },
            { "vo", HoApi.AuthenticationInfoPath, "{\"imsi\":\"999010000001000\",\"k\":\"00\"}", "application/json", "unknown-field" },
        };

        [Theory]
        [MemberData(nameof(BadRequests))]
        public async Task Endpoint_BadJson_400WithCodeAndNothingStored(string role, string path, string body, string contentType, string code)
        {
            HoTestKit.Operator ho = this.fixture.Kit.Ho;
            string before = ho.Snapshot();

            RsTestKit.Reply reply = await ho.SendAsync(HttpMethod.Post, path, this.TokenOf(role), body, contentType);

            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal(code, reply.Code);
            Assert.False(string.IsNullOrWhiteSpace(reply.Json.GetProperty("detail").GetString()));
            Assert.Equal(before, ho.Snapshot());
        }

        [Theory]
        [InlineData(null, "admin/v1/owners", HttpStatusCode.Unauthorized, "missing-token")]
        [InlineData("not-a-token", "admin/v1/owners", HttpStatusCode.Unauthorized, "invalid-token")]
        [InlineData("owner", "admin/v1/owners", HttpStatusCode.Forbidden, "wrong-role")]
        [InlineData("vo", "owner/v1/devices", HttpStatusCode.Forbidden, "wrong-role")]
        [InlineData("admin", HoApi.AuthenticationInfoPath, HttpStatusCode.Forbidden, "wrong-role")]
        [InlineData("owner", HoApi.AuthenticationInfoPath, HttpStatusCode.Forbidden, "wrong-role")]
        public async Task Endpoint_WrongCredentials_RefusedAndNothingStored(string role, string path, HttpStatusCode status, string code)
        {
            HoTestKit.Operator ho = this.fixture.Kit.Ho;
            string before = ho.Snapshot();

            RsTestKit.Reply reply = await ho.PostAsync(path, role == "not-a-token" ? role : this.TokenOf(role), new { name = "x" });

            Assert.Equal(status, reply.Status);
            Assert.Equal(code, reply.Code);
            Assert.Equal(before, ho.Snapshot());
        }

        [Fact]
        public async Task Sai_UnknownImsi_404UnknownSubscriber()
        {
            HoTestKit.Operator ho = this.fixture.Kit.Ho;
            string before = ho.Snapshot();

            RsTestKit.Reply reply = await ho.SaiAsync("999010000009999");

            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal("unknown-subscriber", reply.Code);
            Assert.Equal(before, ho.Snapshot());
        }

        public static TheoryData<string, string> MalformedMessages() => new TheoryData<string, string>
        {
            // path, hex body
            { HoApi.PackagePath, "01" },
            { HoApi.PackagePath, "01100000" },
            { HoApi.PackagePath, "0110ffff" },
            { HoApi.PackagePath, "0112000000000000000000000000000000000000" },
            { HoApi.NotificationPath, "01100000" },
            { HoApi.NotificationPath, "01120003ff0000" + "00000000000000000000000000000000" },
            { HoApi.NotificationPath, "017f0000" },
            { HoApi.NotificationPath, "01050000" },
        };

        [Theory]
        [MemberData(nameof(MalformedMessages))]
        public async Task DeviceEndpoint_Malformed_400MalformedAndNothingStored(string path, string hex)
        {
            HoTestKit.Operator ho = this.fixture.Kit.Ho;
            string before = ho.Snapshot();

            (HttpStatusCode status, byte[] body) = await ho.PostBinaryAsync(path, Convert.FromHexString(hex));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(ErrorCause.MalformedRequest, DeviceBootstrapClient.CauseOf(body));
            Assert.Equal(before, ho.Snapshot());
        }

        [Theory]
        [InlineData(HoApi.PackagePath)]
        [InlineData(HoApi.NotificationPath)]
        public async Task DeviceEndpoint_WrongVersionOrContentType_Refused(string path)
        {
            HoTestKit.Operator ho = this.fixture.Kit.Ho;
            string before = ho.Snapshot();
            byte[] valid = this.fixture.Device.EncodePackageRequest(RandomNumberGenerator.GetBytes(16));
            byte[] otherVersion = (byte[])valid.Clone();
            otherVersion[0] = 2;

            (HttpStatusCode versionStatus, byte[] versionBody) = await ho.PostBinaryAsync(path, otherVersion);
            (HttpStatusCode typeStatus, byte[] typeBody) = await ho.PostBinaryAsync(path, valid, "application/json");
            (HttpStatusCode emptyStatus, byte[] emptyBody) = await ho.PostBinaryAsync(path, Array.Empty<byte>());

            Assert.Equal(HttpStatusCode.BadRequest, versionStatus);
            Assert.Equal(ErrorCause.UnsupportedVersion, DeviceBootstrapClient.CauseOf(versionBody));
            Assert.Equal(HttpStatusCode.BadRequest, typeStatus);
            Assert.Equal(ErrorCause.MalformedRequest, DeviceBootstrapClient.CauseOf(typeBody));
            Assert.Equal(HttpStatusCode.BadRequest, emptyStatus);
            Assert.Equal(ErrorCause.MalformedRequest, DeviceBootstrapClient.CauseOf(emptyBody));
            Assert.Equal(before, ho.Snapshot());
        }

        [Fact]
        public async Task Package_WrongMac_403AuthenticationFailedNothingStored()
        {
            HoTestKit.Operator ho = this.fixture.Kit.Ho;
            string before = ho.Snapshot();
            byte[] request = this.fixture.Device.EncodePackageRequest(RandomNumberGenerator.GetBytes(16));
            request[^1] ^= 0x01;
            byte[] receipt = this.fixture.Device.EncodeReceipt(RandomNumberGenerator.GetBytes(16), 1);
            receipt[^3] ^= 0x80;

            (HttpStatusCode status, byte[] body) = await ho.PostBinaryAsync(HoApi.PackagePath, request);
            (HttpStatusCode receiptStatus, byte[] receiptBody) = await ho.PostBinaryAsync(HoApi.NotificationPath, receipt);

            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal(ErrorCause.AuthenticationFailed, DeviceBootstrapClient.CauseOf(body));
            Assert.Equal(HttpStatusCode.Forbidden, receiptStatus);
            Assert.Equal(ErrorCause.AuthenticationFailed, DeviceBootstrapClient.CauseOf(receiptBody));
            Assert.Equal(before, ho.Snapshot());
        }

        [Fact]
        public async Task Package_UnknownBTid_404UnknownBTidNothingStored()
        {
            HoTestKit.Operator ho = this.fixture.Kit.Ho;
            string before = ho.Snapshot();
            var request = new PackageRequest
            {
                BTid = Encoding.ASCII.GetBytes("AAAAAAAAAAAAAAAAAAAAAA==@rs.m2m.test"),
                DeviceNonce = RandomNumberGenerator.GetBytes(16),
            };
            byte[] message = DeviceBootstrapClient.Encode(b => (request.Encode(new MessageProtection(), new byte[32], 0, b, 0, b.Length, out int n), n));

            (HttpStatusCode status, byte[] body) = await ho.PostBinaryAsync(HoApi.PackagePath, message);

            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(ErrorCause.UnknownBTid, DeviceBootstrapClient.CauseOf(body));
            Assert.Equal(before, ho.Snapshot());
        }

        [Fact]
        public async Task Owner_UnknownDeviceLookup_404()
        {
            HoTestKit.Operator ho = this.fixture.Kit.Ho;

            RsTestKit.Reply reply = await ho.SendAsync(HttpMethod.Get, "owner/v1/devices/dev-nothere", ho.OwnerToken, null, null);
            RsTestKit.Reply route = await ho.SendAsync(HttpMethod.Get, "owner/v2/devices", ho.OwnerToken, null, null);

            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal("unknown-device", reply.Code);
            Assert.Equal(HttpStatusCode.NotFound, route.Status);
            Assert.Equal("not-found", route.Code);
        }

        private string TokenOf(string role)
        {
            HoTestKit.Operator ho = this.fixture.Kit.Ho;
            return role switch
            {
                "admin" => ho.Server.AdminToken,
                "owner" => ho.OwnerToken,
                "vo" => ho.VoToken,
                _ => null,
            };
        }
    }
}
