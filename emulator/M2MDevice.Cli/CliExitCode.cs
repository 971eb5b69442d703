namespace M2MDevice.Cli
{
    /// <summary>Process exit codes of every `m2m` command; scripts branch on these.</summary>
    public enum CliExitCode
    {
        /// <summary>The command did what was asked.</summary>
        Success = 0,

        /// <summary>Bad command line: unknown option, missing option, bad hex, wrong length, out of range.</summary>
        InputError = 1,

        /// <summary>A MAC did not verify (MAC-A of AUTN, MAC-S of AUTS).</summary>
        MacFailure = 2,

        /// <summary>The USIM found the SQN not fresh and answered with AUTS (TS 33.102 6.3.5).</summary>
        SynchronizationFailure = 3,
    }
}
