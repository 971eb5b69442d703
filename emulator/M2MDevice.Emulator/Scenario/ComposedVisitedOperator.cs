using System.Collections.Generic;
using M2MDevice.Emulator.Radio;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// A visited operator of a <see cref="NetworkComposition"/>: its spec, its cell (PLMN and core network) in the
    /// radio environment, and its roaming registrations (bearer tokens at RS and at each HO it serves; secret).
    /// </summary>
    public sealed class ComposedVisitedOperator
    {
        internal ComposedVisitedOperator(VisitedOperatorSpec spec, CellOperator cell, string rsToken, IReadOnlyDictionary<string, string> homeOperatorTokens)
        {
            this.Spec = spec;
            this.Cell = cell;
            this.RsToken = rsToken;
            this.HomeOperatorTokens = homeOperatorTokens;
        }

        /// <summary>The configuration.</summary>
        public VisitedOperatorSpec Spec { get; }

        /// <summary>Operator name.</summary>
        public string Name => this.Spec.Name;

        /// <summary>Numeric PLMN.</summary>
        public string Plmn => this.Spec.Plmn;

        /// <summary>The cell in coverage and its core network.</summary>
        public CellOperator Cell { get; }

        /// <summary>The VO's token at RS (null when it does not accept PIMSIs).</summary>
        public string RsToken { get; }

        /// <summary>The VO's token at each HO it serves, by HO name.</summary>
        public IReadOnlyDictionary<string, string> HomeOperatorTokens { get; }
    }
}
