using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Cli
{
    /// <summary>
    /// The body of a command that talks to servers or runs until stopped: reads its options, writes data to output
    /// and progress to error, returns the exit code; cancellationToken fires on Ctrl+C.
    /// </summary>
    public delegate Task<CliExitCode> CliAsyncCommandBody(ParseResult parseResult, TextWriter output, TextWriter error, CancellationToken cancellationToken);
}
