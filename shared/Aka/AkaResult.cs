namespace M2MDevice.Aka
{
    /// <summary>Outcome of one USIM authentication (TS 33.102 6.3.3, TS 31.102 7.1.2).</summary>
    public enum AkaResult : byte
    {
        /// <summary>MAC-A verified and SQN fresh (or GSM context): RES, CK, IK (and Kc/SRES) are valid.</summary>
        Success = 0,

        /// <summary>MAC-A wrong: user authentication reject; no state changed, nothing computed is released.</summary>
        MacFailure = 1,

        /// <summary>MAC-A right but SQN not fresh: AUTS (from the highest SQN_MS) is valid.</summary>
        SyncFailure = 2,

        /// <summary>AUTN length does not match the algorithm's MAC length; nothing was computed.</summary>
        InvalidInput = 3,

        /// <summary>GSM context requested but the algorithm's RES/CK/IK lengths have no c2/c3 (TS 33.102 6.8.1.2).</summary>
        ContextNotSupported = 4,
    }
}
