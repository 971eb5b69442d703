// Facade of nanoFramework.System.Net 1.11.60 (IPHostEntry.cs): members used. Compile-only.
namespace System.Net
{
    /// <summary>Facade: a resolved host.</summary>
    public class IPHostEntry
    {
        public IPAddress[] AddressList => throw new NotImplementedException();
    }
}
