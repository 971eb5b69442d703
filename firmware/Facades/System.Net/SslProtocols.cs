// Facade of nanoFramework.System.Net 1.11.60 (Security/NetworkSecurity.cs): members used. Compile-only.
namespace System.Net.Security
{
    /// <summary>Facade: TLS versions.</summary>
    [Flags]
    public enum SslProtocols
    {
        None = 0x00,
        Tls12 = 3072,
        Tls13 = 12288,
    }
}
