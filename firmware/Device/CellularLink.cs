using System;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// The cellular state machine as provisioning drives it. Provisioning bounds each attach and detach with its own
    /// timer and then asks again; the cellular machine takes a request only when idle (an attach on a slow or faulty
    /// modem can outlast that timer: scans of minutes, commands answered late or never). Here a request that finds the
    /// machine still busy with one provisioning gave up on supersedes it: the link is detached first (which abandons
    /// the attach in any state and power-cycles the SIM), then the new attach starts. The detach done on its own
    /// behalf is not reported to provisioning, which is not waiting for it.
    /// </summary>
    public sealed class CellularLink : ICellularNetwork, ICellularNetworkListener
    {
        private readonly CellularStateMachine cellular;
        private byte[] pendingPlmns;
        private string pendingApn;
        private bool attachPending;
        private bool abandoning;

        /// <summary>Wraps cellular and becomes its listener.</summary>
        public CellularLink(CellularStateMachine cellular)
        {
            if (cellular == null)
            {
                throw new ArgumentNullException(nameof(cellular));
            }

            this.cellular = cellular;
            cellular.Listener = this;
        }

        /// <summary>Provisioning (told about outcomes). Set before the first request.</summary>
        public ICellularNetworkListener Listener { get; set; }

        /// <summary>Attach requests that found an earlier request still running and superseded it.</summary>
        public int SupersededRequests { get; private set; }

        /// <inheritdoc />
        public void BeginAttach(byte[] allowedPlmns, string apn)
        {
            CellularState state = cellular.State;
            if (!abandoning && (state == CellularState.Off || state == CellularState.Ready || state == CellularState.Attached))
            {
                cellular.BeginAttach(allowedPlmns, apn);
                return;
            }

            SupersededRequests++;
            pendingPlmns = allowedPlmns;
            pendingApn = apn;
            attachPending = true;
            if (!abandoning)
            {
                abandoning = true;
                if (state != CellularState.Detaching)
                {
                    cellular.BeginDetach(); // a detach already running does the same job
                }
            }
        }

        /// <inheritdoc />
        public void BeginDetach()
        {
            attachPending = false;
            abandoning = false;
            cellular.BeginDetach();
        }

        /// <inheritdoc />
        public void OnAttachCompleted(AttachResult result, int rejectCause, string plmn)
        {
            Listener.OnAttachCompleted(result, rejectCause, plmn);
        }

        /// <inheritdoc />
        public void OnDetachCompleted()
        {
            if (!abandoning)
            {
                Listener.OnDetachCompleted();
                return;
            }

            abandoning = false;
            if (attachPending)
            {
                attachPending = false;
                byte[] plmns = pendingPlmns;
                pendingPlmns = null;
                cellular.BeginAttach(plmns, pendingApn);
            }
        }

        /// <inheritdoc />
        public void OnLinkLost()
        {
            if (!abandoning)
            {
                Listener.OnLinkLost();
            }
        }
    }
}
