namespace M2MDevice.Aka
{
    /// <summary>What the AuC did with its counter on a re-synchronisation (TS 33.102 6.3.5).</summary>
    public enum AucResync : byte
    {
        /// <summary>SEQ_HE already yields SQNs the USIM accepts: unchanged.</summary>
        Kept = 0,

        /// <summary>SEQ_HE was set to SEQ_MS from AUTS.</summary>
        Reset = 1,
    }
}
