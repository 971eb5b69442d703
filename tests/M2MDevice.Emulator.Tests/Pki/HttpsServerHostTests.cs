using System;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace M2MDevice.Emulator.Tests.Pki
{
    public sealed class HttpsServerHostTests
    {
        [Fact]
        public async Task Start_DynamicPort_ServesOverTlsTrustedOnlyThroughTheCa()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("test.m2m.test");
            await using var host = new HttpsServerHost(new HttpsServerHostOptions { Certificate = certificate }, app => app.MapGet("/hello", () => "hi"));

            Uri address = await host.StartAsync();
            using var trusting = new HttpClient(ca.CreateHttpHandler()) { BaseAddress = address };
            using var platform = new HttpClient { BaseAddress = address };

            Assert.Equal("https", address.Scheme);
            Assert.NotEqual(0, address.Port);
            Assert.Equal("hi", await trusting.GetStringAsync("hello"));
            await Assert.ThrowsAsync<HttpRequestException>(() => platform.GetStringAsync("hello"));
        }

        public static TheoryData<string> BadCertificates() => new TheoryData<string> { "expired", "wrong-host", "other-ca" };

        [Theory]
        [MemberData(nameof(BadCertificates))]
        public async Task Client_BadServerCertificate_HandshakeRefused(string kind)
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            string[] hosts = { "127.0.0.1" };
            using X509Certificate2 certificate = kind switch
            {
                "expired" => ca.IssueExpiredCertificate(hosts),
                "wrong-host" => ca.IssueWrongHostCertificate(),
                _ => ca.IssueFromUnrelatedCa(hosts),
            };
            await using var host = new HttpsServerHost(new HttpsServerHostOptions { Certificate = certificate }, app => app.MapGet("/hello", () => "hi"));
            Uri address = await host.StartAsync();
            using var client = new HttpClient(ca.CreateHttpHandler()) { BaseAddress = address };

            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("hello"));
        }

        [Fact]
        public async Task ClientCertificate_Required_OnlyCaIssuedCertificateGetsThrough()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("vo.m2m.test");
            using X509Certificate2 operatorCertificate = ca.IssueClientCertificate("vo1.m2m.test");
            await using var host = new HttpsServerHost(
                new HttpsServerHostOptions { Certificate = certificate, ClientCertificateAuthority = ca, RequireClientCertificate = true },
                app => app.MapGet("/who", (HttpContext context) => context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false) ?? "nobody"));
            Uri address = await host.StartAsync();

            using SocketsHttpHandler withCertificate = ca.CreateHttpHandler();
            withCertificate.SslOptions.ClientCertificates = new X509CertificateCollection { operatorCertificate };
            using var authenticated = new HttpClient(withCertificate) { BaseAddress = address };
            using var anonymous = new HttpClient(ca.CreateHttpHandler()) { BaseAddress = address };

            Assert.Equal("vo1.m2m.test", await authenticated.GetStringAsync("who"));
            await Assert.ThrowsAnyAsync<Exception>(() => anonymous.GetStringAsync("who"));
        }

        [Fact]
        public async Task Endpoint_Throws_500ProblemWithoutExceptionMessage()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("test.m2m.test");
            await using var host = new HttpsServerHost(
                new HttpsServerHostOptions { Certificate = certificate },
                app => app.MapGet("/boom", (HttpContext context) => throw new InvalidOperationException("secret 00112233445566778899aabbccddeeff")));
            Uri address = await host.StartAsync();
            using var client = new HttpClient(ca.CreateHttpHandler()) { BaseAddress = address };

            using HttpResponseMessage response = await client.GetAsync("boom");
            string body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType.MediaType);
            Assert.Contains("\"code\":\"internal-error\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("0011223344", body, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Stop_ThenRequest_Refused()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("test.m2m.test");
            var host = new HttpsServerHost(new HttpsServerHostOptions { Certificate = certificate }, app => app.MapGet("/hello", () => "hi"));
            Uri address = await host.StartAsync();
            using var client = new HttpClient(ca.CreateHttpHandler()) { BaseAddress = address };
            Assert.Equal("hi", await client.GetStringAsync("hello"));

            await host.StopAsync();

            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("hello"));
        }
    }
}
