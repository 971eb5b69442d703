using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Tests.Rs
{
    public sealed class RsBadInputTests : IClassFixture<RsKitFixture>
    {
        private readonly RsKitFixture fixture;

        public RsBadInputTests(RsKitFixture fixture)
        {
            this.fixture = fixture;
        }

        public static TheoryData<string, string, string, string, string> BadRequests() => new TheoryData<string, string, string, string, string>
        {
            // role, path, body, content type, expected code
            { "admin", "admin/v1/manufacturers", "{", "application/json", "invalid-json" },
            { "admin", "admin/v1/manufacturers", "[1]", "application/json", "invalid-json" },
            { "admin", "admin/v1/manufacturers", "{}", "application/json", "missing-field" },
            { "admin", "admin/v1/manufacturers", "{\"name\":\"\"}", "application/json", "invalid-field" },
            { "admin", "admin/v1/manufacturers", "{\"name\":7}", "application/json", "invalid-field" },
            { "admin", "admin/v1/manufacturers", "{\"name\":\"a\",\"extra\":1}", "application/json", "unknown-field" },
            { "admin", "admin/v1/manufacturers", "name=a", "text/plain", "unsupported-content-type" },
            { "admin", "admin/v1/visited-operators", "{\"name\":null}", "application/json", "missing-field" },
            { "admin", "admin/v1/home-operators", "{\"name\":\"h\",\"nafHost\":\"bad host\",\"baseUrl\":\"https://h/\",\"trustAnchor\":\"MA==\"}", "application/json", "invalid-field" },
            { "admin", "admin/v1/home-operators", "{\"name\":\"h\",\"nafHost\":\"h.test\",\"baseUrl\":\"http://h/\",\"trustAnchor\":\"MA==\"}", "application/json", "invalid-field" },
            { "admin", "admin/v1/home-operators", "{\"name\":\"h\",\"nafHost\":\"h.test\",\"baseUrl\":\"https://h/\",\"trustAnchor\":\"MA==\"}", "application/json", "invalid-field" },
            { "admin", "admin/v1/home-operators", "{\"name\":\"h\",\"nafHost\":\"h.test\",\"baseUrl\":\"https://h/\",\"trustAnchor\":\"not base64!\"}", "application/json", "invalid-field" },
            { "manufacturer", "manufacturing/v1/batches", "{\"count\":0}", "application/json", "invalid-field" },
            { "manufacturer", "manufacturing/v1/batches", "{\"count\":1001}", "application/json", "invalid-field" },
            { "manufacturer", "manufacturing/v1/batches", "{\"count\":1.5}", "application/json", "invalid-field" },
            { "manufacturer", "manufacturing/v1/batches", "{\"count\":1,\"algorithm\":\"comp128\"}", "application/json", "invalid-field" },
            { "manufacturer", "manufacturing/v1/batches", "{\"count\":\"1\"}", "application/json", "invalid-field" },
            { "vo", "roaming/v1/authentication-info", "{}", "application/json", "missing-field" },
            { "vo", "roaming/v1/authentication-info", "{\"imsi\":\"00101abc\"}", "application/json", "invalid-field" },
            { "vo", "roaming/v1/authentication-info", "{\"imsi\":\"001010000000100\",\"count\":6}", "application/json", "invalid-field" },
            { "vo", "roaming/v1/authentication-info", "{\"imsi\":\"001010000000100\",\"rand\":\"00112233445566778899aabbccddeeff\"}", "application/json", "invalid-resync" },
            { "vo", "roaming/v1/authentication-info", "{\"imsi\":\"001010000000100\",\"rand\":\"0011\",\"auts\":\"0011223344556677889900112233\"}", "application/json", "invalid-field" },
            { "vo", "roaming/v1/authentication-info", "{\"imsi\":\"001010000000100\",\"rand\":\"zz112233445566778899aabbccddeeff\",\"auts\":\"0011223344556677889900112233\"}", "application/json", "invalid-field" },
            { "ho", "zn/v1/associations", "{\"device\":\"x\"}", "application/json", "unknown-field" },
            { "ho", "zn/v1/associations", "{}", "application/json", "missing-field" },
            { "ho", "zn/v1/naf-keys", "{\"btid\":\"\"}", "application/json", "invalid-field" },
            { "ho", "zn/v1/outcomes", "{\"deviceId\":\"d\",\"outcome\":\"maybe\"}", "application/json", "invalid-field" },
            { "ho", "zn/v1/outcomes", "{\"deviceId\":\"d\"}", "application/json", "missing-field" },
        };

        [Theory]
        [MemberData(nameof(BadRequests))]
        public async Task Endpoint_BadInput_400WithCodeAndNothingStored(string role, string path, string body, string contentType, string code)
        {
            RsTestKit kit = this.fixture.Kit;
            string before = kit.Snapshot();

            RsTestKit.Reply reply = await kit.SendAsync(HttpMethod.Post, path, TokenOf(kit, role), body, contentType);

            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal(code, reply.Code);
            Assert.False(string.IsNullOrWhiteSpace(reply.Json.GetProperty("detail").GetString()));
            Assert.Equal(before, kit.Snapshot());
        }

        [Fact]
        public async Task Endpoint_BodyTooLarge_400()
        {
            RsTestKit kit = this.fixture.Kit;

            RsTestKit.Reply reply = await kit.SendAsync(HttpMethod.Post, "admin/v1/manufacturers", kit.Server.AdminToken, "{\"name\":\"" + new string('a', 70_000) + "\"}", "application/json");

            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal("body-too-large", reply.Code);
        }

        [Theory]
        [InlineData(null, HttpStatusCode.Unauthorized, "missing-token")]
        [InlineData("not-a-token", HttpStatusCode.Unauthorized, "invalid-token")]
        [InlineData("vo", HttpStatusCode.Forbidden, "wrong-role")]
        [InlineData("ho", HttpStatusCode.Forbidden, "wrong-role")]
        public async Task Batch_WrongCredentials_RefusedAndNothingStored(string role, HttpStatusCode status, string code)
        {
            RsTestKit kit = this.fixture.Kit;
            string before = kit.Snapshot();

            RsTestKit.Reply reply = await kit.SendAsync(HttpMethod.Post, "manufacturing/v1/batches", TokenOf(kit, role), "{\"count\":1}", "application/json");

            Assert.Equal(status, reply.Status);
            Assert.Equal(code, reply.Code);
            Assert.Equal(before, kit.Snapshot());
            if (status == HttpStatusCode.Unauthorized)
            {
                Assert.Equal("Bearer", reply.WwwAuthenticate);
            }
        }

        [Theory]
        [InlineData("admin/v1/home-operators", "manufacturer")]
        [InlineData("roaming/v1/authentication-info", "ho")]
        [InlineData("zn/v1/naf-keys", "vo")]
        [InlineData("zn/v1/outcomes", "manufacturer")]
        public async Task Endpoint_TokenOfAnotherRole_403(string path, string role)
        {
            RsTestKit kit = this.fixture.Kit;

            RsTestKit.Reply reply = await kit.SendAsync(HttpMethod.Post, path, TokenOf(kit, role), "{}", "application/json");

            Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
            Assert.Equal("wrong-role", reply.Code);
        }

        [Fact]
        public async Task UnknownRoute_404ProblemDetails()
        {
            RsTestKit kit = this.fixture.Kit;

            RsTestKit.Reply reply = await kit.SendAsync(HttpMethod.Get, "no/such/thing", null, null, null);

            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal("not-found", reply.Code);
        }

        [Fact]
        public async Task Logs_AfterBatchAndSai_ContainNoSecret()
        {
            await using RsTestKit kit = await RsTestKit.StartAsync();
            TestDevice device = (await kit.RegisterBatchAsync(1))[0];
            RsTestKit.Reply sai = await kit.SaiAsync(kit.VoToken, device.Pimsi, 2);

            Assert.NotEmpty(kit.Logs.Lines);
            foreach (string line in kit.Logs.Lines)
            {
                Assert.DoesNotContain(Convert.ToHexStringLower(device.K), line, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToHexStringLower(device.Opc), line, StringComparison.OrdinalIgnoreCase);
                foreach (var vector in sai.Json.GetProperty("vectors").EnumerateArray())
                {
                    foreach (string secret in new[] { "xres", "ck", "ik" })
                    {
                        Assert.DoesNotContain(vector.GetProperty(secret).GetString(), line, StringComparison.OrdinalIgnoreCase);
                    }
                }

                Assert.DoesNotContain(kit.VoToken, line, StringComparison.Ordinal);
            }
        }

        internal static string TokenOf(RsTestKit kit, string role) => role switch
        {
            "admin" => kit.Server.AdminToken,
            "manufacturer" => kit.ManufacturerToken,
            "vo" => kit.VoToken,
            "ho" => kit.HoToken,
            null => null,
            _ => role,
        };
    }
}
