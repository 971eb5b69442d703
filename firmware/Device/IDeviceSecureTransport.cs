using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// An <see cref="ISecureTransport"/> the host plugs into <see cref="DeviceRuntime"/> instead of the modem's HTTPS
    /// (<see cref="DeviceHal.SecureTransport"/>): nanoFramework's SslStream on a bench board, a fake in tests. The runtime
    /// binds it to the provisioning state machine at Start and ticks it from <see cref="DeviceRuntime.Tick"/>, so an
    /// implementation whose work runs elsewhere (a worker thread) delivers its completion from Tick, on the runtime's
    /// thread, never from its own.
    /// </summary>
    public interface IDeviceSecureTransport : ISecureTransport
    {
        /// <summary>Where completions go (the provisioning state machine); set once by the runtime before the first request.</summary>
        void SetListener(ISecureTransportListener listener);

        /// <summary>
        /// Called by <see cref="DeviceRuntime.Tick"/> on the runtime's thread, before the provisioning timers: deliver a
        /// completion that became ready since the last call (at most one, on the listener, from inside this call).
        /// </summary>
        void Tick(int elapsedMilliseconds);
    }
}
