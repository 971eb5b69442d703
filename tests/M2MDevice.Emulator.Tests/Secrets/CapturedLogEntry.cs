using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Tests.Secrets
{
    /// <summary>One captured log call.</summary>
    /// <param name="Category">Logger category (a type name, "Microsoft.AspNetCore...", ...).</param>
    /// <param name="Level">Level it was written at.</param>
    /// <param name="Text">Formatted message, structured state, event id and exception.</param>
    public sealed record CapturedLogEntry(string Category, LogLevel Level, string Text);
}
