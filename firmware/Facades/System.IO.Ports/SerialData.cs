// Facade of nanoFramework.System.IO.Ports 1.1.139 (SerialData.cs). Compile-only.
namespace System.IO.Ports
{
    /// <summary>Facade: why DataReceived fired.</summary>
    public enum SerialData
    {
        Chars = 1,
        WatchChar = 2,
    }
}
