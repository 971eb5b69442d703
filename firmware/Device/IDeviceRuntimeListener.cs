using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// Told about state changes of a <see cref="DeviceRuntime"/> (displays, LEDs, the emulator's phase timing).
    /// Called on the runtime's thread from inside Start, Receive or Tick: return quickly and do not call back into
    /// the runtime. Never receives a secret.
    /// </summary>
    public interface IDeviceRuntimeListener
    {
        /// <summary>The provisioning state machine moved from previous to current.</summary>
        void OnProvisioningStateChanged(ProvisioningState previous, ProvisioningState current);

        /// <summary>The cellular state machine moved from previous to current.</summary>
        void OnCellularStateChanged(CellularState previous, CellularState current);
    }
}
