namespace M2MDevice.Emulator.Modem
{
    /// <summary>Kinds of <see cref="CommandOutcome"/>.</summary>
    internal enum CommandOutcomeKind
    {
        Ok = 0,
        Error = 1,
        CmeError = 2,
        Pending = 3,
        Done = 4,
    }
}
