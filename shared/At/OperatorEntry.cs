namespace M2MDevice.At
{
    /// <summary>One operator of a +COPS=? list (TS 27.007 7.3): status, names, numeric PLMN and access technology.</summary>
    public sealed class OperatorEntry
    {
        /// <summary>&lt;stat&gt;: 0 unknown, 1 available, 2 current, 3 forbidden.</summary>
        public int Status { get; internal set; }

        /// <summary>Long alphanumeric name ("" when omitted).</summary>
        public string LongName { get; internal set; }

        /// <summary>Short alphanumeric name ("" when omitted).</summary>
        public string ShortName { get; internal set; }

        /// <summary>Numeric MCC+MNC, e.g. "00101".</summary>
        public string Numeric { get; internal set; }

        /// <summary>&lt;AcT&gt;, -1 when the modem omitted it.</summary>
        public int AccessTechnology { get; internal set; } = -1;
    }
}
