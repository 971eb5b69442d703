namespace M2MDevice.Aka
{
    /// <summary>
    /// One authentication vector (quintet) of TS 33.102 6.3.2: RAND, XRES, CK, IK, AUTN, plus the GSM
    /// triplet values Kc = c3(CK, IK) and SRES = c2(XRES) when the lengths allow (6.8.1.2).
    /// Caller-owned and reusable; holds secrets: <see cref="Clear"/> after use.
    /// </summary>
    public sealed class AuthenticationVector
    {
        /// <summary>RAND, 16 bytes.</summary>
        public byte[] Rand { get; } = new byte[AkaSizes.Rand];

        /// <summary>XRES (first <see cref="XresLength"/> bytes).</summary>
        public byte[] Xres { get; } = new byte[AkaSizes.MaxRes];

        /// <summary>Valid bytes of XRES.</summary>
        public int XresLength { get; internal set; }

        /// <summary>CK (first <see cref="CkLength"/> bytes).</summary>
        public byte[] Ck { get; } = new byte[AkaSizes.MaxKey];

        /// <summary>Valid bytes of CK.</summary>
        public int CkLength { get; internal set; }

        /// <summary>IK (first <see cref="IkLength"/> bytes).</summary>
        public byte[] Ik { get; } = new byte[AkaSizes.MaxKey];

        /// <summary>Valid bytes of IK.</summary>
        public int IkLength { get; internal set; }

        /// <summary>AUTN (first <see cref="AutnLength"/> bytes).</summary>
        public byte[] Autn { get; } = new byte[AkaSizes.MaxAutn];

        /// <summary>Valid bytes of AUTN.</summary>
        public int AutnLength { get; internal set; }

        /// <summary>Kc = c3(CK, IK), 8 bytes, when <see cref="HasGsm"/>.</summary>
        public byte[] Kc { get; } = new byte[AkaSizes.Kc];

        /// <summary>SRES = c2(XRES), 4 bytes, when <see cref="HasGsm"/>.</summary>
        public byte[] Sres { get; } = new byte[AkaSizes.Sres];

        /// <summary>True when Kc and SRES were derived (XRES at most 128 bits, CK and IK 128 bits).</summary>
        public bool HasGsm { get; internal set; }

        /// <summary>Zeroes every buffer and length.</summary>
        public void Clear()
        {
            AkaBytes.Zero(this.Rand);
            AkaBytes.Zero(this.Xres);
            AkaBytes.Zero(this.Ck);
            AkaBytes.Zero(this.Ik);
            AkaBytes.Zero(this.Autn);
            AkaBytes.Zero(this.Kc);
            AkaBytes.Zero(this.Sres);
            this.XresLength = 0;
            this.CkLength = 0;
            this.IkLength = 0;
            this.AutnLength = 0;
            this.HasGsm = false;
        }
    }
}
