using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// HTTPS to the servers of a `m2m serve` child process, trusting only the CA certificate it wrote (ca.crt.pem).
    /// A request that gets no complete answer (connection reset by a kill, refused while the process is down, timeout)
    /// throws <see cref="CrashHttp.NoAnswerException"/>: that request was not acknowledged.
    /// </summary>
    internal sealed class CrashHttp : IDisposable
    {
        private readonly HttpClient client;
        private readonly X509Certificate2 root;

        public CrashHttp(string caPemPath)
        {
            this.root = X509Certificate2.CreateFromPem(File.ReadAllText(caPemPath));
            var handler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromSeconds(30),
                ConnectTimeout = TimeSpan.FromSeconds(10),
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = this.Validate },
            };
            this.client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        }

        public async Task<(HttpStatusCode Status, JsonElement Body)> JsonAsync(HttpMethod method, Uri baseAddress, string path, string token, object body = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body != null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            }

            byte[] answer;
            HttpStatusCode status;
            try
            {
                using HttpResponseMessage response = await this.client.SendAsync(request);
                status = response.StatusCode;
                answer = await response.Content.ReadAsByteArrayAsync();
            }
            catch (Exception exception) when (exception is HttpRequestException || exception is TaskCanceledException || exception is IOException)
            {
                throw new NoAnswerException(exception);
            }

            JsonElement parsed = answer.Length == 0 ? default : JsonDocument.Parse(answer).RootElement.Clone();
            return (status, parsed);
        }

        public async Task<(HttpStatusCode Status, byte[] Body)> BinaryAsync(Uri baseAddress, string path, byte[] message)
        {
            using var content = new ByteArrayContent(message);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            try
            {
                using HttpResponseMessage response = await this.client.PostAsync(new Uri(baseAddress, path), content);
                return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
            }
            catch (Exception exception) when (exception is HttpRequestException || exception is TaskCanceledException || exception is IOException)
            {
                throw new NoAnswerException(exception);
            }
        }

        public void Dispose()
        {
            this.client.Dispose();
            this.root.Dispose();
        }

        private bool Validate(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.Add(this.root);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using X509Certificate2 presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(presented);
        }

        /// <summary>The request got no complete answer: it was not acknowledged.</summary>
        internal sealed class NoAnswerException : Exception
        {
            public NoAnswerException(Exception inner)
                : base("no answer: " + inner.Message, inner)
            {
            }
        }
    }
}
