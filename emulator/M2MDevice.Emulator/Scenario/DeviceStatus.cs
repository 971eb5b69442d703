using M2MDevice.Emulator.Ho;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// A device as RS and its home operator see it (no secrets): the stage, RS's record (null when RS does not know
    /// it), the HO's record (null when no HO was asked or the HO does not know it) and a problem text when a lookup
    /// failed (e.g. "RS: 404 unknown-device").
    /// </summary>
    public sealed record DeviceStatus(string DeviceId, DeviceStage Stage, DeviceRecord Rs, HoDeviceRecord Ho, string Problem)
    {
        /// <summary>The stage from the two records (see <see cref="DeviceStage"/>).</summary>
        public static DeviceStage StageOf(DeviceRecord rs, HoDeviceRecord ho)
        {
            if (ho != null)
            {
                switch (ho.State)
                {
                    case "provisioned":
                        return DeviceStage.Provisioned;
                    case "failed":
                        return DeviceStage.Failed;
                    case "issued":
                        return DeviceStage.Downloaded;
                }

                if (ho.Association == "associated")
                {
                    return DeviceStage.Associated;
                }
            }

            if (rs == null)
            {
                return ho == null ? DeviceStage.Unknown : DeviceStage.Allocated;
            }

            if (rs.State == "retired")
            {
                return DeviceStage.Retired;
            }

            return rs.HomeOperatorId != null ? DeviceStage.Associated : DeviceStage.Allocated;
        }
    }
}
