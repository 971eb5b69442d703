namespace M2MDevice.Firmware.Modem
{
    /// <summary>Told when an <see cref="AtCommand"/> it owns has completed.</summary>
    public interface IAtCommandHandler
    {
        /// <summary>
        /// command.Result is set and its response lines are readable. The command is no longer owned by the
        /// channel: it may be rebuilt and sent again from here. Must not call <see cref="AtChannel.Receive"/>.
        /// </summary>
        void OnCompleted(AtCommand command);
    }
}
