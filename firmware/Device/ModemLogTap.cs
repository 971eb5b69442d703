using M2MDevice.Firmware.Modem;

namespace M2MDevice.Firmware.Device
{
    /// <summary>The modem log as the runtime hands it to the modem machines: forwards and observes state changes.</summary>
    internal sealed class ModemLogTap : IModemLog
    {
        private readonly DeviceRuntime runtime;
        private readonly IModemLog inner;

        public ModemLogTap(DeviceRuntime runtime, IModemLog inner)
        {
            this.runtime = runtime;
            this.inner = inner;
        }

        public void Log(ModemLogLevel level, string text)
        {
            if (inner != null)
            {
                inner.Log(level, text);
            }

            runtime.ObserveStates();
        }
    }
}
