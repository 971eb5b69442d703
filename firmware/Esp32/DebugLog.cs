using System.Diagnostics;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// The core's logs on the board: one line each to the debugger output (Visual Studio's Output window, or the
    /// serial console of nanoff/the device explorer). The core never logs a secret (IModemLog, IProvisioningLog).
    /// </summary>
    public sealed class DebugLog : IModemLog, IModemLogFilter, IProvisioningLog
    {
        /// <summary>
        /// Lowest modem log level written (Debug, every entry, by default). Set Information to have the core skip
        /// building its Debug entries (issue 8.3: about 8 KB less allocated per provisioning).
        /// </summary>
        public ModemLogLevel MinimumLevel { get; set; }

        /// <inheritdoc />
        public bool IsEnabled(ModemLogLevel level)
        {
            return level >= MinimumLevel;
        }

        /// <inheritdoc />
        public void Log(ModemLogLevel level, string text)
        {
            if (level < MinimumLevel)
            {
                return;
            }

            Debug.WriteLine(level >= ModemLogLevel.Warning ? "! " + text : text);
        }

        /// <inheritdoc />
        public void Write(string line)
        {
            Debug.WriteLine(line);
        }
    }
}
