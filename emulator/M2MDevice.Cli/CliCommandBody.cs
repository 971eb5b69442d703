using System.CommandLine;
using System.IO;

namespace M2MDevice.Cli
{
    /// <summary>The body of a command: reads its options from the parse result, writes to output, returns the exit code.</summary>
    public delegate CliExitCode CliCommandBody(ParseResult parseResult, TextWriter output);
}
