// Facade of nanoFramework.System.Net 1.11.60 (X509Certificates/X509Certificate.cs): members used. Compile-only.
namespace System.Security.Cryptography.X509Certificates
{
    /// <summary>Facade: a certificate (DER or PEM bytes).</summary>
    public class X509Certificate
    {
        public X509Certificate(byte[] certificate)
        {
            throw new NotImplementedException();
        }
    }
}
