// Facade of nanoFramework.System.Net 1.11.60 (DNS.cs): members used. Compile-only.
namespace System.Net
{
    /// <summary>Facade: name resolution.</summary>
    public static class Dns
    {
        public static IPHostEntry GetHostEntry(string hostNameOrAddress)
        {
            throw new NotImplementedException();
        }
    }
}
