using System.Net;

namespace M2MDevice.Cli.Serve
{
    /// <summary>The modem transports `m2m serve` opens: a TCP listener (one modem per connection) and/or one serial port.</summary>
    public sealed record ServeModems(IPEndPoint Tcp, string SerialPort, int BaudRate);
}
