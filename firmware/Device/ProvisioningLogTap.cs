using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// The provisioning log as the runtime hands it to the state machine: forwards every line and, because the machine
    /// logs each transition right after it changes state, lets the runtime notice every state it passes through.
    /// </summary>
    internal sealed class ProvisioningLogTap : IProvisioningLog
    {
        private readonly DeviceRuntime runtime;
        private readonly IProvisioningLog inner;

        public ProvisioningLogTap(DeviceRuntime runtime, IProvisioningLog inner)
        {
            this.runtime = runtime;
            this.inner = inner;
        }

        public void Write(string line)
        {
            if (inner != null)
            {
                inner.Write(line);
            }

            runtime.ObserveStates();
        }
    }
}
