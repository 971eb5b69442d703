namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// Where the provisioning state machine writes its diagnostics: one line per transition, by state and event name,
    /// and one per error reason. Lines never hold a secret (K, OPc, CK, IK, RES, Ks, Ks_NAF, SQN) or a nonce.
    /// </summary>
    public interface IProvisioningLog
    {
        /// <summary>Writes one line (no trailing newline).</summary>
        void Write(string line);
    }
}
