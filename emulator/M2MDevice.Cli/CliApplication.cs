using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Cli.Aka;
using M2MDevice.Cli.Bench;
using M2MDevice.Cli.Demo;
using M2MDevice.Cli.Manufacture;
using M2MDevice.Cli.Owner;
using M2MDevice.Cli.Serve;
using M2MDevice.Cli.Status;
using M2MDevice.Emulator.Scenario;

namespace M2MDevice.Cli
{
    /// <summary>
    /// Composition root of `m2m`: builds the command tree from one class per command group and runs a
    /// command line against a given stdout/stderr, so tests run commands in-process.
    /// Every input error (System.CommandLine's own or ours) is one line on stderr and exit code 1.
    /// </summary>
    public static class CliApplication
    {
        /// <summary>The executable name used in messages and examples.</summary>
        public const string Name = "m2m";

        /// <summary>
        /// The firmware device runner `m2m demo` uses: the fleet driver of emulator/M2MDevice.Emulator/Devices, which runs
        /// the real firmware core of every device against an emulated modem. (Returning null makes the demo say that
        /// device runs are not available and exit with <see cref="CliExitCode.NotAvailable"/>.)
        /// </summary>
        public static IDeviceRunner CreateDefaultDeviceRunner() => new M2MDevice.Emulator.Devices.FirmwareDeviceRunner(new M2MDevice.Emulator.Devices.DeviceFleetOptions { KeepFinishedDevices = false });

        /// <summary>Builds the full command tree; deviceRunnerFactory supplies `m2m demo`'s runner (default <see cref="CreateDefaultDeviceRunner"/>).</summary>
        public static RootCommand BuildRootCommand(Func<IDeviceRunner> deviceRunnerFactory = null)
        {
            RootCommand root = new RootCommand("m2m: M2M USIM provisioning emulator and tools (3GPP TR 33.812)");
            // One line per command group.
            root.Add(AkaCommand.Create());
            root.Add(ManufactureCommand.Create());
            root.Add(OwnerCommand.Create());
            root.Add(StatusCommand.Create());
            root.Add(ServeCommand.Create());
            root.Add(DemoCommand.Create(deviceRunnerFactory ?? CreateDefaultDeviceRunner));
            root.Add(BenchCommand.Create());
            CliHelp.Install(root);
            return root;
        }

        /// <summary>Parses and runs args, writing results to output and errors to error; returns the exit code.</summary>
        public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, null);

        /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/> with the runner `m2m demo` uses (tests supply their own).</summary>
        public static int Run(string[] args, TextWriter output, TextWriter error, Func<IDeviceRunner> deviceRunnerFactory)
        {
            ArgumentNullException.ThrowIfNull(args);
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(error);

            RootCommand root = BuildRootCommand(deviceRunnerFactory);
            ParseResult parseResult = root.Parse(args);
            if (parseResult.Action is ParseErrorAction)
            {
                // System.CommandLine would print every error plus the whole help; one line is easier to read and grep.
                error.WriteLine($"{CommandPath(parseResult.CommandResult.Command)}: {MostSpecificError(parseResult)} (see --help)");
                return (int)CliExitCode.InputError;
            }

            InvocationConfiguration configuration = new InvocationConfiguration
            {
                Output = output,
                Error = error,
            };
            if (parseResult.Action is AsynchronousCommandLineAction)
            {
                // Off the caller's synchronization context; System.CommandLine turns Ctrl+C into the action's cancellation.
                return Task.Run(() => parseResult.InvokeAsync(configuration, CancellationToken.None)).GetAwaiter().GetResult();
            }

            return parseResult.Invoke(configuration);
        }

        /// <summary>
        /// Sets a command's action: body gets the parse result and the output writer and returns the exit
        /// code; a CliInputException becomes its one-line message on stderr and exit code 1.
        /// </summary>
        public static void SetAction(Command command, CliCommandBody body)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(body);
            command.SetAction(parseResult =>
            {
                InvocationConfiguration configuration = parseResult.InvocationConfiguration;
                try
                {
                    return (int)body(parseResult, configuration.Output);
                }
                catch (CliInputException exception)
                {
                    configuration.Error.WriteLine($"{CommandPath(command)}: {exception.Message}");
                    return (int)CliExitCode.InputError;
                }
            });
        }

        /// <summary>
        /// Sets an asynchronous command's action (servers, long runs): body gets the parse result, output, error and
        /// a token cancelled by Ctrl+C; a CliInputException becomes its one-line message on stderr and exit code 1.
        /// </summary>
        public static void SetAsyncAction(Command command, CliAsyncCommandBody body)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(body);
            command.SetAction(async (parseResult, cancellationToken) =>
            {
                InvocationConfiguration configuration = parseResult.InvocationConfiguration;

                // The ASP.NET Core hosts inside (RS, HOs) take SIGINT/SIGTERM for themselves and cancel the process
                // exit, so the command listens too: Ctrl+C or a TERM stops the command, which then stops its servers.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
                using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
                try
                {
                    return (int)await body(parseResult, configuration.Output, configuration.Error, stop.Token).ConfigureAwait(false);
                }
                catch (CliInputException exception)
                {
                    configuration.Error.WriteLine($"{CommandPath(command)}: {exception.Message}");
                    return (int)CliExitCode.InputError;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    configuration.Error.WriteLine($"{CommandPath(command)}: interrupted");
                    return (int)CliExitCode.Interrupted;
                }
            });
        }

        private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        /// <summary>"m2m aka gen" for a command.</summary>
        public static string CommandPath(Command command)
        {
            string path = string.Empty;
            for (Symbol symbol = command; symbol != null; symbol = FirstCommandParent(symbol))
            {
                string name = symbol is RootCommand ? Name : symbol.Name;
                path = path.Length == 0 ? name : name + " " + path;
            }

            return path;
        }

        /// <summary>
        /// The one error worth printing: a missing option value explains the unrecognized token after it,
        /// any specific error beats "unrecognized", and "required command" comes last. Unrecognized
        /// tokens that look like keys are not echoed.
        /// </summary>
        private static string MostSpecificError(ParseResult parseResult)
        {
            ParseError best = null;
            int bestRank = int.MaxValue;
            foreach (ParseError parseError in parseResult.Errors)
            {
                int rank = Rank(parseResult, parseError.Message);
                if (rank < bestRank)
                {
                    best = parseError;
                    bestRank = rank;
                }
            }

            string message = best.Message;
            foreach (Token token in parseResult.UnmatchedTokens.Count > 0 ? parseResult.Tokens : Array.Empty<Token>())
            {
                if (token.Value.Length >= 16 && CliOptions.TryParseHex(token.Value, out _, out _))
                {
                    message = message.Replace("'" + token.Value + "'", $"'<{token.Value.Length} hex digits>'", StringComparison.Ordinal);
                }
            }

            return message;
        }

        private static int Rank(ParseResult parseResult, string message)
        {
            if (message.Contains(CliOptions.MissingValueMessage, StringComparison.Ordinal))
            {
                return 0;
            }

            foreach (string token in parseResult.UnmatchedTokens)
            {
                if (message.Contains("'" + token + "'", StringComparison.Ordinal))
                {
                    return 2;
                }
            }

            return parseResult.CommandResult.Command.Subcommands.Count > 0 && parseResult.CommandResult.Command.Action == null && message.EndsWith("provided.", StringComparison.Ordinal) ? 3 : 1;
        }

        private static Symbol FirstCommandParent(Symbol symbol)
        {
            foreach (Symbol parent in symbol.Parents)
            {
                if (parent is Command)
                {
                    return parent;
                }
            }

            return null;
        }
    }
}
