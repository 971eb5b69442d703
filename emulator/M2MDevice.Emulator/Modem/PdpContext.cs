namespace M2MDevice.Emulator.Modem
{
    /// <summary>A PDP context defined with +CGDCONT (TS 27.007 10.1.1) and its +CGACT state.</summary>
    internal sealed class PdpContext
    {
        public PdpContext(string pdpType, string apn)
        {
            PdpType = pdpType;
            Apn = apn;
        }

        public string PdpType { get; }

        public string Apn { get; }

        public bool Active { get; set; }
    }
}
