using System;
using System.Security.Cryptography.X509Certificates;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// Validates a TLS server certificate as a modem with uploaded CA files does: the chain must end at one of
    /// the given anchors only (X509ChainTrustMode.CustomRootTrust, no system roots, no revocation), every
    /// certificate must be valid at the clock's time, and the host name must match (RFC 6125, checked by the
    /// caller's TLS stack or by <see cref="MatchesHost"/>).
    /// </summary>
    public static class TrustAnchorValidator
    {
        /// <summary>Checks the chain and validity of certificate against anchors; nameMatches is the host name check.</summary>
        public static TlsValidationResult Validate(X509Certificate certificate, X509Certificate2Collection anchors, bool nameMatches, TimeProvider clock)
        {
            ArgumentNullException.ThrowIfNull(clock);
            if (certificate == null)
            {
                return TlsValidationResult.NoCertificate;
            }

            if (anchors == null || anchors.Count == 0)
            {
                return TlsValidationResult.NoTrustAnchor;
            }

            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            bool built = chain.Build(leaf);
            if (!built)
            {
                foreach (X509ChainStatus status in chain.ChainStatus)
                {
                    if (status.Status == X509ChainStatusFlags.NotTimeValid)
                    {
                        return TlsValidationResult.NotTimeValid;
                    }
                }

                return TlsValidationResult.UntrustedChain;
            }

            return AnchoredVerdict(chain, anchors, nameMatches);
        }

        /// <summary>
        /// As <see cref="Validate(X509Certificate, X509Certificate2Collection, bool, TimeProvider)"/> for a chain the TLS
        /// stack already built with <see cref="CreateChainPolicy"/> (custom root trust = anchors, no revocation, the
        /// clock's time): the same verdicts without building the chain a second time.
        /// </summary>
        public static TlsValidationResult ValidateBuilt(X509Certificate certificate, X509Chain chain, X509Certificate2Collection anchors, bool nameMatches)
        {
            if (certificate == null)
            {
                return TlsValidationResult.NoCertificate;
            }

            if (anchors == null || anchors.Count == 0)
            {
                return TlsValidationResult.NoTrustAnchor;
            }

            if (chain == null || chain.ChainElements.Count == 0)
            {
                return TlsValidationResult.UntrustedChain;
            }

            bool built = true;
            foreach (X509ChainStatus status in chain.ChainStatus)
            {
                if (status.Status == X509ChainStatusFlags.NotTimeValid)
                {
                    return TlsValidationResult.NotTimeValid;
                }

                built &= status.Status == X509ChainStatusFlags.NoError;
            }

            if (!built)
            {
                return TlsValidationResult.UntrustedChain;
            }

            return AnchoredVerdict(chain, anchors, nameMatches);
        }

        /// <summary>The chain policy of <see cref="Validate(X509Certificate, X509Certificate2Collection, bool, TimeProvider)"/> for a TLS stack to build with (never the system roots).</summary>
        public static X509ChainPolicy CreateChainPolicy(X509Certificate2Collection anchors, TimeProvider clock)
        {
            ArgumentNullException.ThrowIfNull(anchors);
            ArgumentNullException.ThrowIfNull(clock);
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                VerificationTime = clock.GetUtcNow().UtcDateTime,
                VerificationTimeIgnored = false,
            };
            policy.CustomTrustStore.AddRange(anchors);
            return policy;
        }

        /// <summary>The verdict for a built chain: its root must be one of the anchors byte for byte, then the host name check decides.</summary>
        private static TlsValidationResult AnchoredVerdict(X509Chain chain, X509Certificate2Collection anchors, bool nameMatches)
        {
            X509Certificate2 root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            bool anchored = false;
            foreach (X509Certificate2 anchor in anchors)
            {
                if (root.RawData.AsSpan().SequenceEqual(anchor.RawData))
                {
                    anchored = true;
                }
            }

            if (!anchored)
            {
                return TlsValidationResult.UntrustedChain;
            }

            return nameMatches ? TlsValidationResult.Valid : TlsValidationResult.NameMismatch;
        }

        /// <summary>RFC 6125 host check against the DNS and IP subject alternative names (no wildcards, no CN fallback).</summary>
        public static bool MatchesHost(X509Certificate certificate, string host)
        {
            ArgumentNullException.ThrowIfNull(certificate);
            ArgumentNullException.ThrowIfNull(host);
            if (certificate is X509Certificate2 loaded)
            {
                // The TLS stack hands an X509Certificate2 already: no second parse.
                return loaded.MatchesHostname(host.Trim('[', ']'), allowWildcards: false, allowCommonName: false);
            }

            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return leaf.MatchesHostname(host.Trim('[', ']'), allowWildcards: false, allowCommonName: false);
        }
    }
}
