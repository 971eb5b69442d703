// Facade of nanoFramework.System.IO.Ports 1.1.139 (StopBits.cs). Compile-only.
namespace System.IO.Ports
{
    /// <summary>Facade: UART stop bits.</summary>
    public enum StopBits
    {
        One = 1,
        Two = 2,
        OnePointFive = 3,
    }
}
