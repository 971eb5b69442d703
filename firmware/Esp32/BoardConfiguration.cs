using System.IO;
using M2MDevice.Firmware.Modem;

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

        /// <summary>
        /// Bench only: its presence selects <see cref="DataPath.NativeIp"/> (<see cref="BenchWifiFile"/>: SSID and
        /// password, or empty for the Wi-Fi configuration stored on the device).
        /// </summary>
        public const string BenchWifiPath = "I:\\m2m-bench-wifi.txt";

        /// <summary>Longest wait for Wi-Fi: association, DHCP and a valid clock (SNTP) before the core starts.</summary>
        public const int WifiConnectTimeoutMilliseconds = 60000;

        /// <summary>Longest wait of a bench attach for the IP address (then NoNetwork; provisioning retries).</summary>
        public const int BenchAttachTimeoutMilliseconds = 30000;

        /// <summary>Emulated NOR erase unit: the ESP32's SPI flash sector.</summary>
        public const int SectorSize = 4096;

        /// <summary>Emulated NOR program page.</summary>
        public const int PageSize = 256;

        /// <summary>Sectors in the key store file: exactly what DeviceKeyStore needs.</summary>
        public const int SectorCount = 14;

        /// <summary>Period of the runner's tick timer.</summary>
        public const int TickMilliseconds = 100;

        /// <summary>
        /// Lowest modem log level written to the debug output. Information keeps a provisioning under the 64 KB
        /// allocation budget (docs/performance.md section 2); set Debug to see every AT command line.
        /// </summary>
        public const ModemLogLevel ModemLogMinimumLevel = ModemLogLevel.Information;

        /// <summary>Creates the default configuration: cellular data path (<see cref="Load"/> reads the bench overrides).</summary>
        public BoardConfiguration()
        {
            DataPath = DataPath.CellularModem;
        }

        /// <summary>Where HTTPS to RS and HO runs, and what provisioning attaches (docs/board.md section 8).</summary>
        public DataPath DataPath { get; set; }

        /// <summary>Wi-Fi network of <see cref="DataPath.NativeIp"/>; null uses the configuration stored on the device.</summary>
        public string WifiSsid { get; set; }

        /// <summary>Its password (null with <see cref="WifiSsid"/> null).</summary>
        public string WifiPassword { get; set; }

        /// <summary>True when <see cref="BenchWifiPath"/> exists but could not be read (the cellular default applies).</summary>
        public bool BenchWifiFileRejected { get; private set; }

        /// <summary>
        /// The configuration of this board: the default (cellular modem), switched to <see cref="DataPath.NativeIp"/> when
        /// the bench Wi-Fi file <see cref="BenchWifiPath"/> is on I:\ and readable.
        /// </summary>
        public static BoardConfiguration Load()
        {
            BoardConfiguration configuration = new BoardConfiguration();
            string ssid;
            string password;
            if (BenchWifiFile.TryLoad(BenchWifiPath, out ssid, out password))
            {
                configuration.DataPath = DataPath.NativeIp;
                configuration.WifiSsid = ssid;
                configuration.WifiPassword = password;
            }
            else if (File.Exists(BenchWifiPath))
            {
                configuration.BenchWifiFileRejected = true;
            }

            return configuration;
        }
    }
}
