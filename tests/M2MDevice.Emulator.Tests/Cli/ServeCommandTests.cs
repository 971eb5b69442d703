using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Cli;
using M2MDevice.Cli.Serve;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Emulator.Tests.Cli
{
    /// <summary>`m2m serve`: bad command lines and configuration files, and a run that prints what a board needs and serves a modem over TCP.</summary>
    public class ServeCommandTests
    {
        [Theory]
        [InlineData("--config: file not found: /nonexistent/network.json", "serve", "--config", "/nonexistent/network.json")]
        [InlineData("--modem-tcp: must be ADDRESS:PORT, e.g. 127.0.0.1:7000", "serve", "--modem-tcp", "localhost")]
        [InlineData("--modem-tcp: must be ADDRESS:PORT, e.g. 127.0.0.1:7000", "serve", "--modem-tcp", "127.0.0.1:99999")]
        [InlineData("Unrecognized command or argument 'now'", "serve", "now")]
        [InlineData("--baud: out of range (300 to 4000000)", "serve", "--modem-serial", "/dev/ttyUSB0", "--baud", "100")]
        public void Serve_BadCommandLine_OneLineExit1(string expected, params string[] args)
        {
            CliRun run = CliRunner.Run(args);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal(string.Empty, run.Output);
            string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("m2m serve: ", lines[0], StringComparison.Ordinal);
            Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        }

        [Fact]
        public void Serve_BadConfigurationFile_OneLineExit1NamingTheField()
        {
            string file = Path.Combine(Path.GetTempPath(), "m2m-serve-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(file, "{ \"version\": 1, \"visitedOperators\": [ { \"name\": \"V\", \"plmn\": \"00101\", \"acceptsPimsis\": true, \"walled\": true } ] }");
            try
            {
                CliRun run = CliRunner.Run("serve", "--config", file);
                Assert.Equal(1, run.ExitCode);
                Assert.Equal("m2m serve: --config: visitedOperators[0]: unknown field 'walled'" + Environment.NewLine, run.Error);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void Serve_ModemSerialPortMissing_OneLineExit1()
        {
            CliRun run = CliRunner.Run("serve", "--modem-serial", "/dev/m2m-no-such-port");
            Assert.Equal(1, run.ExitCode);
            Assert.Equal(string.Empty, run.Output);
            string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("m2m serve: --modem-serial: cannot open /dev/m2m-no-such-port", lines[0], StringComparison.Ordinal);
        }

        [Fact]
        public async Task RunAsync_UntilCancelled_PrintsUrlsTokensCaAndServesModems()
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            using var stop = new CancellationTokenSource();
            string caPath = null;
            string modemAnswer = null;
            CliExitCode exit = await ServeCommand.RunAsync(NetworkCompositionOptions.CreateDefault(2), new ServeModems(new IPEndPoint(IPAddress.Loopback, 0), null, 115200), output, error, stop.Token, network =>
            {
                string printed = output.ToString();
                caPath = Line(printed, "CA certificate: ");
                Assert.True(File.Exists(caPath));
                Assert.Equal(network.Ca.ExportPem(), File.ReadAllText(caPath));
                Assert.Contains("RS: " + network.RsAddress, printed, StringComparison.Ordinal);
                Assert.Contains("RS admin token: " + network.RsAdminToken, printed, StringComparison.Ordinal);
                Assert.Contains("Manufacturer token: " + network.ManufacturerToken, printed, StringComparison.Ordinal);
                foreach (ComposedHomeOperator ho in network.HomeOperators)
                {
                    Assert.Contains($"HO {ho.Name}: {ho.BaseAddress}  PLMN {ho.Plmn}", printed, StringComparison.Ordinal);
                    Assert.Contains("owner token: " + ho.OwnerToken, printed, StringComparison.Ordinal);
                }

                Assert.Contains("VO Visited-1: PLMN 00101  PIMSIs in a walled garden; roaming for Alpha, Beta", printed, StringComparison.Ordinal);
                string endpoint = Line(printed, "Modems (TCP): ").Split(' ')[0];
                modemAnswer = TalkToModem(IPEndPoint.Parse(endpoint));
                stop.Cancel();
            });

            Assert.Equal(CliExitCode.Success, exit);
            Assert.Contains("OK", modemAnswer, StringComparison.Ordinal);
            Assert.EndsWith("stopped" + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(caPath));
        }

        private static string Line(string text, string prefix)
        {
            foreach (string line in text.Split('\n'))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line.Substring(prefix.Length).TrimEnd('\r');
                }
            }

            throw new Xunit.Sdk.XunitException("no line starting " + prefix);
        }

        // One AT command over the TCP "UART": the emulated modem answers OK (echo on by default).
        private static string TalkToModem(IPEndPoint endpoint)
        {
            using var client = new TcpClient();
            client.Connect(endpoint);
            client.ReceiveTimeout = 10_000;
            NetworkStream stream = client.GetStream();
            stream.Write(Encoding.ASCII.GetBytes("AT\r"));
            var received = new StringBuilder();
            byte[] buffer = new byte[256];
            while (!received.ToString().Contains("OK", StringComparison.Ordinal))
            {
                int read = stream.Read(buffer, 0, buffer.Length);
                if (read == 0)
                {
                    break;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return received.ToString();
        }
    }
}
