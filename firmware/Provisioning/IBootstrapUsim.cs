using M2MDevice.Aka;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// What the provisioning state machine needs from the soft USIM (docs/decisions.md D8): its own AKA run for the
    /// GBA-style bootstrap with RS (TS 33.220 4.5.2, the Ub step) beside the modem's access AKA, and the identity
    /// switch after a profile is committed or rolled back. The soft USIM implements it; the SQN array and its
    /// persistence are shared with the AUTHENTICATE APDU path (RS uses its own IND, so the two never race on a slot).
    /// </summary>
    public interface IBootstrapUsim
    {
        /// <summary>The identity AKA runs with now (after a switch: the identity switched to).</summary>
        UsimIdentityKind CurrentIdentity { get; }

        /// <summary>
        /// Runs the USIM side of AKA (TS 33.102 6.3.3) for RAND (16 bytes) and AUTN (autnLength bytes) with the current
        /// identity's K/OPc and SQN array. Success: output holds RES, CK and IK and the changed SQN slot is durable
        /// before this returns. SyncFailure: output holds AUTS. MacFailure: nothing is released and nothing changes.
        /// </summary>
        AkaResult Authenticate(byte[] rand, int randOffset, byte[] autn, int autnOffset, int autnLength, UsimAuthenticationOutput output);

        /// <summary>
        /// Makes identity (with its profile, a copy from the key store that the USIM may keep) the one presented after
        /// the next SIM reset; the caller has already persisted the choice in the key store.
        /// </summary>
        void SwitchIdentity(UsimIdentityKind identity, UsimProfile profile);
    }
}
