// Facade of nanoFramework.System.Net 1.11.60 (Sockets/AddressFamily.cs): members used. Compile-only.
namespace System.Net.Sockets
{
    /// <summary>Facade: socket address family.</summary>
    public enum AddressFamily
    {
        InterNetwork = 2,
    }
}
