// Facade of nanoFramework.System.IO.Ports 1.1.139 (nanoframework/System.IO.Ports, SerialPort.cs):
// the members firmware/Esp32 uses, same signatures. Compile-only.
namespace System.IO.Ports
{
    /// <summary>Facade: a UART ("COM1".."COM3" on the ESP32; pins chosen with Configuration.SetPinFunction).</summary>
    public sealed class SerialPort : IDisposable
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
            throw new NotImplementedException();
        }

        public event SerialDataReceivedEventHandler DataReceived
        {
            add => throw new NotImplementedException();
            remove => throw new NotImplementedException();
        }

        public Handshake Handshake
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        public bool IsOpen => throw new NotImplementedException();

        public int ReadTimeout
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        public int WriteTimeout
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        public int ReadBufferSize
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        public int BytesToRead => throw new NotImplementedException();

        public void Open()
        {
            throw new NotImplementedException();
        }

        public void Close()
        {
            throw new NotImplementedException();
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            throw new NotImplementedException();
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            throw new NotImplementedException();
        }

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }
}
