using System;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>Settings of one <see cref="EmulatedModem"/>.</summary>
    public sealed class ModemOptions
    {
        /// <summary>+CGMI text.</summary>
        public string Manufacturer { get; set; } = "M2MDevice";

        /// <summary>+CGMM text (an A7670-class module: the SIMCom TLS/HTTP command set is modelled).</summary>
        public string Model { get; set; } = "EMU-A7670E";

        /// <summary>+CGMR text.</summary>
        public string Revision { get; set; } = "M2MDevice emulated modem 1.0";

        /// <summary>+CGSN: the IMEI (15 digits, TS 23.003 6.2.1).</summary>
        public string Imei { get; set; } = "356938035643809";

        /// <summary>How long the device may take to answer a remote-SIM request (docs/remote-sim.md suggests 10 s).</summary>
        public TimeSpan RemoteSimTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The slot in use at start (AT+M2MSIMSEL changes it).</summary>
        public SimSlot InitialSlot { get; set; } = SimSlot.Inserted;

        /// <summary>+CFUN at start: 1 (full: SIM read and automatic registration) or 0 (minimum).</summary>
        public int InitialFunctionality { get; set; } = 1;

        /// <summary>
        /// When false (default), an https request whose SSL context verifies nothing (authmode 0) fails with
        /// 719 "CA missed" instead of trusting any server: the emulator never lets TLS succeed silently.
        /// </summary>
        public bool AllowUnverifiedTls { get; set; }

        /// <summary>Largest HTTP response body kept for AT+HTTPREAD.</summary>
        public int MaxHttpResponseBytes { get; set; } = 1024 * 1024;

        /// <summary>Longest command line accepted (longer lines are answered ERROR).</summary>
        public int MaxLineLength { get; set; } = 4096;

        /// <summary>Clock for certificate validity, the walled garden and the remote-SIM timeout.</summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>Logger factory (optional). Command lines are never logged: they may carry keys.</summary>
        public ILoggerFactory LoggerFactory { get; set; }

        internal void Validate()
        {
            if (string.IsNullOrEmpty(Imei) || Imei.Length != 15 || !IsDigits(Imei))
            {
                throw new ArgumentException("IMEI must be 15 digits");
            }

            if (RemoteSimTimeout <= TimeSpan.Zero)
            {
                throw new ArgumentException("RemoteSimTimeout must be positive");
            }

            if (InitialFunctionality != 0 && InitialFunctionality != 1)
            {
                throw new ArgumentException("InitialFunctionality is 0 or 1");
            }

            if (MaxLineLength < 600 || MaxHttpResponseBytes < 1)
            {
                throw new ArgumentException("MaxLineLength >= 600 (remote-SIM lines) and MaxHttpResponseBytes >= 1");
            }

            ArgumentNullException.ThrowIfNull(Clock);
        }

        private static bool IsDigits(string text)
        {
            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
