namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>Outcomes of <see cref="ICellularNetwork"/> requests and unsolicited link changes.</summary>
    public interface ICellularNetworkListener
    {
        /// <summary>
        /// The attach finished. On failure, <paramref name="rejectCause"/> is the last NAS reject cause
        /// seen (TS 24.008 10.5.3.6 / TS 24.301 9.9.3.9) or 0 when none; <paramref name="plmn"/> is the
        /// registered PLMN as MCC+MNC digits, or null.
        /// </summary>
        void OnAttachCompleted(AttachResult result, int rejectCause, string plmn);

        /// <summary>The detach finished (always succeeds from the caller's point of view).</summary>
        void OnDetachCompleted();

        /// <summary>Registration or the PDP context was lost after a successful attach.</summary>
        void OnLinkLost();
    }
}
