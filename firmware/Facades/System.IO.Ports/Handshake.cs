// Facade of nanoFramework.System.IO.Ports 1.1.139 (Handshake.cs). Compile-only.
namespace System.IO.Ports
{
    /// <summary>Facade: UART flow control.</summary>
    public enum Handshake
    {
        None,
        XOnXOff,
        RequestToSend,
        RequestToSendXOnXOff,
    }
}
