namespace M2MDevice.Emulator.Scenario
{
    /// <summary>Phase names of a device run, in flow order (the columns of the demo summary).</summary>
    public static class DevicePhase
    {
        /// <summary>Power-on to registered at a VO with the PIMSI (interactions 1 and 2).</summary>
        public const string AttachPimsi = "attach";

        /// <summary>GBA bootstrap with RS (Ub) and the home-operator answer, pending retries included (interaction 3).</summary>
        public const string Bootstrap = "bootstrap";

        /// <summary>USIM package download from the HO and install (interaction 4).</summary>
        public const string Download = "download";

        /// <summary>Attach with the operational IMSI.</summary>
        public const string AttachImsi = "attach-imsi";

        /// <summary>Install receipt acknowledged by the HO.</summary>
        public const string Confirm = "confirm";

        /// <summary>All phases in flow order.</summary>
        public static readonly string[] All = { AttachPimsi, Bootstrap, Download, AttachImsi, Confirm };
    }
}
