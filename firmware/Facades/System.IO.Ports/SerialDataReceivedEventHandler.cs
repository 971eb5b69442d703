// Facade of nanoFramework.System.IO.Ports 1.1.139 (SerialDataReceivedEventHandler.cs). Compile-only.
namespace System.IO.Ports
{
    /// <summary>Facade: handler of SerialPort.DataReceived.</summary>
    public delegate void SerialDataReceivedEventHandler(object sender, SerialDataReceivedEventArgs e);
}
