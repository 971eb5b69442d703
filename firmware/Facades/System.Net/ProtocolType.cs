// Facade of nanoFramework.System.Net 1.11.60 (Sockets/ProtocolType.cs): members used. Compile-only.
namespace System.Net.Sockets
{
    /// <summary>Facade: socket protocol.</summary>
    public enum ProtocolType
    {
        Tcp = 6,
    }
}
