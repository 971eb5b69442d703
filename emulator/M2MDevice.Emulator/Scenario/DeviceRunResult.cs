using System;
using System.Collections.Generic;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// The result of one device run: outcome, failure reason (null when provisioned; never a secret), the
    /// operational IMSI once installed, the PLMN it ended attached to, and time per phase (<see cref="DevicePhase"/>).
    /// </summary>
    public sealed record DeviceRunResult(
        string DeviceId,
        DeviceRunOutcome Outcome,
        string FailureReason,
        string Imsi,
        string ServingPlmn,
        IReadOnlyList<DevicePhaseTiming> Phases)
    {
        /// <summary>Time of the named phase, or null when the device did not reach it.</summary>
        public TimeSpan? TimeOf(string phase)
        {
            foreach (DevicePhaseTiming timing in this.Phases ?? Array.Empty<DevicePhaseTiming>())
            {
                if (string.Equals(timing.Phase, phase, StringComparison.Ordinal))
                {
                    return timing.Duration;
                }
            }

            return null;
        }
    }
}
