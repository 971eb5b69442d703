using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// The AuC's per-subscriber sequence number counter SEQ_HE (TS 33.102 Annex C.1.1.1, profile of C.3:
    /// SQN = SEQ || IND with a 5-bit IND, delta = 2^28). Each new vector takes SEQ_HE + 1 with the IND of
    /// the requester (one IND per serving node, C.1.2). Pure state: the caller persists <see cref="SeqHe"/>
    /// before it hands out the SQN. Not thread-safe.
    /// </summary>
    public sealed class AucSqnState
    {
        /// <summary>Largest SEQ a 48-bit SQN with a 5-bit IND can carry (2^43 - 1).</summary>
        public const long MaxSeq = (1L << (48 - UsimSqnState.IndBits)) - 1;

        private long seqHe;
        private long delta = UsimSqnState.DefaultDelta;

        /// <summary>Creates the counter of a new subscriber (SEQ_HE = 0).</summary>
        public AucSqnState()
        {
        }

        /// <summary>Creates the counter from a persisted SEQ_HE.</summary>
        public AucSqnState(long seqHe)
        {
            if (seqHe < 0 || seqHe > MaxSeq)
            {
                throw new ArgumentOutOfRangeException(nameof(seqHe));
            }

            this.seqHe = seqHe;
        }

        /// <summary>SEQ_HE, the SEQ of the last SQN issued (persist it).</summary>
        public long SeqHe => this.seqHe;

        /// <summary>The USIM's delta (TS 33.102 C.2.1), used to judge whether SEQ_HE survives a resync.</summary>
        public long Delta
        {
            get => this.delta;
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(value));
                }

                this.delta = value;
            }
        }

        /// <summary>
        /// Issues the next SQN = (SEQ_HE + 1) || IND as 6 bytes at sqn[sqnOffset] and advances SEQ_HE
        /// (TS 33.102 C.1.1.1). ind is 0..31. Throws InvalidOperationException when SEQ is exhausted.
        /// </summary>
        public void Next(int ind, byte[] sqn, int sqnOffset)
        {
            if (ind < 0 || ind >= UsimSqnState.SlotCount)
            {
                throw new ArgumentOutOfRangeException(nameof(ind));
            }

            if (this.seqHe >= MaxSeq)
            {
                throw new InvalidOperationException("SEQ exhausted");
            }

            // TS 33.102 C.1.1.1: SEQ = SEQ_HE + 1 for each new vector; SQN = SEQ || IND.
            this.seqHe++;
            AkaBytes.WriteUInt48((this.seqHe << UsimSqnState.IndBits) | (long)ind, sqn, sqnOffset);
        }

        /// <summary>
        /// Re-synchronisation with SQN_MS recovered from a verified AUTS (TS 33.102 6.3.5): if the next SQN
        /// from SEQ_HE would be accepted by a USIM whose highest SEQ is SEQ_MS (SEQ_MS &lt; SEQ_HE + 1 &lt;=
        /// SEQ_MS + delta), SEQ_HE is kept; otherwise SEQ_HE := SEQ_MS.
        /// </summary>
        public AucResync Resynchronize(byte[] sqnMs, int sqnMsOffset)
        {
            long seqMs = AkaBytes.ReadUInt48(sqnMs, sqnMsOffset) >> UsimSqnState.IndBits;
            long nextSeq = this.seqHe + 1;

            // TS 33.102 6.3.5: keep SQN_HE if the next generated SQN would be accepted (C.2.1, C.2.2).
            if (nextSeq > seqMs && nextSeq - seqMs <= this.delta)
            {
                return AucResync.Kept;
            }

            // TS 33.102 6.3.5 / C.3.4: otherwise SEQ_HE := SEQ_MS.
            this.seqHe = seqMs;
            return AucResync.Reset;
        }
    }
}
