// Facade of nanoFramework.System.Net 1.11.60 (Security/NetworkSecurity.cs): members used. Compile-only.
namespace System.Net.Security
{
    /// <summary>Facade: peer verification policy.</summary>
    public enum SslVerification
    {
        NoVerification = 1,
        VerifyPeer = 2,
        CertificateRequired = 4,
        VerifyClientOnce = 8,
    }
}
