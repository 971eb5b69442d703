using System;
using System.Collections.Generic;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// What <see cref="DemoScenario"/> did: one row per device, whether devices were run (false when no
    /// <see cref="IDeviceRunner"/> is available), the runner's name, and the time of each stage.
    /// </summary>
    public sealed record DemoReport(IReadOnlyList<DemoDevice> Devices, bool DevicesRun, string RunnerName, TimeSpan ManufactureTime, TimeSpan RegistrationTime, TimeSpan RunTime)
    {
        /// <summary>True when every device expected to provision (associated at registration) did; false when devices were not run.</summary>
        public bool AllExpectedProvisioned
        {
            get
            {
                if (!this.DevicesRun)
                {
                    return false;
                }

                foreach (DemoDevice device in this.Devices)
                {
                    if (device.IsAssociated && (device.Run == null || device.Run.Outcome != DeviceRunOutcome.Provisioned))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}
