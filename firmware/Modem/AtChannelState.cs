namespace M2MDevice.Firmware.Modem
{
    /// <summary>State of the <see cref="AtChannel"/> with respect to the command in flight.</summary>
    public enum AtChannelState
    {
        /// <summary>No command in flight.</summary>
        Idle = 0,

        /// <summary>Command written; waiting for '&gt;' or DOWNLOAD before sending its payload.</summary>
        AwaitingPrompt = 1,

        /// <summary>Waiting for response lines and the final result code.</summary>
        AwaitingFinalResult = 2,

        /// <summary>Final result OK seen; waiting for the command's completion line (e.g. "+HTTPREAD: 0").</summary>
        AwaitingCompletionLine = 3,
    }
}
