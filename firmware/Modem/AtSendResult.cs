namespace M2MDevice.Firmware.Modem
{
    /// <summary>What <see cref="AtChannel.Send"/> did with a command.</summary>
    public enum AtSendResult
    {
        /// <summary>Written to the modem now.</summary>
        Started = 0,

        /// <summary>Queued behind the command in flight; it starts when those before it complete.</summary>
        Queued = 1,

        /// <summary>Refused: the queue is full. Retry after a completion.</summary>
        QueueFull = 2,

        /// <summary>Refused: this command object is already queued or in flight.</summary>
        AlreadyPending = 3,
    }
}
