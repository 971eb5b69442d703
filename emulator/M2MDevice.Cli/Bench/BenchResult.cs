using System;

namespace M2MDevice.Cli.Bench
{
    /// <summary>
    /// What one `m2m bench` run measured: devices and how many provisioned, the wall time of each phase, the process's
    /// peak working set (VmHWM), the largest managed heap sampled, the working set before any device existed, and the
    /// fleet settings. <see cref="MemoryPerDeviceBytes"/> = (peak working set - baseline) / devices. With --stay-attached
    /// also the resident devices, how many were attached at the end, and the memory per resident device.
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

        /// <summary>Whether the run kept provisioned devices alive and attached (`--stay-attached`).</summary>
        public bool StayAttached { get; init; }

        /// <summary>Devices alive at the end (provisioned and kept; 0 without --stay-attached).</summary>
        public int Resident { get; init; }

        /// <summary>Resident devices registered at home under their operational IMSI at the end, counted from their modems.</summary>
        public int AttachedAtEnd { get; init; }

        /// <summary>Managed heap after a full collection with the network up and no device yet (bytes; --stay-attached only).</summary>
        public long BaselineManagedBytes { get; init; }

        /// <summary>Managed heap after a full collection with every resident device alive (bytes; --stay-attached only).</summary>
        public long ResidentManagedBytes { get; init; }

        /// <summary>Wall time to shut every resident device down after the count.</summary>
        public TimeSpan Shutdown { get; init; }

        /// <summary>(Peak working set - baseline) / resident devices (0 without residents).</summary>
        public long WorkingSetPerResidentBytes => this.Resident == 0 ? 0 : Math.Max(0, this.PeakWorkingSetBytes - this.BaselineWorkingSetBytes) / this.Resident;

        /// <summary>(Managed heap with residents - managed baseline) / resident devices, both after a full collection (0 without residents).</summary>
        public long ManagedPerResidentBytes => this.Resident == 0 ? 0 : Math.Max(0, this.ResidentManagedBytes - this.BaselineManagedBytes) / this.Resident;
    }
}
