using System;
using System.IO.Ports;
using System.Threading;
using M2MDevice.Firmware.Hal;
using nanoFramework.Hardware.Esp32;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// The modem UART (System.IO.Ports): the firmware core's <see cref="IByteSink"/>, and a blocking
    /// <see cref="Read"/> for the runner's reader thread. DataReceived only signals an event; bytes are
    /// read on the reader thread, so no core code runs on the driver's event thread.
    /// </summary>
    public sealed class ModemUart : IByteSink, IDisposable
    {
        private readonly AutoResetEvent dataReady = new AutoResetEvent(false);
        private SerialPort port;

        /// <summary>Routes the UART pins and opens the port (8N1, no flow control, 2 KB receive buffer).</summary>
        public void Open()
        {
            if (port != null)
            {
                throw new InvalidOperationException("already open");
            }

            // ESP32 GPIO matrix: any GPIO can carry UART1's signals; the board wires 26/27.
            Configuration.SetPinFunction(BoardPins.ModemTx, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(BoardPins.ModemRx, DeviceFunction.COM2_RX);
            port = new SerialPort(BoardPins.ModemPort, BoardPins.ModemBaudRate, Parity.None, 8, StopBits.One);
            port.Handshake = Handshake.None;
            port.ReadBufferSize = 2048;
            port.WriteTimeout = 2000;
            port.DataReceived += OnDataReceived;
            port.Open();
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            port.Write(buffer, offset, count);
        }

        /// <summary>
        /// Waits up to timeoutMilliseconds for received bytes and copies at most count of them to
        /// buffer[offset..]; returns how many (0 on timeout).
        /// </summary>
        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            int available = port.BytesToRead;
            if (available == 0)
            {
                dataReady.WaitOne(timeoutMilliseconds, false);
                available = port.BytesToRead;
                if (available == 0)
                {
                    return 0;
                }
            }

            return port.Read(buffer, offset, available < count ? available : count);
        }

        /// <summary>Wakes a reader blocked in <see cref="Read"/> (used when stopping).</summary>
        public void Wake()
        {
            dataReady.Set();
        }

        /// <summary>Closes the port.</summary>
        public void Dispose()
        {
            if (port != null)
            {
                port.DataReceived -= OnDataReceived;
                port.Close();
                port.Dispose();
                port = null;
            }
        }

        private void OnDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            dataReady.Set();
        }
    }
}
