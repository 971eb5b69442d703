namespace M2MDevice.Aka
{
    /// <summary>
    /// A parsed AUTHENTICATE response (TS 31.102 7.1.2), for the terminal/network side: caller-owned and
    /// reusable; filled by <see cref="AuthenticateApdu.ParseResponse"/> without allocation.
    /// </summary>
    public sealed class AuthenticateResponse
    {
        /// <summary>SW1-SW2.</summary>
        public int StatusWord { get; internal set; }

        /// <summary>True for a 3G 'DB' (successful) response or a GSM-context success.</summary>
        public bool IsSuccess { get; internal set; }

        /// <summary>True for a 3G 'DC' (synchronisation failure) response.</summary>
        public bool IsSyncFailure { get; internal set; }

        /// <summary>RES (3G success).</summary>
        public byte[] Res { get; } = new byte[AkaSizes.MaxRes];

        /// <summary>Valid bytes of RES.</summary>
        public int ResLength { get; internal set; }

        /// <summary>CK (3G success).</summary>
        public byte[] Ck { get; } = new byte[AkaSizes.MaxKey];

        /// <summary>Valid bytes of CK.</summary>
        public int CkLength { get; internal set; }

        /// <summary>IK (3G success).</summary>
        public byte[] Ik { get; } = new byte[AkaSizes.MaxKey];

        /// <summary>Valid bytes of IK.</summary>
        public int IkLength { get; internal set; }

        /// <summary>Kc, 8 bytes, when <see cref="HasKc"/>.</summary>
        public byte[] Kc { get; } = new byte[AkaSizes.Kc];

        /// <summary>True when Kc was present.</summary>
        public bool HasKc { get; internal set; }

        /// <summary>SRES, 4 bytes (GSM context success).</summary>
        public byte[] Sres { get; } = new byte[AkaSizes.Sres];

        /// <summary>True when SRES was present.</summary>
        public bool HasSres { get; internal set; }

        /// <summary>AUTS (3G synchronisation failure).</summary>
        public byte[] Auts { get; } = new byte[AkaSizes.MaxAuts];

        /// <summary>Valid bytes of AUTS.</summary>
        public int AutsLength { get; internal set; }

        /// <summary>Zeroes every buffer, length and flag.</summary>
        public void Clear()
        {
            AkaBytes.Zero(this.Res);
            AkaBytes.Zero(this.Ck);
            AkaBytes.Zero(this.Ik);
            AkaBytes.Zero(this.Kc);
            AkaBytes.Zero(this.Sres);
            AkaBytes.Zero(this.Auts);
            this.StatusWord = 0;
            this.IsSuccess = false;
            this.IsSyncFailure = false;
            this.ResLength = 0;
            this.CkLength = 0;
            this.IkLength = 0;
            this.AutsLength = 0;
            this.HasKc = false;
            this.HasSres = false;
        }
    }
}
