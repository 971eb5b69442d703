// Facade of nanoFramework.System.IO.Ports 1.1.139 (SerialDataReceivedEventArgs.cs). Compile-only.
namespace System.IO.Ports
{
    /// <summary>Facade: arguments of SerialPort.DataReceived.</summary>
    public class SerialDataReceivedEventArgs : EventArgs
    {
        internal SerialDataReceivedEventArgs(SerialData eventCode)
        {
            throw new NotImplementedException();
        }

        public SerialData EventType => throw new NotImplementedException();
    }
}
