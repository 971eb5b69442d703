namespace M2MDevice.Firmware.Device
{
    /// <summary>How <see cref="DeviceRuntime.Start"/> ended.</summary>
    public enum DeviceStartResult : byte
    {
        /// <summary>The core runs: the cellular attach and provisioning have begun.</summary>
        Started = 0,

        /// <summary>The key store is blank and no manufacture image was given.</summary>
        NoManufactureImage = 1,

        /// <summary>The manufacture image failed its MAC, version or structure checks (wrong device keys?).</summary>
        BadManufactureImage = 2,

        /// <summary>The key store holds no usable profile for its active identity.</summary>
        NoProfile = 3,
    }
}
