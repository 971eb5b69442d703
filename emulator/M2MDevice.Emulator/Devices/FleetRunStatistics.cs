using System;

namespace M2MDevice.Emulator.Devices
{
    /// <summary>
    /// What a <see cref="DeviceFleet"/> run did: devices, worker threads, wall time (with resident devices: until every
    /// device had an outcome, their shutdown is <see cref="ShutdownTime"/>), calls into firmware cores; under
    /// <see cref="DeviceFleetOptions.KeepAttached"/> also the devices kept resident, how many of them were registered at
    /// home when the run ended (counted from their modems' registration state, not from the outcomes), and the managed
    /// heap after a full collection with all of them alive (0 without KeepAttached).
    /// </summary>
    public sealed record FleetRunStatistics(int Devices, int Workers, TimeSpan WallTime, long CoreSteps)
    {
        /// <summary>Devices kept alive after provisioning (<see cref="DeviceFleetOptions.KeepAttached"/>).</summary>
        public int Resident { get; init; }

        /// <summary>Resident devices whose modem was registered at home (TS 27.007 stat 1) under their operational IMSI at the end.</summary>
        public int AttachedAtEnd { get; init; }

        /// <summary>GC.GetTotalMemory after a full collection while every resident device was alive (bytes; 0 without residents).</summary>
        public long ResidentManagedBytes { get; init; }

        /// <summary>Wall time from the end of the run (every device has an outcome) until every resident device was shut down.</summary>
        public TimeSpan ShutdownTime { get; init; }
    }
}
