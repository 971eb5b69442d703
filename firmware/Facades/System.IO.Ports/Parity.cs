// Facade of nanoFramework.System.IO.Ports 1.1.139 (Parity.cs). Compile-only.
namespace System.IO.Ports
{
    /// <summary>Facade: UART parity.</summary>
    public enum Parity
    {
        None = 0,
        Odd = 1,
        Even = 2,
    }
}
