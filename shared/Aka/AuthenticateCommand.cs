namespace M2MDevice.Aka
{
    /// <summary>
    /// A parsed AUTHENTICATE command (TS 31.102 7.1.2): caller-owned and reusable; filled by
    /// <see cref="AuthenticateApdu.ParseCommand"/> without allocation.
    /// </summary>
    public sealed class AuthenticateCommand
    {
        /// <summary>The CLA byte.</summary>
        public byte Class { get; internal set; }

        /// <summary>Logical channel from CLA (TS 102 221 10.1.1): 0..3 for '0X', 4..19 for '4X'.</summary>
        public int LogicalChannel { get; internal set; }

        /// <summary>Security context from P2.</summary>
        public AuthenticateContext Context { get; internal set; }

        /// <summary>RAND, 16 bytes.</summary>
        public byte[] Rand { get; } = new byte[AkaSizes.Rand];

        /// <summary>AUTN (first <see cref="AutnLength"/> bytes; 3G context only).</summary>
        public byte[] Autn { get; } = new byte[AkaSizes.MaxAutn];

        /// <summary>Valid bytes of AUTN; 0 in GSM context.</summary>
        public int AutnLength { get; internal set; }

        /// <summary>True when the command ended with Le.</summary>
        public bool HasLe { get; internal set; }

        /// <summary>Le as a count (a coded '00' is 256); 0 when absent.</summary>
        public int Le { get; internal set; }
    }
}
