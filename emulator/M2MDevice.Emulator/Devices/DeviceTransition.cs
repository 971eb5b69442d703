using System;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>One provisioning state change of an emulated device, at a time relative to the device's start.</summary>
    public sealed record DeviceTransition(TimeSpan At, ProvisioningState From, ProvisioningState To);
}
