namespace M2MDevice.Emulator.Modem
{
    /// <summary>The TS 27.007 9.2 +CME ERROR numbers the emulated modem reports.</summary>
    internal static class CmeError
    {
        /// <summary>3 operation not allowed.</summary>
        public const int OperationNotAllowed = 3;

        /// <summary>4 operation not supported.</summary>
        public const int OperationNotSupported = 4;

        /// <summary>10 SIM not inserted.</summary>
        public const int SimNotInserted = 10;

        /// <summary>11 SIM PIN required.</summary>
        public const int SimPinRequired = 11;

        /// <summary>13 SIM failure.</summary>
        public const int SimFailure = 13;

        /// <summary>14 SIM busy.</summary>
        public const int SimBusy = 14;

        /// <summary>22 not found.</summary>
        public const int NotFound = 22;

        /// <summary>30 no network service.</summary>
        public const int NoNetworkService = 30;

        /// <summary>50 incorrect parameters.</summary>
        public const int IncorrectParameters = 50;

        /// <summary>100 unknown.</summary>
        public const int Unknown = 100;

        /// <summary>148 unspecified GPRS error.</summary>
        public const int UnspecifiedGprsError = 148;
    }
}
