namespace M2MDevice.Cli
{
    /// <summary>Process exit codes of every `m2m` command; scripts branch on these.</summary>
    public enum CliExitCode
    {
        /// <summary>The command did what was asked.</summary>
        Success = 0,

        /// <summary>Bad command line: unknown option, missing option, bad hex, wrong length, out of range, unusable file.</summary>
        InputError = 1,

        /// <summary>A MAC did not verify (MAC-A of AUTN, MAC-S of AUTS).</summary>
        MacFailure = 2,

        /// <summary>The USIM found the SQN not fresh and answered with AUTS (TS 33.102 6.3.5).</summary>
        SynchronizationFailure = 3,

        /// <summary>A server (RS, HO) refused a request or could not be reached; the line on stderr has its status and code.</summary>
        ServiceError = 4,

        /// <summary>`m2m demo`: at least one device that should have been provisioned was not.</summary>
        DeviceFailures = 5,

        /// <summary>The feature is not in this build yet (e.g. `m2m demo` device runs before the firmware runner exists).</summary>
        NotAvailable = 6,

        /// <summary>Stopped by Ctrl+C or SIGTERM before finishing (128 + SIGINT, the shell convention); `serve` exits 0 instead.</summary>
        Interrupted = 130,
    }
}
