namespace M2MDevice.Firmware.Tests.Cost
{
    /// <summary>The AUTHENTICATE outcomes whose cost is measured (TS 33.102 6.3.3, 6.8.1.2).</summary>
    public enum AuthenticateCase
    {
        /// <summary>3G context, MAC and SQN good: RES, CK, IK (and Kc).</summary>
        Success,

        /// <summary>3G context, MAC good, SQN not fresh: AUTS.</summary>
        SyncFailure,

        /// <summary>3G context, MAC wrong: reject, nothing released.</summary>
        MacFailure,

        /// <summary>GSM context: SRES and Kc from f2..f4 (no AUTN).</summary>
        GsmContext,
    }
}
