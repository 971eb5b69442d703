using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.IO;
using M2MDevice.Cli.Aka;

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

        /// <summary>Builds the full command tree.</summary>
        public static RootCommand BuildRootCommand()
        {
            RootCommand root = new RootCommand("m2m: M2M USIM provisioning emulator and tools (3GPP TR 33.812)");
            // One line per command group; later groups (demo, serve, manufacture, owner, status, bench) go here.
            root.Add(AkaCommand.Create());
            CliHelp.Install(root);
            return root;
        }

        /// <summary>Parses and runs args, writing results to output and errors to error; returns the exit code.</summary>
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            ArgumentNullException.ThrowIfNull(args);
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(error);

            RootCommand root = BuildRootCommand();
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
