using System.IO;
using M2MDevice.Cli;

namespace M2MDevice.Emulator.Tests.Cli
{
    /// <summary>Runs `m2m` in-process with captured stdout and stderr.</summary>
    public static class CliRunner
    {
        public static CliRun Run(params string[] args)
        {
            using StringWriter output = new StringWriter();
            using StringWriter error = new StringWriter();
            int exitCode = CliApplication.Run(args, output, error);
            return new CliRun(exitCode, output.ToString(), error.ToString());
        }
    }

    /// <summary>Exit code and captured text of one run.</summary>
    public sealed record CliRun(int ExitCode, string Output, string Error)
    {
        /// <summary>The `NAME: value` lines of stdout as a dictionary.</summary>
        public System.Collections.Generic.Dictionary<string, string> Fields()
        {
            System.Collections.Generic.Dictionary<string, string> fields = new System.Collections.Generic.Dictionary<string, string>();
            foreach (string line in Output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries | System.StringSplitOptions.TrimEntries))
            {
                int colon = line.IndexOf(": ", System.StringComparison.Ordinal);
                Assert.True(colon > 0, $"not a NAME: value line: '{line}'");
                fields.Add(line.Substring(0, colon), line.Substring(colon + 2));
            }

            return fields;
        }
    }
}
