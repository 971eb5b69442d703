using System;

namespace M2MDevice.Firmware.Hal
{
    /// <summary>
    /// Thrown by <see cref="SimulatedFlash"/> when its armed power cut fires: the device has lost power
    /// in the middle of a flash operation. Tests catch it, call <see cref="SimulatedFlash.Reboot"/> and
    /// mount the store again; firmware never catches it.
    /// </summary>
    public sealed class PowerCutException : Exception
    {
        /// <summary>Creates the exception with a description of where power was cut.</summary>
        public PowerCutException(string message)
            : base(message)
        {
        }
    }
}
