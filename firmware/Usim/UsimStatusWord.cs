namespace M2MDevice.Firmware.Usim
{
    /// <summary>
    /// The status words (SW1 SW2) the soft USIM answers with: TS 102 221 10.2.1 and TS 31.102 7.3.
    /// 61xx and 6Cxx carry a length in SW2 and are built with <see cref="MoreDataAvailable"/> and
    /// <see cref="WrongLe"/>.
    /// </summary>
    public static class UsimStatusWord
    {
        /// <summary>9000: normal ending of the command (TS 102 221 10.2.1.1).</summary>
        public const ushort Success = 0x9000;

        /// <summary>61xx base: response data available, SW2 = length, fetch with GET RESPONSE (T=0, TS 102 221 10.2.1.1).</summary>
        public const ushort MoreDataAvailableBase = 0x6100;

        /// <summary>63Cx base: verification failed, x retries left (TS 102 221 10.2.1.3).</summary>
        public const ushort VerificationFailedBase = 0x63C0;

        /// <summary>6700: wrong length (TS 102 221 10.2.1.5).</summary>
        public const ushort WrongLength = 0x6700;

        /// <summary>6881: logical channel not supported (TS 102 221 10.2.1.5).</summary>
        public const ushort LogicalChannelNotSupported = 0x6881;

        /// <summary>6882: secure messaging not supported (TS 102 221 10.2.1.5).</summary>
        public const ushort SecureMessagingNotSupported = 0x6882;

        /// <summary>6981: command incompatible with file structure (TS 102 221 10.2.1.5).</summary>
        public const ushort IncompatibleFileStructure = 0x6981;

        /// <summary>6982: security status not satisfied (TS 102 221 10.2.1.5).</summary>
        public const ushort SecurityStatusNotSatisfied = 0x6982;

        /// <summary>6983: authentication/PIN method blocked (TS 102 221 10.2.1.5).</summary>
        public const ushort PinBlocked = 0x6983;

        /// <summary>6985: conditions of use not satisfied (TS 102 221 10.2.1.5).</summary>
        public const ushort ConditionsOfUseNotSatisfied = 0x6985;

        /// <summary>6986: command not allowed, no EF selected (TS 102 221 10.2.1.5).</summary>
        public const ushort NoEfSelected = 0x6986;

        /// <summary>6A80: incorrect parameters in the data field (TS 102 221 10.2.1.5).</summary>
        public const ushort IncorrectData = 0x6A80;

        /// <summary>6A82: file or application not found (TS 102 221 10.2.1.5).</summary>
        public const ushort FileNotFound = 0x6A82;

        /// <summary>6A83: record not found (TS 102 221 10.2.1.5).</summary>
        public const ushort RecordNotFound = 0x6A83;

        /// <summary>6A86: incorrect parameters P1 to P2 (TS 102 221 10.2.1.5).</summary>
        public const ushort IncorrectP1P2 = 0x6A86;

        /// <summary>6A88: referenced data not found (TS 102 221 10.2.1.5).</summary>
        public const ushort ReferencedDataNotFound = 0x6A88;

        /// <summary>6B00: wrong parameters P1-P2, e.g. offset outside the EF (TS 102 221 10.2.1.5).</summary>
        public const ushort WrongP1P2 = 0x6B00;

        /// <summary>6Cxx base: wrong Le, SW2 = the exact length available (TS 102 221 10.2.1.5).</summary>
        public const ushort WrongLeBase = 0x6C00;

        /// <summary>6D00: instruction code not supported or invalid (TS 102 221 10.2.1.5).</summary>
        public const ushort InstructionNotSupported = 0x6D00;

        /// <summary>6E00: class not supported (TS 102 221 10.2.1.5).</summary>
        public const ushort ClassNotSupported = 0x6E00;

        /// <summary>9862: authentication error, incorrect MAC (TS 31.102 7.3).</summary>
        public const ushort AuthenticationIncorrectMac = 0x9862;

        /// <summary>9864: authentication error, security context not supported (TS 31.102 7.3).</summary>
        public const ushort SecurityContextNotSupported = 0x9864;

        /// <summary>61xx for a length of 1..256 bytes (256 is coded '00').</summary>
        public static ushort MoreDataAvailable(int length)
        {
            return (ushort)(MoreDataAvailableBase | (length & 0xFF));
        }

        /// <summary>6Cxx for an available length of 1..256 bytes (256 is coded '00').</summary>
        public static ushort WrongLe(int length)
        {
            return (ushort)(WrongLeBase | (length & 0xFF));
        }
    }
}
