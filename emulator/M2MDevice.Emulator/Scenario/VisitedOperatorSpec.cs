using System.Collections.Generic;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// One visited operator of a <see cref="NetworkComposition"/>: a cell in coverage (PLMN, names, signal) whose core
    /// accepts PIMSIs (vectors from RS, optionally inside a walled garden that reaches only RS and the HOs) and the
    /// subscribers of the listed home operators (vectors from each HO's AuC); everyone else is rejected with
    /// TS 24.008 cause #11.
    /// </summary>
    public sealed class VisitedOperatorSpec
    {
        /// <summary>Operator name, unique (e.g. "Visited-1"); the +COPS long name.</summary>
        public string Name { get; set; }

        /// <summary>Numeric PLMN, MCC + MNC (e.g. "00101"), unique among cells.</summary>
        public string Plmn { get; set; }

        /// <summary>+COPS short name; default derived from the name.</summary>
        public string ShortName { get; set; }

        /// <summary>+CSQ rssi, 0..31.</summary>
        public int Rssi { get; set; } = 20;

        /// <summary>True when PIMSIs of the RS range are accepted (the PLMN then goes on the devices' allowed-network list).</summary>
        public bool AcceptsPimsis { get; set; }

        /// <summary>True (default) when PIMSI subscribers get the walled garden (RS and HO hosts only).</summary>
        public bool WalledGarden { get; set; } = true;

        /// <summary>Names of the home operators whose subscribers roam here; null: all of them.</summary>
        public IReadOnlyList<string> HomeOperators { get; set; }
    }
}
