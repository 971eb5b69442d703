using System;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// The "cellular network" of a bench board without a modem (<see cref="DataPath.NativeIp"/>, docs/board.md section 8).
    /// There is no radio: an attach, with the PIMSI or with the new IMSI alike, reports Attached as soon as the board's IP
    /// link has an address (no PLMN: the install receipt then carries none), and a detach completes at the next tick.
    /// The identity switch itself still happens where it always does, in the soft USIM and the key store. So the bench
    /// path exercises bootstrap with RS, the HO download, install, the identity switch and the receipt, but proves
    /// nothing about the radio attach (network selection, access AKA with the visited or home operator, PDP context).
    /// Outcomes are delivered from <see cref="Tick"/>, on the runtime's thread, never from inside a Begin call.
    /// </summary>
    public sealed class BenchNetwork : IDeviceCellularNetwork
    {
        /// <summary>How often an attached link is checked for a lost address (the check allocates).</summary>
        public const int LinkCheckMilliseconds = 5000;

        private readonly INativeIpLink link;
        private readonly int attachTimeoutMilliseconds;
        private readonly IProvisioningLog log;
        private ICellularNetworkListener listener;
        private bool attachPending;
        private bool detachPending;
        private bool attached;
        private int waitedMilliseconds;

        /// <summary>
        /// Attaches over link; an attach still without an address after attachTimeoutMilliseconds ends
        /// <see cref="AttachResult.NoNetwork"/>. log (optional) gets one line per request.
        /// </summary>
        public BenchNetwork(INativeIpLink link, int attachTimeoutMilliseconds, IProvisioningLog log)
        {
            if (link == null)
            {
                throw new ArgumentNullException(nameof(link));
            }

            if (attachTimeoutMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(attachTimeoutMilliseconds));
            }

            this.link = link;
            this.attachTimeoutMilliseconds = attachTimeoutMilliseconds;
            this.log = log;
        }

        /// <summary>Attaches reported so far (each one a bench attach: no radio).</summary>
        public int Attaches { get; private set; }

        /// <inheritdoc />
        public void SetListener(ICellularNetworkListener listener)
        {
            this.listener = listener;
        }

        /// <inheritdoc />
        public void BeginAttach(byte[] allowedPlmns, string apn)
        {
            // Network selection and the APN belong to the radio; the bench link has neither.
            attachPending = true;
            detachPending = false;
            attached = false;
            waitedMilliseconds = 0;
            Write("bench-network: attach without radio (no network selection, no access AKA): waiting for the IP link");
        }

        /// <inheritdoc />
        public void BeginDetach()
        {
            attachPending = false;
            attached = false;
            detachPending = true;
            Write("bench-network: detach (nothing to detach)");
        }

        /// <inheritdoc />
        public void Tick(int elapsedMilliseconds)
        {
            if (listener == null || elapsedMilliseconds <= 0)
            {
                return;
            }

            if (detachPending)
            {
                detachPending = false;
                listener.OnDetachCompleted();
                return;
            }

            if (attachPending)
            {
                if (link.HasIpAddress)
                {
                    attachPending = false;
                    attached = true;
                    waitedMilliseconds = 0;
                    Attaches++;
                    Write("bench-network: IP link up, reporting Attached");
                    listener.OnAttachCompleted(AttachResult.Attached, 0, null);
                    return;
                }

                waitedMilliseconds += elapsedMilliseconds;
                if (waitedMilliseconds >= attachTimeoutMilliseconds)
                {
                    attachPending = false;
                    Write("bench-network: no IP address, reporting NoNetwork");
                    listener.OnAttachCompleted(AttachResult.NoNetwork, 0, null);
                }

                return;
            }

            if (attached)
            {
                waitedMilliseconds += elapsedMilliseconds;
                if (waitedMilliseconds >= LinkCheckMilliseconds)
                {
                    waitedMilliseconds = 0;
                    if (!link.HasIpAddress)
                    {
                        attached = false;
                        Write("bench-network: IP address lost");
                        listener.OnLinkLost();
                    }
                }
            }
        }

        private void Write(string line)
        {
            if (log != null)
            {
                log.Write(line);
            }
        }
    }
}
