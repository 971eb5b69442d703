namespace M2MDevice.Firmware.Modem
{
    /// <summary>States of the <see cref="CellularStateMachine"/> (docs/cellular.md has the table).</summary>
    public enum CellularState
    {
        /// <summary>Nothing started; the modem may be unpowered.</summary>
        Off = 0,

        /// <summary>Power key held for the pulse time.</summary>
        PoweringOn = 1,

        /// <summary>"AT" repeated until the modem answers OK.</summary>
        Synchronising = 2,

        /// <summary>ATE0, AT+CMEE=1, ATV1.</summary>
        Configuring = 3,

        /// <summary>AT+CFUN=0, AT+M2MSIMSEL=1, AT+CFUN=1: the modem uses the soft USIM.</summary>
        SelectingSim = 4,

        /// <summary>AT+CPIN? polled until READY.</summary>
        WaitingForSim = 5,

        /// <summary>+CREG/+CGREG/+CEREG reporting mode 3 and the PDP context definition.</summary>
        EnablingReports = 6,

        /// <summary>AT+COPS=? scan, filtered by the allowed list.</summary>
        Scanning = 7,

        /// <summary>AT+COPS=1,2,"&lt;plmn&gt;" (or AT+COPS=0 without a list).</summary>
        Selecting = 8,

        /// <summary>Waiting for a registration report.</summary>
        Registering = 9,

        /// <summary>T3411/T3402-style wait before retrying the same PLMN.</summary>
        BackingOff = 10,

        /// <summary>AT+CGATT=1, AT+CGACT=1,1.</summary>
        ActivatingData = 11,

        /// <summary>Registered with the PDP context active; loss is reported as link lost.</summary>
        Attached = 12,

        /// <summary>AT+COPS=2 after a failed attach, so the modem stops trying on its own.</summary>
        Abandoning = 13,

        /// <summary>AT+COPS=2, AT+CFUN=0, AT+CFUN=1: deregistered and the SIM re-read.</summary>
        Detaching = 14,

        /// <summary>Modem up and configured, not attached.</summary>
        Ready = 15,
    }
}
