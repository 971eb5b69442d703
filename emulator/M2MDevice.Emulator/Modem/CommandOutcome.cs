namespace M2MDevice.Emulator.Modem
{
    /// <summary>How one command of a command line ended.</summary>
    internal readonly struct CommandOutcome
    {
        private CommandOutcome(CommandOutcomeKind kind, int error)
        {
            Kind = kind;
            Error = error;
        }

        public CommandOutcomeKind Kind { get; }

        /// <summary>The TS 27.007 9.2 error number of a CmeError.</summary>
        public int Error { get; }

        public static CommandOutcome Ok => new CommandOutcome(CommandOutcomeKind.Ok, 0);

        /// <summary>Plain ERROR: unknown command or syntax (V.250 5.7.2).</summary>
        public static CommandOutcome SyntaxError => new CommandOutcome(CommandOutcomeKind.Error, 0);

        /// <summary>A data phase started; the final result follows the data.</summary>
        public static CommandOutcome Pending => new CommandOutcome(CommandOutcomeKind.Pending, 0);

        /// <summary>The handler already wrote the final result (and what follows it).</summary>
        public static CommandOutcome Done => new CommandOutcome(CommandOutcomeKind.Done, 0);

        /// <summary>+CME ERROR: number (plain ERROR under AT+CMEE=0).</summary>
        public static CommandOutcome Cme(int number) => new CommandOutcome(CommandOutcomeKind.CmeError, number);
    }
}
