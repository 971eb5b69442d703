namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// Every pin and UART setting of the supported board, in one place (docs/board.md has the wiring
    /// table): LilyGO T-A7670 (ESP32-WROVER-E + SIMCom A7670E/SA/G). Values from LilyGO's
    /// LilyGO-T-A76XX utilities.h (LILYGO_T_A7670). Another board changes only this class.
    /// </summary>
    public static class BoardPins
    {
        /// <summary>nanoFramework UART used for the modem (COM2 = ESP32 UART1; COM1 carries the debugger).</summary>
        public const string ModemPort = "COM2";

        /// <summary>Modem UART speed: the A7670's default fixed rate.</summary>
        public const int ModemBaudRate = 115200;

        /// <summary>ESP32 GPIO driving the modem's RXD (ESP32 TX).</summary>
        public const int ModemTx = 26;

        /// <summary>ESP32 GPIO reading the modem's TXD (ESP32 RX).</summary>
        public const int ModemRx = 27;

        /// <summary>Modem PWRKEY (through a transistor on the board: ESP32 high = PWRKEY pulled low).</summary>
        public const int ModemPowerKey = 4;

        /// <summary>Enables the board's DC-DC supply of the modem (BOARD_POWERON); high = powered.</summary>
        public const int ModemPowerEnable = 12;

        /// <summary>Modem RESET (MODEM_RESET_LEVEL high = reset asserted).</summary>
        public const int ModemReset = 5;

        /// <summary>Modem DTR (sleep control); held low = awake.</summary>
        public const int ModemDtr = 25;

        /// <summary>Modem RI (ring indicator), input; unused by the firmware.</summary>
        public const int ModemRing = 33;

        /// <summary>PWRKEY pulse that powers the modem on (LilyGO MODEM_POWERON_PULSE_WIDTH_MS).</summary>
        public const int PowerKeyOnPulseMilliseconds = 100;

        /// <summary>PWRKEY pulse that powers the modem off (LilyGO examples use 3 s; prefer AT+CPOF).</summary>
        public const int PowerKeyOffPulseMilliseconds = 3000;

        /// <summary>How long RESET is held asserted (LilyGO examples: 2.6 s).</summary>
        public const int ResetPulseMilliseconds = 2600;
    }
}
