using System;

namespace M2MDevice.Cli.Bench
{
    /// <summary>
    /// What one `m2m bench` run measured: devices and how many provisioned, the wall time of each phase, the process's
    /// peak working set (VmHWM), the largest managed heap sampled, the working set before any device existed, and the
    /// fleet settings. <see cref="MemoryPerDeviceBytes"/> = (peak working set - baseline) / devices.
    /// </summary>
    public sealed record BenchResult(
        int Devices,
        int Provisioned,
        TimeSpan Manufacture,
        TimeSpan Registration,
        TimeSpan DeviceRuns,
        TimeSpan Total,
        long PeakWorkingSetBytes,
        long PeakManagedBytes,
        long BaselineWorkingSetBytes,
        int Workers,
        int MaxActiveDevices)
    {
        /// <summary>Provisioned devices per second of the device-run phase.</summary>
        public double DevicesPerSecond => this.DeviceRuns > TimeSpan.Zero ? this.Provisioned / this.DeviceRuns.TotalSeconds : 0;

        /// <summary>Peak working set above the baseline, divided by the devices (0 for no device).</summary>
        public long MemoryPerDeviceBytes => this.Devices == 0 ? 0 : Math.Max(0, this.PeakWorkingSetBytes - this.BaselineWorkingSetBytes) / this.Devices;

        /// <summary>True when every device provisioned.</summary>
        public bool AllProvisioned => this.Provisioned == this.Devices;
    }
}
