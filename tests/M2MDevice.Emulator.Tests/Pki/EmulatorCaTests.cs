using System;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;

namespace M2MDevice.Emulator.Tests.Pki
{
    public sealed class EmulatorCaTests
    {
        [Theory]
        [InlineData("rs.m2m.test")]
        [InlineData("localhost")]
        [InlineData("127.0.0.1")]
        [InlineData("::1")]
        public void LoopbackServerCertificate_EveryName_ValidatesAgainstTheRoot(string host)
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueLoopbackServerCertificate("rs.m2m.test");

            Assert.True(certificate.HasPrivateKey);
            Assert.Equal(SslPolicyErrors.None, ca.Validate(certificate, host));
        }

        [Fact]
        public void Root_IsCaWithP256AndExportsMatchingDerAndPem()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();

            X509BasicConstraintsExtension constraints = Assert.IsType<X509BasicConstraintsExtension>(ca.Certificate.Extensions["2.5.29.19"]);
            Assert.True(constraints.CertificateAuthority);
            Assert.Equal("1.2.840.10045.2.1", ca.Certificate.PublicKey.Oid.Value); // id-ecPublicKey
            Assert.False(ca.Certificate.HasPrivateKey);
            Assert.Equal(ca.ExportDer(), X509Certificate2.CreateFromPem(ca.ExportPem()).RawData);
            Assert.Equal(0x30, ca.ExportDer()[0]);
        }

        [Fact]
        public void ExpiredCertificate_Validate_ChainErrors()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueExpiredCertificate(new[] { "rs.m2m.test" });

            Assert.True(certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow);
            Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, ca.Validate(certificate, "rs.m2m.test"));
        }

        [Fact]
        public void WrongHostCertificate_Validate_NameMismatchOnly()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueWrongHostCertificate();

            Assert.Equal(SslPolicyErrors.RemoteCertificateNameMismatch, ca.Validate(certificate, "rs.m2m.test"));
            Assert.Equal(SslPolicyErrors.None, ca.Validate(certificate, EmulatorCa.WrongHostName));
        }

        [Fact]
        public void UnrelatedCaCertificate_Validate_ChainErrors()
        {
            using EmulatorCa ca = EmulatorCa.CreateInMemory();
            using X509Certificate2 certificate = ca.IssueFromUnrelatedCa(new[] { "rs.m2m.test" });

            Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, ca.Validate(certificate, "rs.m2m.test"));
        }

        [Fact]
        public void Certificate_ClockPastExpiry_FailsValidation()
        {
            var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
            using EmulatorCa ca = EmulatorCa.CreateInMemory(clock: clock);
            using X509Certificate2 certificate = ca.IssueServerCertificate(new[] { "rs.m2m.test" }, TimeSpan.FromDays(1));

            clock.Advance(TimeSpan.FromDays(2));

            Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, ca.Validate(certificate, "rs.m2m.test"));
        }

        [Fact]
        public void LoadOrCreate_SecondRun_SameRootThatStillIssues()
        {
            string directory = Path.Combine(Path.GetTempPath(), "m2m-ca-" + Guid.NewGuid().ToString("N"));
            try
            {
                byte[] first;
                using (EmulatorCa created = EmulatorCa.LoadOrCreate(directory))
                {
                    first = created.ExportDer();
                }

                using EmulatorCa loaded = EmulatorCa.LoadOrCreate(directory);
                using X509Certificate2 certificate = loaded.IssueLoopbackServerCertificate("ho1.m2m.test");

                Assert.Equal(first, loaded.ExportDer());
                Assert.Equal(SslPolicyErrors.None, loaded.Validate(certificate, "ho1.m2m.test"));
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, EmulatorCa.KeyFileName)));
                }
            }
            finally
            {
                Directory.Delete(directory, true);
            }
        }
    }
}
