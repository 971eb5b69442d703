namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// Deployment choices of the ESP32 application: file names on the internal drive, flash geometry
    /// emulated by <see cref="FileFlash"/>, runner period and data path. Pins live in <see cref="BoardPins"/>.
    /// </summary>
    public sealed class BoardConfiguration
    {
        /// <summary>Key store file on the internal drive: 14 sectors of 4096 bytes (docs/keystore-format.md 4.1).</summary>
        public const string KeyStorePath = "I:\\m2m-keystore.bin";

        /// <summary>Manufacture image (docs/keystore-format.md 6), loaded once at first boot.</summary>
        public const string ManufactureImagePath = "I:\\m2m-manufacture.bin";

        /// <summary>
        /// Bench only: 32 bytes, storage encryption key then storage MAC key. Production boards derive the
        /// keys in hardware (docs/board.md, "Key store at rest"); this file defeats that and must not ship.
        /// </summary>
        public const string BenchKeyPath = "I:\\m2m-bench-keys.bin";

        /// <summary>Emulated NOR erase unit: the ESP32's SPI flash sector.</summary>
        public const int SectorSize = 4096;

        /// <summary>Emulated NOR program page.</summary>
        public const int PageSize = 256;

        /// <summary>Sectors in the key store file: exactly what DeviceKeyStore needs.</summary>
        public const int SectorCount = 14;

        /// <summary>Period of the runner's tick timer.</summary>
        public const int TickMilliseconds = 100;

        /// <summary>Creates the default configuration: cellular data path.</summary>
        public BoardConfiguration()
        {
            DataPath = DataPath.CellularModem;
        }

        /// <summary>Where HTTPS to RS and HO runs.</summary>
        public DataPath DataPath { get; set; }
    }
}
