using M2MDevice.Firmware.Modem;

namespace M2MDevice.Firmware.Device
{
    /// <summary>The modem log as the runtime hands it to the modem machines: forwards and observes state changes.</summary>
    internal sealed class ModemLogTap : IModemLog, IModemLogFilter
    {
        private readonly DeviceRuntime runtime;
        private readonly IModemLog inner;
        private readonly IModemLogFilter filter;

        public ModemLogTap(DeviceRuntime runtime, IModemLog inner)
        {
            this.runtime = runtime;
            this.inner = inner;
            filter = inner as IModemLogFilter;
        }

        public void Log(ModemLogLevel level, string text)
        {
            if (inner != null)
            {
                inner.Log(level, text);
            }

            runtime.ObserveStates();
        }

        public bool IsEnabled(ModemLogLevel level)
        {
            // Only Debug entries are ever skipped, and no state change is logged at Debug: observation is unchanged.
            return level != ModemLogLevel.Debug || (inner != null && (filter == null || filter.IsEnabled(level)));
        }
    }
}
