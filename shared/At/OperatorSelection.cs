namespace M2MDevice.At
{
    /// <summary>A parsed "+COPS: &lt;mode&gt;[,&lt;format&gt;,&lt;oper&gt;[,&lt;AcT&gt;]]" read response (TS 27.007 7.3).</summary>
    public sealed class OperatorSelection
    {
        /// <summary>&lt;mode&gt;: 0 automatic, 1 manual, 2 deregistered, 3 set format only, 4 manual/automatic.</summary>
        public int Mode { get; internal set; }

        /// <summary>&lt;format&gt;: 0 long, 1 short, 2 numeric; -1 when not registered.</summary>
        public int Format { get; internal set; } = -1;

        /// <summary>&lt;oper&gt;, null when not registered.</summary>
        public string Operator { get; internal set; }

        /// <summary>&lt;AcT&gt;, -1 when absent.</summary>
        public int AccessTechnology { get; internal set; } = -1;
    }
}
