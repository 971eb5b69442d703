using System;
using System.IO.Ports;
using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// Serves one <see cref="EmulatedModem"/> on a serial port (a USB-UART to a real ESP32 board, or one end of
    /// a pty pair): 8N1, no flow control, as the A76xx UART defaults. The port is opened by <see cref="RunAsync"/>
    /// and closed when it ends.
    /// </summary>
    public sealed class ModemSerialPort : IDisposable
    {
        private readonly SerialPort port;
        private readonly EmulatedModem modem;

        /// <summary>Creates the binding; nothing is opened yet.</summary>
        public ModemSerialPort(string portName, int baudRate, EmulatedModem modem)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(portName);
            ArgumentNullException.ThrowIfNull(modem);
            if (baudRate < 300 || baudRate > 4_000_000)
            {
                throw new ArgumentOutOfRangeException(nameof(baudRate));
            }

            port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One) { Handshake = Handshake.None };
            this.modem = modem;
        }

        /// <summary>The port name.</summary>
        public string PortName => port.PortName;

        /// <summary>Opens the port and serves the modem until cancellation or until the port closes.</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            port.Open();
            try
            {
                await modem.RunAsync(port.BaseStream, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                port.Close();
            }
        }

        /// <summary>Closes the port.</summary>
        public void Dispose()
        {
            port.Dispose();
        }
    }
}
