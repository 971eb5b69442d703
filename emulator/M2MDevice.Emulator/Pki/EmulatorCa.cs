using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace M2MDevice.Emulator.Pki
{
    /// <summary>
    /// The emulator's certificate authority: a self-signed ECDSA P-256 root (RFC 5280) that issues the TLS server
    /// certificates of RS, HO and the other servers, and whose certificate is the trust anchor written into device
    /// key stores. Persisted as PEM in a data directory (ca.crt.pem, ca.key.pem) or kept in memory. Also issues
    /// the deliberately bad certificates of the adversarial tests (expired, wrong host, unrelated CA), one call each.
    /// Thread-safe after construction.
    /// </summary>
    public sealed class EmulatorCa : IDisposable
    {
        /// <summary>File name of the CA certificate (PEM) in the data directory.</summary>
        public const string CertificateFileName = "ca.crt.pem";

        /// <summary>File name of the CA private key (PKCS#8 PEM) in the data directory.</summary>
        public const string KeyFileName = "ca.key.pem";

        /// <summary>Default subject common name of the root.</summary>
        public const string DefaultName = "M2MDevice Emulator Root CA";

        /// <summary>The host name of <see cref="IssueWrongHostCertificate"/>.</summary>
        public const string WrongHostName = "wrong-host.m2m.test";

        private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1"; // RFC 5280 4.2.1.12: id-kp-serverAuth
        private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2"; // RFC 5280 4.2.1.12: id-kp-clientAuth

        private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan RootValidity = TimeSpan.FromDays(3650);
        private static readonly TimeSpan ServerValidity = TimeSpan.FromDays(365);

        private readonly X509Certificate2 certificate;
        private readonly ECDsa key;
        private readonly TimeProvider clock;

        private EmulatorCa(X509Certificate2 certificate, ECDsa key, TimeProvider clock)
        {
            this.certificate = certificate;
            this.key = key;
            this.clock = clock;
        }

        /// <summary>The root certificate (public part only).</summary>
        public X509Certificate2 Certificate => this.certificate;

        /// <summary>The root's subject name.</summary>
        public string Name => this.certificate.GetNameInfo(X509NameType.SimpleName, false);

        /// <summary>Creates a new root kept only in memory (tests, demo).</summary>
        public static EmulatorCa CreateInMemory(string name = DefaultName, TimeProvider clock = null)
        {
            clock ??= TimeProvider.System;
            ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            DateTimeOffset now = clock.GetUtcNow();
            var request = new CertificateRequest(new X500DistinguishedName("CN=" + name + ", O=M2MDevice"), key, HashAlgorithmName.SHA256);

            // RFC 5280 4.2.1.9 and 4.2.1.3: a CA certificate with keyCertSign and cRLSign.
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using X509Certificate2 selfSigned = request.CreateSelfSigned(now - Backdate, now + RootValidity);
            X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
            return new EmulatorCa(publicOnly, key, clock);
        }

        /// <summary>
        /// Loads the root from <paramref name="directory"/>, or creates it there on first run (the key file is
        /// readable by the owner only where the platform allows).
        /// </summary>
        public static EmulatorCa LoadOrCreate(string directory, string name = DefaultName, TimeProvider clock = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(directory);
            Directory.CreateDirectory(directory);
            string certificatePath = Path.Combine(directory, CertificateFileName);
            string keyPath = Path.Combine(directory, KeyFileName);
            if (File.Exists(certificatePath) && File.Exists(keyPath))
            {
                X509Certificate2 loaded = X509CertificateLoader.LoadCertificate(DecodePem(File.ReadAllText(certificatePath)));
                ECDsa loadedKey = ECDsa.Create();
                loadedKey.ImportFromPem(File.ReadAllText(keyPath));
                return new EmulatorCa(loaded, loadedKey, clock ?? TimeProvider.System);
            }

            EmulatorCa created = CreateInMemory(name, clock);
            WriteSecretFile(keyPath, created.key.ExportPkcs8PrivateKeyPem());

            // The certificate, written last and renamed into place, marks the pair complete: a kill before that leaves
            // no certificate and the next start creates the CA again instead of failing on a truncated file.
            string temporary = certificatePath + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(created.ExportPem());
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, certificatePath, overwrite: true);
            return created;
        }

        /// <summary>The root certificate as DER (the trust anchor form of device key stores and the protocol).</summary>
        public byte[] ExportDer()
        {
            return this.certificate.RawData;
        }

        /// <summary>The root certificate as PEM (AT+CCERTDOWN, files, curl --cacert).</summary>
        public string ExportPem()
        {
            return this.certificate.ExportCertificatePem();
        }

        /// <summary>
        /// Issues a TLS server certificate (with its private key) for every name in <paramref name="hostNames"/>:
        /// IP literals become IP SANs, the rest DNS SANs (RFC 5280 4.2.1.6). The first name is the subject CN.
        /// Valid from now minus 5 minutes for <paramref name="validity"/> (default 365 days).
        /// </summary>
        public X509Certificate2 IssueServerCertificate(IReadOnlyList<string> hostNames, TimeSpan? validity = null)
        {
            DateTimeOffset now = this.clock.GetUtcNow();
            return this.Issue(hostNames, now - Backdate, now + (validity ?? ServerValidity));
        }

        /// <summary>
        /// Issues a server certificate for RS/HO-style hosts: <paramref name="hostName"/> plus "localhost" and the
        /// loopback literals 127.0.0.1 and ::1.
        /// </summary>
        public X509Certificate2 IssueLoopbackServerCertificate(string hostName)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
            return this.IssueServerCertificate(new[] { hostName, "localhost", "127.0.0.1", "::1" });
        }

        /// <summary>
        /// Issues a TLS client certificate (clientAuth EKU) with subject CN <paramref name="subjectName"/>, for
        /// operator authentication by client certificate (ARCHITECTURE 3.2).
        /// </summary>
        public X509Certificate2 IssueClientCertificate(string subjectName)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(subjectName);
            DateTimeOffset now = this.clock.GetUtcNow();
            return this.Issue(new[] { subjectName }, now - Backdate, now + ServerValidity, ClientAuthOid);
        }

        /// <summary>Adversarial: a certificate for the given hosts that expired yesterday (valid two days ago to one day ago).</summary>
        public X509Certificate2 IssueExpiredCertificate(IReadOnlyList<string> hostNames)
        {
            DateTimeOffset now = this.clock.GetUtcNow();
            return this.Issue(hostNames, now - TimeSpan.FromDays(2), now - TimeSpan.FromDays(1));
        }

        /// <summary>Adversarial: a valid certificate from this CA naming only <see cref="WrongHostName"/>.</summary>
        public X509Certificate2 IssueWrongHostCertificate()
        {
            return this.IssueServerCertificate(new[] { WrongHostName });
        }

        /// <summary>
        /// Adversarial: a valid certificate for the given hosts from a second, unrelated root (created for this call
        /// and discarded): right names and dates, wrong trust anchor.
        /// </summary>
        public X509Certificate2 IssueFromUnrelatedCa(IReadOnlyList<string> hostNames)
        {
            using EmulatorCa other = CreateInMemory("Unrelated Root CA", this.clock);
            return other.IssueServerCertificate(hostNames);
        }

        /// <summary>
        /// Validates a server certificate the way a client that trusts only this root does: chain to this root
        /// (custom root trust, no system roots, no revocation), validity at the clock's time, and the host name
        /// (DNS or IP SAN). Returns SslPolicyErrors.None when acceptable.
        /// </summary>
        public SslPolicyErrors Validate(X509Certificate2 serverCertificate, string hostName)
        {
            ArgumentNullException.ThrowIfNull(serverCertificate);
            SslPolicyErrors errors = SslPolicyErrors.None;
            if (!this.ChainsToRoot(serverCertificate))
            {
                errors |= SslPolicyErrors.RemoteCertificateChainErrors;
            }

            if (hostName != null && !serverCertificate.MatchesHostname(hostName, allowWildcards: false, allowCommonName: false))
            {
                errors |= SslPolicyErrors.RemoteCertificateNameMismatch;
            }

            return errors;
        }

        /// <summary>
        /// A RemoteCertificateValidationCallback-compatible check for SslStream and HttpClientHandler: the
        /// platform's name check result is kept, the chain is rebuilt against this root only.
        /// </summary>
        public bool ValidateServerCallback(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if (certificate == null)
            {
                return false;
            }

            using X509Certificate2 presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                return false;
            }

            return this.ChainsToRoot(presented);
        }

        /// <summary>
        /// A handler that trusts only this root (plus the platform's host name check). Issue 8: the TLS stack builds the
        /// one chain against this root only (<see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/>, custom
        /// root trust, never the system store) and the callback reads that chain: the verdicts of
        /// <see cref="ValidateServerCallback"/> without a second chain build. Validity is checked at this CA's clock when
        /// each handshake is validated (the policy's own verification time would be frozen when the handler is made).
        /// </summary>
        public SocketsHttpHandler CreateHttpHandler()
        {
            var handler = new SocketsHttpHandler();
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.Add(this.certificate);
            handler.SslOptions.CertificateChainPolicy = policy;
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => this.ValidateBuiltServerChain(certificate, chain, errors);
            return handler;
        }

        /// <summary>
        /// The check of <see cref="ValidateServerCallback"/> on a chain the TLS stack built with this root as the only
        /// trust anchor: name and presence from the platform, chain complete and ending at this root, and every
        /// certificate within its validity at the clock's time (the build's own time verdict is replaced by that).
        /// </summary>
        private bool ValidateBuiltServerChain(X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if (certificate == null || chain == null || chain.ChainElements.Count < 2)
            {
                return false;
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                return false;
            }

            foreach (X509ChainStatus status in chain.ChainStatus)
            {
                if (status.Status != X509ChainStatusFlags.NoError && status.Status != X509ChainStatusFlags.NotTimeValid)
                {
                    return false;
                }
            }

            X509Certificate2 root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            if (!root.RawData.AsSpan().SequenceEqual(this.certificate.RawData))
            {
                return false;
            }

            DateTime now = this.clock.GetUtcNow().UtcDateTime;
            foreach (X509ChainElement element in chain.ChainElements)
            {
                if (now < element.Certificate.NotBefore.ToUniversalTime() || now > element.Certificate.NotAfter.ToUniversalTime())
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when <paramref name="certificate"/> chains to this root and is within its validity at the clock's time.</summary>
        public bool ChainsToRoot(X509Certificate2 certificate)
        {
            ArgumentNullException.ThrowIfNull(certificate);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(this.certificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = this.clock.GetUtcNow().UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            bool valid = chain.Build(certificate);
            if (!valid || chain.ChainElements.Count < 2)
            {
                return false;
            }

            X509Certificate2 root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            return root.RawData.AsSpan().SequenceEqual(this.certificate.RawData);
        }

        /// <summary>Releases the CA key.</summary>
        public void Dispose()
        {
            this.key.Dispose();
            this.certificate.Dispose();
        }

        private X509Certificate2 Issue(IReadOnlyList<string> hostNames, DateTimeOffset notBefore, DateTimeOffset notAfter, string usageOid = ServerAuthOid)
        {
            ArgumentNullException.ThrowIfNull(hostNames);
            if (hostNames.Count == 0)
            {
                throw new ArgumentException("at least one host name is required", nameof(hostNames));
            }

            var sans = new SubjectAlternativeNameBuilder();
            foreach (string host in hostNames)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(host, nameof(hostNames));
                if (IPAddress.TryParse(host, out IPAddress address))
                {
                    sans.AddIpAddress(address);
                }
                else
                {
                    sans.AddDnsName(host);
                }
            }

            using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(new X500DistinguishedName("CN=" + hostNames[0] + ", O=M2MDevice"), serverKey, HashAlgorithmName.SHA256);

            // RFC 5280 4.2.1.9/4.2.1.3/4.2.1.12: an end entity for TLS server authentication.
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(usageOid) }, false));
            request.CertificateExtensions.Add(sans.Build(false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(this.certificate, true, false));

            byte[] serial = new byte[16];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7F; // RFC 5280 4.1.2.2: a positive serial number.
            DateTimeOffset rootNotAfter = this.certificate.NotAfter.ToUniversalTime();
            if (notAfter > rootNotAfter)
            {
                notAfter = rootNotAfter;
            }

            var generator = X509SignatureGenerator.CreateForECDsa(this.key);
            using X509Certificate2 issued = request.Create(this.certificate.SubjectName, generator, notBefore, notAfter, serial);
            using X509Certificate2 withKey = issued.CopyWithPrivateKey(serverKey);

            // Round trip through PKCS#12 so the key is usable by SslStream on every platform.
            byte[] pfx = withKey.Export(X509ContentType.Pkcs12);
            return X509CertificateLoader.LoadPkcs12(pfx, null, X509KeyStorageFlags.Exportable);
        }

        private static byte[] DecodePem(string pem)
        {
            PemFields fields = PemEncoding.Find(pem);
            return Convert.FromBase64String(pem[fields.Base64Data]);
        }

        private static void WriteSecretFile(string path, string contents)
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            using var writer = new StreamWriter(stream);
            writer.Write(contents);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
    }
}
