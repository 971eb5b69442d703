using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// An <see cref="ICellularNetwork"/> the host plugs into <see cref="DeviceRuntime"/> instead of the modem's cellular
    /// state machine (<see cref="DeviceHal.Network"/>): the bench link of a board without a modem, a fake in tests. The
    /// runtime binds it to the provisioning state machine at Start and ticks it from <see cref="DeviceRuntime.Tick"/>;
    /// outcomes are delivered from inside Tick (or from inside the Begin call), on the runtime's thread.
    /// </summary>
    public interface IDeviceCellularNetwork : ICellularNetwork
    {
        /// <summary>Where outcomes go (the provisioning state machine); set once by the runtime before the first request.</summary>
        void SetListener(ICellularNetworkListener listener);

        /// <summary>Called by <see cref="DeviceRuntime.Tick"/> on the runtime's thread, before the provisioning timers.</summary>
        void Tick(int elapsedMilliseconds);
    }
}
