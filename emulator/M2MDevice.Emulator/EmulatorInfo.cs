namespace M2MDevice.Emulator
{
    /// <summary>Facts about the emulator build shown by the CLI.</summary>
    public static class EmulatorInfo
    {
        /// <summary>The product name used in certificates and logs.</summary>
        public const string ProductName = "M2MDevice emulator";
    }
}
