namespace M2MDevice.Emulator.Modem
{
    /// <summary>Why the modem accepted or refused a TLS server certificate.</summary>
    public enum TlsValidationResult
    {
        /// <summary>Chains to an uploaded CA, within its validity, names the host.</summary>
        Valid = 0,

        /// <summary>No CA configured for the SSL context (A76xx: 719 CA missed).</summary>
        NoTrustAnchor = 1,

        /// <summary>The chain does not end at an uploaded CA.</summary>
        UntrustedChain = 2,

        /// <summary>The certificate (or one in its chain) is expired or not yet valid.</summary>
        NotTimeValid = 3,

        /// <summary>The certificate does not name the host of the URL.</summary>
        NameMismatch = 4,

        /// <summary>The server sent no certificate.</summary>
        NoCertificate = 5,
    }
}
