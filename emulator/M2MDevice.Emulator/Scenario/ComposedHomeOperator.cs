using System;
using M2MDevice.Emulator.Ho;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// A running home operator of a <see cref="NetworkComposition"/>: its spec, server, base URL, admin token, the
    /// owner registered at it (id and token: what `m2m owner register` needs) and its id at RS.
    /// </summary>
    public sealed class ComposedHomeOperator
    {
        internal ComposedHomeOperator(HomeOperatorSpec spec, HoServer server, string ownerId, string ownerToken)
        {
            this.Spec = spec;
            this.Server = server;
            this.OwnerId = ownerId;
            this.OwnerToken = ownerToken;
        }

        /// <summary>The configuration.</summary>
        public HomeOperatorSpec Spec { get; }

        /// <summary>Operator name.</summary>
        public string Name => this.Spec.Name;

        /// <summary>The HO's PLMN.</summary>
        public string Plmn => this.Spec.Plmn;

        /// <summary>The server.</summary>
        public HoServer Server { get; }

        /// <summary>Base URL (https://127.0.0.1:port/).</summary>
        public Uri BaseAddress => this.Server.BaseAddress;

        /// <summary>The HO admin token.</summary>
        public string AdminToken => this.Server.AdminToken;

        /// <summary>Id of the owner the composition registered.</summary>
        public string OwnerId { get; }

        /// <summary>Bearer token of that owner.</summary>
        public string OwnerToken { get; }

        /// <summary>The HO's id at RS ("ho-…"; RS device records name it).</summary>
        public string RsHomeOperatorId => this.Server.Service?.RsHomeOperatorId;
    }
}
