using System;
using System.Collections.Generic;
using M2MDevice.Aka;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Tests.Provisioning
{
    /// <summary>
    /// The cellular link for provisioning tests: requests are held until the harness delivers them (never a call back
    /// from inside BeginAttach). An attach runs real AKA against the identity the USIM presents, with the network's
    /// AuC for it (RS's for the PIMSI with the visited operator's IND, the home operator's for the new IMSI), unless a
    /// scripted failure is queued for that identity.
    /// </summary>
    internal sealed class FakeCellularNetwork : ICellularNetwork
    {
        private readonly FakeBootstrapUsim usim;
        private readonly TestRegistrationService rs;
        private readonly TestHomeOperator ho;
        private Action pending;

        public FakeCellularNetwork(FakeBootstrapUsim usim, TestRegistrationService rs, TestHomeOperator ho, Queue<AttachResult?> preliminaryScript, Queue<AttachResult?> operationalScript)
        {
            this.usim = usim;
            this.rs = rs;
            this.ho = ho;
            PreliminaryScript = preliminaryScript;
            OperationalScript = operationalScript;
        }

        public ICellularNetworkListener Listener { get; set; }

        /// <summary>
        /// Scripted outcomes per identity, consumed one per attach: a failure result, Attached (a real attach with AKA),
        /// or null (no answer: the state machine's timer must fire). Empty = a real attach with AKA. Owned by the
        /// harness, so a script survives reboots like the network does.
        /// </summary>
        public Queue<AttachResult?> PreliminaryScript { get; }

        public Queue<AttachResult?> OperationalScript { get; }

        /// <summary>When set, attaches are never answered (the state machine's timer must fire).</summary>
        public bool Silent { get; set; }

        public List<string> Calls { get; } = new List<string>();

        public byte[] LastAllowedPlmns { get; private set; }

        public string LastApn { get; private set; }

        public bool HasPending => pending != null;

        /// <summary>Complete from inside BeginAttach/BeginDetach.</summary>
        public bool Synchronous { get; set; }

        public void BeginAttach(byte[] allowedPlmns, string apn)
        {
            Assert.Null(pending);
            UsimIdentityKind identity = usim.CurrentIdentity;
            Calls.Add("attach " + usim.CurrentImsi);
            LastAllowedPlmns = allowedPlmns;
            LastApn = apn;
            Queue<AttachResult?> script = identity == UsimIdentityKind.Preliminary ? PreliminaryScript : OperationalScript;
            AttachResult? scripted = script.Count > 0 ? script.Dequeue() : AttachResult.Attached;
            if (Silent || scripted == null)
            {
                return;
            }

            pending = () =>
            {
                if (scripted.Value != AttachResult.Attached)
                {
                    AttachResult failure = scripted.Value;
                    Listener.OnAttachCompleted(failure, failure == AttachResult.Rejected ? 15 : 0, null);
                    return;
                }

                bool authenticated = identity == UsimIdentityKind.Preliminary
                    ? rs.AuthenticateVisited(usim)
                    : ho.AuthenticateOperational(usim);
                if (!authenticated)
                {
                    Listener.OnAttachCompleted(AttachResult.AuthenticationFailed, 0, null);
                    return;
                }

                Listener.OnAttachCompleted(AttachResult.Attached, 0, identity == UsimIdentityKind.Preliminary ? "00101" : "00102");
            };
            if (Synchronous)
            {
                Deliver();
            }
        }

        public void BeginDetach()
        {
            Assert.Null(pending);
            Calls.Add("detach");
            pending = () => Listener.OnDetachCompleted();
            if (Synchronous)
            {
                Deliver();
            }
        }

        public void Deliver()
        {
            Action action = pending;
            pending = null;
            action();
        }

        public void LoseLink()
        {
            Listener.OnLinkLost();
        }
    }
}
