using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.IO;
using System.Runtime.CompilerServices;

namespace M2MDevice.Cli
{
    /// <summary>
    /// Help with an "Examples:" section: command groups attach example lines to their commands, and the
    /// root's help option prints them after System.CommandLine's standard help.
    /// </summary>
    public static class CliHelp
    {
        private static readonly ConditionalWeakTable<Command, string[]> ExamplesByCommand = new ConditionalWeakTable<Command, string[]>();

        /// <summary>Attaches example command lines shown by `--help` of that command.</summary>
        public static void SetExamples(Command command, params string[] examples)
        {
            ExamplesByCommand.AddOrUpdate(command, examples);
        }

        /// <summary>Replaces the root's help action with one that appends the examples of the command asked about.</summary>
        public static void Install(RootCommand root)
        {
            foreach (Option option in root.Options)
            {
                if (option is HelpOption help && help.Action is HelpAction standard)
                {
                    help.Action = new ExamplesHelpAction(standard);
                }
            }
        }

        private sealed class ExamplesHelpAction : SynchronousCommandLineAction
        {
            private readonly HelpAction standard;

            public ExamplesHelpAction(HelpAction standard)
            {
                this.standard = standard;
            }

            public override bool ClearsParseErrors => true;

            public override int Invoke(ParseResult parseResult)
            {
                int exitCode = standard.Invoke(parseResult);
                if (ExamplesByCommand.TryGetValue(parseResult.CommandResult.Command, out string[] examples))
                {
                    TextWriter output = parseResult.InvocationConfiguration.Output;
                    output.WriteLine("Examples:");
                    foreach (string example in examples)
                    {
                        output.WriteLine("  " + example);
                    }

                    output.WriteLine();
                }

                return exitCode;
            }
        }
    }
}
