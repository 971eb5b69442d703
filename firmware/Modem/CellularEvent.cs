namespace M2MDevice.Firmware.Modem
{
    /// <summary>Every input of the <see cref="CellularStateMachine"/>: requests, command outcomes, timers, URCs.</summary>
    public enum CellularEvent
    {
        /// <summary>BeginAttach was called.</summary>
        AttachRequested = 0,

        /// <summary>BeginDetach was called.</summary>
        DetachRequested = 1,

        /// <summary>The machine's command completed with OK.</summary>
        CommandSucceeded = 2,

        /// <summary>The machine's command completed with ERROR, +CME ERROR or an overflow.</summary>
        CommandFailed = 3,

        /// <summary>The machine's command got no final result in time.</summary>
        CommandTimedOut = 4,

        /// <summary>The state's step timer ran out (poll interval, pulse, back-off).</summary>
        TimerExpired = 5,

        /// <summary>The state's overall deadline ran out.</summary>
        DeadlineExpired = 6,

        /// <summary>A registration report with stat 1 (home) or 5 (roaming).</summary>
        Registered = 7,

        /// <summary>A registration report with stat 3 (denied), reject cause in mode 3.</summary>
        RegistrationDenied = 8,

        /// <summary>A registration report with stat 0, 2 or 4 (not registered, searching, unknown).</summary>
        NotRegistered = 9,

        /// <summary>The soft USIM answered AUTHENTICATE with '9862' (network MAC failure).</summary>
        AuthenticationFailure = 10,

        /// <summary>The modem reported RDY after the power-up: it restarted and lost registration, PDP context and SIM.</summary>
        ModemRestarted = 11,
    }
}
