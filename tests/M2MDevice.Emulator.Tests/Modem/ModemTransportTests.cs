using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Radio;

namespace M2MDevice.Emulator.Tests.Modem
{
    /// <summary>Transports: in-process pipe hang-up and the TCP listener (one modem per connection).</summary>
    public sealed class ModemTransportTests
    {
        [Fact]
        public async Task TcpListener_TwoConnections_EachItsOwnModem()
        {
            var radio = new RadioEnvironment(Array.Empty<CellOperator>());
            await using var listener = new ModemTcpListener(new IPEndPoint(IPAddress.Loopback, 0), index => new EmulatedModem(
                new ModemOptions { InitialFunctionality = 0, Imei = "35693803564380" + index }, radio, null));
            listener.Start();

            using var first = new TcpClient();
            using var second = new TcpClient();
            await first.ConnectAsync(listener.LocalEndpoint);
            await second.ConnectAsync(listener.LocalEndpoint);
            await using var a = new RawAtClient(first.GetStream());
            await using var b = new RawAtClient(second.GetStream());

            Assert.Equal(new[] { "ATE0", "OK" }, await a.CommandAsync("ATE0"));
            Assert.Equal(new[] { "ATE0", "OK" }, await b.CommandAsync("ATE0"));
            string[] serials = { (await a.CommandAsync("AT+CGSN"))[0], (await b.CommandAsync("AT+CGSN"))[0] };
            Assert.Contains("356938035643800", serials);
            Assert.Contains("356938035643801", serials);
            Assert.Equal(2, listener.ConnectionCount);

            // Settings are per connection: echo off on one does not change the other.
            Assert.Equal(new[] { "OK" }, await a.CommandAsync("ATE1"));
            Assert.Equal(new[] { "AT", "OK" }, await a.CommandAsync("AT"));
            Assert.Equal(new[] { "OK" }, await b.CommandAsync("AT"));
        }

        [Fact]
        public async Task Pipe_DeviceHangsUp_RunAsyncEnds()
        {
            var radio = new RadioEnvironment(Array.Empty<CellOperator>());
            using var pipe = new DuplexPipe();
            await using var modem = new EmulatedModem(new ModemOptions { InitialFunctionality = 0 }, radio, null);
            Task running = modem.RunAsync(pipe.ModemEnd, default);

            pipe.DeviceEnd.Dispose();

            await running.WaitAsync(RawAtClient.Timeout);
            Assert.True(running.IsCompletedSuccessfully);
        }

        [Fact]
        public async Task RunAsync_Twice_Refused()
        {
            var radio = new RadioEnvironment(Array.Empty<CellOperator>());
            using var pipe = new DuplexPipe();
            await using var modem = new EmulatedModem(new ModemOptions { InitialFunctionality = 0 }, radio, null);
            Task running = modem.RunAsync(pipe.ModemEnd, default);

            await Assert.ThrowsAsync<InvalidOperationException>(() => modem.RunAsync(pipe.ModemEnd, default));
            pipe.DeviceEnd.Dispose();
            await running.WaitAsync(RawAtClient.Timeout);
        }

        [Fact]
        public async Task SerialPort_NoSuchDevice_OpenFails()
        {
            var radio = new RadioEnvironment(Array.Empty<CellOperator>());
            await using var modem = new EmulatedModem(new ModemOptions { InitialFunctionality = 0 }, radio, null);
            using var serial = new ModemSerialPort("/dev/m2m-no-such-tty", 115200, modem);

            Assert.Equal("/dev/m2m-no-such-tty", serial.PortName);
            await Assert.ThrowsAnyAsync<Exception>(() => serial.RunAsync(default));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModemSerialPort("/dev/ttyS0", 12, modem));
        }

        [Fact]
        public void Options_BadImei_Refused()
        {
            var radio = new RadioEnvironment(Array.Empty<CellOperator>());
            Assert.Throws<ArgumentException>(() => new EmulatedModem(new ModemOptions { Imei = "12345" }, radio, null));
        }
    }
}
