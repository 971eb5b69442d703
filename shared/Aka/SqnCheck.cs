namespace M2MDevice.Aka
{
    /// <summary>Outcome of the USIM's freshness check of a received SQN (TS 33.102 Annex C.2).</summary>
    public enum SqnCheck : byte
    {
        /// <summary>SEQ exceeds SEQ_MS(IND) and lies within delta (and the age limit, if set): accept.</summary>
        Fresh = 0,

        /// <summary>C.2.2: SEQ is not above SEQ_MS(IND), a replayed or reordered vector.</summary>
        NotIncreasing = 1,

        /// <summary>C.2.1: SEQ - SEQ_MS &gt; delta, a jump the USIM refuses.</summary>
        TooFarAhead = 2,

        /// <summary>C.2.3: SEQ_MS - SEQ &gt;= L with the age limit enabled.</summary>
        TooOld = 3,
    }
}
