namespace M2MDevice.Aka
{
    /// <summary>
    /// Caller-owned, reusable result buffers of <see cref="UsimAuthenticator"/>: allocate once, pass to every
    /// call. Only the values the last <see cref="AkaResult"/> promises are set; the rest are zero.
    /// Holds secrets: call <see cref="Clear"/> once the response has been sent.
    /// </summary>
    public sealed class UsimAuthenticationOutput
    {
        /// <summary>RES (first <see cref="ResLength"/> bytes).</summary>
        public byte[] Res { get; } = new byte[AkaSizes.MaxRes];

        /// <summary>Bytes of RES that are valid.</summary>
        public int ResLength { get; internal set; }

        /// <summary>CK (first <see cref="CkLength"/> bytes).</summary>
        public byte[] Ck { get; } = new byte[AkaSizes.MaxKey];

        /// <summary>Bytes of CK that are valid.</summary>
        public int CkLength { get; internal set; }

        /// <summary>IK (first <see cref="IkLength"/> bytes).</summary>
        public byte[] Ik { get; } = new byte[AkaSizes.MaxKey];

        /// <summary>Bytes of IK that are valid.</summary>
        public int IkLength { get; internal set; }

        /// <summary>Kc = c3(CK, IK), 8 bytes, when <see cref="HasKc"/>.</summary>
        public byte[] Kc { get; } = new byte[AkaSizes.Kc];

        /// <summary>True when Kc was derived (CK and IK are 128 bits).</summary>
        public bool HasKc { get; internal set; }

        /// <summary>SRES = c2(RES), 4 bytes, when <see cref="HasSres"/> (GSM context only).</summary>
        public byte[] Sres { get; } = new byte[AkaSizes.Sres];

        /// <summary>True after a GSM-context success.</summary>
        public bool HasSres { get; internal set; }

        /// <summary>AUTS (first <see cref="AutsLength"/> bytes) after a synchronisation failure.</summary>
        public byte[] Auts { get; } = new byte[AkaSizes.MaxAuts];

        /// <summary>Bytes of AUTS that are valid (0 unless SyncFailure).</summary>
        public int AutsLength { get; internal set; }

        /// <summary>IND of the SQN array slot the success changed (persist it), or -1.</summary>
        public int ChangedSqnSlot { get; internal set; } = -1;

        /// <summary>Zeroes every buffer and length.</summary>
        public void Clear()
        {
            AkaBytes.Zero(this.Res);
            AkaBytes.Zero(this.Ck);
            AkaBytes.Zero(this.Ik);
            AkaBytes.Zero(this.Kc);
            AkaBytes.Zero(this.Sres);
            AkaBytes.Zero(this.Auts);
            this.ResLength = 0;
            this.CkLength = 0;
            this.IkLength = 0;
            this.AutsLength = 0;
            this.HasKc = false;
            this.HasSres = false;
            this.ChangedSqnSlot = -1;
        }
    }
}
