using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Modem;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Cli.Serve
{
    /// <summary>
    /// `m2m serve`: runs the network of a configuration file (or the default demo network) until Ctrl+C: the CA, RS,
    /// the home operators and the visited operators' radio environment, plus, on request, emulated modems for a
    /// physical board or external firmware over TCP. Prints what a board or a tool needs: URLs, tokens, CA path.
    /// </summary>
    public static class ServeCommand
    {
        /// <summary>Builds the `serve` command.</summary>
        public static Command Create()
        {
            var command = new Command("serve", "Run RS, home operators and visited operators (and emulated modems over TCP) until Ctrl+C; prints URLs, tokens and the CA path");
            Option<string> config = CliNetwork.ExistingFile("--config", "Network configuration (JSON, docs/emulator.md); default: RS, HOs Alpha and Beta, Visited-1 and Visited-2");
            Option<string> data = CliNetwork.Path("--data", "Data directory: state survives restarts (default: in memory; overrides the file's dataDirectory)");
            Option<IPEndPoint> modemTcp = new Option<IPEndPoint>("--modem-tcp")
            {
                Description = "Serve emulated modems on this TCP address: each connection is one device's UART (AT commands, remote SIM)",
                HelpName = "ADDRESS:PORT",
                CustomParser = result =>
                {
                    string text = CliOptions.SingleToken(result);
                    if (CliOptions.IsOptionToken(result, "--modem-tcp", text))
                    {
                        return null;
                    }

                    if (!IPEndPoint.TryParse(text, out IPEndPoint endpoint) || !text.Contains(':', StringComparison.Ordinal))
                    {
                        result.AddError("--modem-tcp: must be ADDRESS:PORT, e.g. 127.0.0.1:7000");
                        return null;
                    }

                    return endpoint;
                },
            };
            Option<string> modemSerial = CliNetwork.Path("--modem-serial", "Serve one emulated modem on this serial port (e.g. /dev/ttyUSB0 to a board's modem UART pins)", "PORT");
            Option<int> baud = CliOptions.Range("--baud", "Baud rate of --modem-serial (8N1, no flow control)", 115200, 300, 4_000_000);
            foreach (Option option in new Option[] { config, data, modemTcp, modemSerial, baud })
            {
                command.Add(option);
            }

            CliApplication.SetAsyncAction(command, (parseResult, stdout, stderr, cancellationToken) =>
            {
                NetworkCompositionOptions options = LoadOptions(parseResult.GetValue(config), parseResult.GetValue(data));
                var modems = new ServeModems(parseResult.GetValue(modemTcp), parseResult.GetValue(modemSerial), parseResult.GetValue(baud));
                return RunAsync(options, modems, stdout, stderr, cancellationToken);
            });
            CliHelp.SetExamples(
                command,
                "m2m serve",
                "m2m serve --data ./m2m-data --modem-tcp 127.0.0.1:7000",
                "m2m serve --data ./m2m-data --modem-serial /dev/ttyUSB0 --baud 115200",
                "m2m serve --config network.json");
            return command;
        }

        /// <summary>The options of the configuration file (or the default network), with --data applied; CliInputException for a bad file.</summary>
        public static NetworkCompositionOptions LoadOptions(string configPath, string dataDirectory)
        {
            NetworkCompositionOptions options;
            try
            {
                options = configPath == null ? NetworkCompositionOptions.CreateDefault() : NetworkCompositionConfig.Load(configPath);
            }
            catch (NetworkConfigurationException exception)
            {
                throw new CliInputException("--config: " + exception.Message, exception);
            }

            if (dataDirectory != null)
            {
                options.DataDirectory = Path.GetFullPath(dataDirectory);
            }

            return options;
        }

        /// <summary>
        /// Starts the network (and the modem listener), prints how to reach it, calls started, waits for cancellation,
        /// stops. Exit 0 after a clean stop; ServiceError when it cannot start.
        /// </summary>
        public static async Task<CliExitCode> RunAsync(NetworkCompositionOptions options, ServeModems modems, TextWriter output, TextWriter error, CancellationToken cancellationToken, Action<NetworkComposition> started = null)
        {
            modems ??= new ServeModems(null, null, 115200);
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(error);
            NetworkComposition network;
            try
            {
                network = await NetworkComposition.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (NetworkConfigurationException exception)
            {
                throw new CliInputException(exception.Message, exception);
            }
            catch (Exception exception) when (exception is InvalidOperationException || exception is IOException)
            {
                error.WriteLine($"m2m serve: the network could not start: {exception.Message}");
                return CliExitCode.ServiceError;
            }

            string temporaryDirectory = null;
            ModemTcpListener listener = null;
            ModemSerialPort serial = null;
            Task serialRun = null;
            using var serialStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                string caPath = network.CaCertificatePath;
                if (caPath == null)
                {
                    temporaryDirectory = Path.Combine(Path.GetTempPath(), "m2m-serve-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                    Directory.CreateDirectory(temporaryDirectory);
                    caPath = Path.Combine(temporaryDirectory, "ca.crt.pem");
                    network.WriteCaCertificate(caPath);
                }

                if (modems.Tcp != null)
                {
                    listener = new ModemTcpListener(modems.Tcp, connection => CreateModem(network, options, connection));
                    try
                    {
                        listener.Start();
                    }
                    catch (System.Net.Sockets.SocketException exception)
                    {
                        throw new CliInputException($"--modem-tcp: cannot listen on {modems.Tcp}: {exception.Message}", exception);
                    }
                }

                if (modems.SerialPort != null)
                {
                    // ModemSerialPort opens the port before its first await, so a missing port has failed by now.
                    serial = new ModemSerialPort(modems.SerialPort, modems.BaudRate, CreateModem(network, options, 999_999));
                    serialRun = serial.RunAsync(serialStop.Token);
                    if (serialRun.IsFaulted)
                    {
                        Exception problem = serialRun.Exception.GetBaseException();
                        throw new CliInputException($"--modem-serial: cannot open {modems.SerialPort}: {problem.Message}", problem);
                    }
                }

                PrintNetwork(network, caPath, listener, output);
                if (serial != null)
                {
                    output.WriteLine($"Modem (serial): {modems.SerialPort} at {modems.BaudRate} baud 8N1, SIM slot = remote");
                }

                started?.Invoke(network);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    output.WriteLine("stopping ...");
                }
            }
            finally
            {
                serialStop.Cancel();
                if (serialRun != null && !serialRun.IsFaulted)
                {
                    try
                    {
                        await serialRun.ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopping: the modem ends with the token.
                    }
                }

                serial?.Dispose();
                if (listener != null)
                {
                    await listener.DisposeAsync().ConfigureAwait(false);
                }

                await network.DisposeAsync().ConfigureAwait(false);
                if (temporaryDirectory != null)
                {
                    Directory.Delete(temporaryDirectory, true);
                }
            }

            output.WriteLine("stopped");
            return CliExitCode.Success;
        }

        /// <summary>Prints URLs, tokens, PLMNs and the CA path.</summary>
        public static void PrintNetwork(NetworkComposition network, string caPath, ModemTcpListener listener, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentNullException.ThrowIfNull(output);
            NetworkCompositionOptions options = network.Options;
            output.WriteLine(options.DataDirectory == null ? "M2M network running (in memory: state is lost at stop)" : $"M2M network running (data directory {options.DataDirectory})");
            output.WriteLine($"CA certificate: {caPath}");
            output.WriteLine($"RS: {network.RsAddress}  PIMSI range {options.PimsiRange.Format(options.PimsiRange.FirstMsin)}..{options.PimsiRange.Format(options.PimsiRange.LastMsin)}");
            output.WriteLine($"RS admin token: {network.RsAdminToken}");
            output.WriteLine($"Manufacturer token: {network.ManufacturerToken}");
            foreach (ComposedHomeOperator ho in network.HomeOperators)
            {
                output.WriteLine($"HO {ho.Name}: {ho.BaseAddress}  PLMN {ho.Plmn}  RS id {ho.RsHomeOperatorId}  NAF host {ho.Spec.NafHost}");
                output.WriteLine($"  admin token: {ho.AdminToken}");
                output.WriteLine($"  owner token: {ho.OwnerToken}  ({ho.Spec.OwnerName})");
            }

            foreach (ComposedVisitedOperator vo in network.VisitedOperators)
            {
                string pimsis = vo.Spec.AcceptsPimsis ? (vo.Spec.WalledGarden ? "PIMSIs in a walled garden" : "PIMSIs") : "no PIMSIs";
                string roaming = vo.HomeOperatorTokens.Count == 0 ? "no roaming" : "roaming for " + string.Join(", ", vo.HomeOperatorTokens.Keys);
                output.WriteLine($"VO {vo.Name}: PLMN {vo.Plmn}  {pimsis}; {roaming}");
            }

            output.WriteLine($"Allowed networks for PIMSIs: {string.Join(",", network.PimsiNetworks)}");
            if (listener != null)
            {
                output.WriteLine($"Modems (TCP): {listener.LocalEndpoint}  one emulated modem per connection, SIM slot = remote (the device's soft USIM over +M2MSIM)");
            }

            string firstHo = network.HomeOperators[0].BaseAddress.ToString();
            output.WriteLine("Next:");
            output.WriteLine($"  m2m manufacture --rs {network.RsAddress} --token {network.ManufacturerToken} --count 10 --out ./factory --ca {caPath} --allowed-networks {string.Join(",", network.PimsiNetworks)}");
            output.WriteLine($"  m2m owner register --ho {firstHo} --token {network.HomeOperators[0].OwnerToken} --manifest ./factory/manifest.json --ca {caPath}");
            output.WriteLine($"  m2m status --rs {network.RsAddress} --token {network.RsAdminToken} --manifest ./factory/manifest.json --ca {caPath}");
            output.WriteLine("Press Ctrl+C to stop.");
        }

        private static EmulatedModem CreateModem(NetworkComposition network, NetworkCompositionOptions options, int connection)
        {
            // A distinct IMEI per connection: TAC 35693803, serial = connection number, Luhn check digit (TS 23.003 6.2.1).
            string body = "35693803" + (connection % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            var modemOptions = new ModemOptions
            {
                Imei = body + (char)('0' + Iccid.CheckDigit(body)),
                InitialSlot = SimSlot.Remote,
                Clock = options.Clock,
                LoggerFactory = options.LoggerFactory,
            };
            return new EmulatedModem(modemOptions, network.Radio, null);
        }
    }
}
