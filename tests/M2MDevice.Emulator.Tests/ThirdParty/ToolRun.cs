namespace M2MDevice.Emulator.Tests.ThirdParty
{
    /// <summary>The exit code and the combined stdout/stderr lines of one external tool run.</summary>
    internal sealed record ToolRun(int ExitCode, string Output);
}
