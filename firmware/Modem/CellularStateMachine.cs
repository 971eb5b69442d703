using System;
using M2MDevice.At;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// Brings the modem from power-on to an attached PDP context over the <see cref="AtChannel"/>, with the
    /// soft USIM as its SIM (docs/cellular.md). Sans-IO and single-threaded: requests, command completions,
    /// registration URCs and elapsed time (<see cref="Tick"/>) all become a <see cref="CellularEvent"/>
    /// handled by one Handle method; each <see cref="CellularState"/> has its enter, handle and leave;
    /// every transition is logged by name. One command of its own is in flight at a time.
    /// <para>
    /// Network selection follows TS 23.122 restricted to the allowed list: a scan (AT+COPS=?), the allowed
    /// PLMNs in list order that are present and not forbidden, manual selection of each in turn. Registration
    /// rejects are handled per TS 24.008 4.4.4.7 / TS 24.301 5.5.1.2.5-5.5.1.2.6 (table in docs/cellular.md).
    /// </para>
    /// </summary>
    public sealed class CellularStateMachine : ICellularNetwork, IAtCommandHandler
    {
        /// <summary>Most allowed PLMNs considered (the rest of a longer list is ignored).</summary>
        public const int MaxAllowedPlmns = 16;

        /// <summary>PDP context identifier used for the data connection.</summary>
        public const int ContextId = 1;

        /// <summary>TS 24.301 5.5.1.2.6 / TS 24.008 4.7.3.1.5: attempts before T3402 replaces T3411.</summary>
        public const int AttemptsBeforeLongBackoff = 5;

        /// <summary>TS 24.301 5.4.2.7 / TS 24.008 4.3.2.6.1: authentication failures before the network is considered failed.</summary>
        public const int MaxAuthenticationFailuresPerPlmn = 3;

        private const int RegistrationKindCount = 3;
        private const int NoStatus = -1;
        private const int CmeSimFailure = 13; // TS 27.007 9.2.1: SIM failure
        private const int MaxSilentPolls = 3;

        private readonly AtChannel channel;
        private readonly IModemLog log;
        private readonly IModemPower power;
        private readonly RemoteSimResponder remoteSim;
        private readonly AtCommand command = new AtCommand(192, 1024, 8);
        private readonly AtReader reader = new AtReader();
        private readonly RegistrationState registration = new RegistrationState();
        private readonly OperatorList operators = new OperatorList(16);
        private readonly OperatorSelection selection = new OperatorSelection();
        private readonly string[] allowed = new string[MaxAllowedPlmns];
        private readonly string[] candidates = new string[MaxAllowedPlmns];
        private readonly int[] kindStatus = new int[RegistrationKindCount];

        private int generation;
        private int commandGeneration;
        private bool issueWhenFree;
        private int step;
        private int timerMilliseconds = -1;
        private int deadlineMilliseconds = -1;

        private bool modemReady;
        private bool simReselect;
        private bool simRestarted;
        private bool simInvalid;
        private bool automatic;
        private int allowedCount;
        private string apn;
        private int candidateCount;
        private int candidateIndex;
        private int scanAttempts;
        private int attemptFailures;
        private int plmnAuthenticationFailures;
        private int plmnsFailedAuthentication;
        private int plmnsRejected;
        private int forbiddenSeen;
        private int reportsEnabled;
        private int seenMacFailures;
        private int seenSynchronisationFailures;
        private int silentPolls;

        private string operatorRead;
        private AttachResult pendingResult;
        private bool deferredCompletion;
        private bool deferredDetach;

        /// <summary>Creates the machine. No I/O happens here.</summary>
        /// <param name="channel">The AT channel shared with the remote-SIM responder and the transport.</param>
        /// <param name="log">Receives transitions and outcomes.</param>
        /// <param name="power">Power key and supply; null when the modem is always powered.</param>
        /// <param name="remoteSim">The soft USIM's responder, read for authentication failure counts; may be null.</param>
        public CellularStateMachine(AtChannel channel, IModemLog log, IModemPower power, RemoteSimResponder remoteSim)
        {
            if (channel == null)
            {
                throw new ArgumentNullException(nameof(channel));
            }

            if (log == null)
            {
                throw new ArgumentNullException(nameof(log));
            }

            this.channel = channel;
            this.log = log;
            this.power = power;
            this.remoteSim = remoteSim;
            command.Handler = this;
            ClearRegistration();
            LastRejectCause = -1;
            PowerKeyPulseMilliseconds = 1000;
            SynchroniseTimeoutMilliseconds = 30000;
            SimReadyTimeoutMilliseconds = 30000;
            SimPollMilliseconds = 1000;
            ScanRetryMilliseconds = 10000;
            ScanAttempts = 3;
            RegistrationTimeoutMilliseconds = 90000;
            ShortBackoffMilliseconds = 10000;
            LongBackoffMilliseconds = 720000;
            LongBackoffRounds = 1;
            SelectRemoteSim = true;
        }

        /// <summary>Told about attach and detach outcomes and link loss. Set before the first request.</summary>
        public ICellularNetworkListener Listener { get; set; }

        /// <summary>Current state.</summary>
        public CellularState State { get; private set; }

        /// <summary>Registered PLMN (MCC+MNC digits) while attached, else null.</summary>
        public string RegisteredPlmn { get; private set; }

        /// <summary>Last NAS reject cause seen (TS 24.008 10.5.3.6 / TS 24.301 9.9.3.9), -1 when none.</summary>
        public int LastRejectCause { get; private set; }

        /// <summary>Registration rejects seen (stat 3) since construction.</summary>
        public int RejectCount { get; private set; }

        /// <summary>Network MAC failures (soft USIM answered '9862') since construction.</summary>
        public int MacFailureCount { get; private set; }

        /// <summary>Synchronisation failures (soft USIM answered 'DC' AUTS) since construction.</summary>
        public int SynchronisationFailureCount { get; private set; }

        /// <summary>Network selections issued (AT+COPS set commands) since construction.</summary>
        public int SelectionCount { get; private set; }

        /// <summary>Times an attached link was lost.</summary>
        public int LinkLostCount { get; private set; }

        /// <summary>Modem restarts seen after its power-up (RDY while configured, attaching, attached or detaching).</summary>
        public int ModemRestartCount { get; private set; }

        /// <summary>True after reject #2, #3, #6 or #8 until the SIM is power-cycled by a detach.</summary>
        public bool IsSimInvalid => simInvalid;

        /// <summary>Power key hold time (A76xx hardware design: at least 50 ms; 1 s by default).</summary>
        public int PowerKeyPulseMilliseconds { get; set; }

        /// <summary>How long "AT" is repeated before the modem is declared silent (boot takes ~10 s).</summary>
        public int SynchroniseTimeoutMilliseconds { get; set; }

        /// <summary>How long AT+CPIN? may report not ready.</summary>
        public int SimReadyTimeoutMilliseconds { get; set; }

        /// <summary>Interval between AT+CPIN? polls.</summary>
        public int SimPollMilliseconds { get; set; }

        /// <summary>Wait before repeating a scan that failed or found nothing.</summary>
        public int ScanRetryMilliseconds { get; set; }

        /// <summary>Scans before giving up with NoNetwork.</summary>
        public int ScanAttempts { get; set; }

        /// <summary>How long one selection may take to produce a registration (or a decisive reject).</summary>
        public int RegistrationTimeoutMilliseconds { get; set; }

        /// <summary>T3411-style wait between retries of the same PLMN (TS 24.301 10.2: 10 s).</summary>
        public int ShortBackoffMilliseconds { get; set; }

        /// <summary>T3402-style wait after <see cref="AttemptsBeforeLongBackoff"/> failures (TS 24.301 10.2: 12 min).</summary>
        public int LongBackoffMilliseconds { get; set; }

        /// <summary>T3402 waits per PLMN before it is given up (attempts bounded by 5 x (rounds + 1)).</summary>
        public int LongBackoffRounds { get; set; }

        /// <summary>Switch the modem to the remote SIM (AT+M2MSIMSEL=1); false for a board with a physical SIM.</summary>
        public bool SelectRemoteSim { get; set; }

        /// <inheritdoc />
        public void BeginAttach(byte[] allowedPlmns, string accessPointName)
        {
            if (accessPointName == null || accessPointName.Length > PacketDomainCommands.MaxApnLength)
            {
                throw new ArgumentException("APN is 0..100 characters", nameof(accessPointName));
            }

            for (int i = 0; i < accessPointName.Length; i++)
            {
                char c = accessPointName[i];
                if (c == '"' || c < ' ' || c > (char)0x7E)
                {
                    throw new ArgumentException("APN cannot be quoted", nameof(accessPointName));
                }
            }

            if (allowedPlmns != null && allowedPlmns.Length % 3 != 0)
            {
                throw new ArgumentException("PLMNs are 3 bytes each", nameof(allowedPlmns));
            }

            RequireIdle();
            apn = accessPointName;
            simRestarted = false;
            automatic = allowedPlmns == null;
            allowedCount = 0;
            if (allowedPlmns != null)
            {
                for (int offset = 0; offset < allowedPlmns.Length && allowedCount < MaxAllowedPlmns; offset += 3)
                {
                    // TS 24.008 10.5.1.3 encoding; 'FFFFFF' entries are unused (TS 31.102 4.2.16).
                    if (UsimEncoding.TryDecodePlmn(allowedPlmns, offset, out string mcc, out string mnc))
                    {
                        allowed[allowedCount++] = mcc + mnc;
                    }
                }
            }

            Handle(CellularEvent.AttachRequested);
        }

        /// <inheritdoc />
        public void BeginDetach()
        {
            if (Listener == null)
            {
                throw new InvalidOperationException("set Listener first");
            }

            Handle(CellularEvent.DetachRequested);
        }

        /// <summary>
        /// Offers an unsolicited line; true when it was a registration report (+CREG/+CGREG/+CEREG) and was
        /// consumed. Call from the channel's URC handler (see <see cref="ModemUrcRouter"/>).
        /// </summary>
        public bool TryHandleUnsolicited(byte[] line, int offset, int count)
        {
            SyncAuthenticationCounters();
            for (int kind = 0; kind < RegistrationKindCount; kind++)
            {
                reader.Reset(line, offset, count);
                if (!NetworkServiceCommands.TryParseRegistration(reader, (RegistrationKind)kind, false, registration))
                {
                    continue;
                }

                kindStatus[kind] = (int)registration.Status;
                if (registration.IsRegistered)
                {
                    Handle(CellularEvent.Registered);
                }
                else if (registration.Status == RegistrationStatus.Denied)
                {
                    // TS 27.007 7.2: <cause_type> 0 is a TS 24.008/24.301 cause; 1 is manufacturer specific.
                    LastRejectCause = registration.CauseType == 1 ? -1 : registration.RejectCause;
                    RejectCount++;
                    Handle(CellularEvent.RegistrationDenied);
                }
                else
                {
                    Handle(CellularEvent.NotRegistered);
                }

                return true;
            }

            return false;
        }

        /// <summary>
        /// The modem reported that it (re)started (SIMCom A76xx "RDY"; see <see cref="ModemUrcRouter"/>). During power-up
        /// that is expected; later the modem has lost its settings, SIM selection, registration and PDP context, and no
        /// command sent to it before will be answered: those are cancelled, an attach in progress starts again from
        /// synchronisation, an attached link is reported lost, a detach is complete.
        /// </summary>
        public void OnModemRestarted()
        {
            Handle(CellularEvent.ModemRestarted);
        }

        /// <summary>Advances the state timers by elapsedMilliseconds; expiries become events.</summary>
        public void Tick(int elapsedMilliseconds)
        {
            if (elapsedMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(elapsedMilliseconds));
            }

            SyncAuthenticationCounters();
            if (deferredCompletion)
            {
                deferredCompletion = false;
                Listener.OnAttachCompleted(pendingResult, pendingResult == AttachResult.Attached ? 0 : LastRejectCauseOrZero(), RegisteredPlmn);
            }

            if (deferredDetach)
            {
                deferredDetach = false;
                Listener.OnDetachCompleted();
            }

            if (issueWhenFree && !command.Pending)
            {
                IssueStep();
            }

            // The deadline goes first: a poll due at the same moment is not worth starting.
            int armed = generation;
            if (deadlineMilliseconds >= 0)
            {
                deadlineMilliseconds -= elapsedMilliseconds;
                if (deadlineMilliseconds <= 0)
                {
                    deadlineMilliseconds = -1;
                    Handle(CellularEvent.DeadlineExpired);
                }
            }

            if (timerMilliseconds >= 0 && armed == generation)
            {
                timerMilliseconds -= elapsedMilliseconds;
                if (timerMilliseconds <= 0)
                {
                    timerMilliseconds = -1;
                    Handle(CellularEvent.TimerExpired);
                }
            }
        }

        /// <inheritdoc />
        public void OnCompleted(AtCommand completed)
        {
            if (commandGeneration != generation)
            {
                // Issued by a state left since: its outcome no longer matters.
                if (IsDebugLogged())
                {
                    log.Log(ModemLogLevel.Debug, "cell: stale " + completed.Text + " ignored");
                }

                if (issueWhenFree)
                {
                    IssueStep();
                }

                return;
            }

            switch (completed.Result)
            {
                case AtResultCode.Ok:
                    Handle(CellularEvent.CommandSucceeded);
                    break;
                case AtResultCode.Timeout:
                    log.Log(ModemLogLevel.Warning, "cell: no answer to " + completed.Text);
                    Handle(CellularEvent.CommandTimedOut);
                    break;
                default:
                    log.Log(ModemLogLevel.Warning, "cell: " + completed.Text + " failed " + ResultText(completed));
                    Handle(CellularEvent.CommandFailed);
                    break;
            }
        }

        /// <summary>The single entry point of every input.</summary>
        private void Handle(CellularEvent input)
        {
            if (input == CellularEvent.DetachRequested)
            {
                if (State == CellularState.Off)
                {
                    simInvalid = false;
                    deferredDetach = true; // nothing powered: confirm on the next tick
                    return;
                }

                Transition(CellularState.Detaching, input);
                return;
            }

            if (input == CellularEvent.ModemRestarted)
            {
                HandleModemRestarted(input);
                return;
            }

            switch (State)
            {
                case CellularState.Off:
                case CellularState.Ready:
                    HandleIdle(input);
                    break;
                case CellularState.PoweringOn:
                    if (input == CellularEvent.TimerExpired)
                    {
                        Transition(CellularState.Synchronising, input);
                    }

                    break;
                case CellularState.Synchronising:
                    HandleSynchronising(input);
                    break;
                case CellularState.Configuring:
                case CellularState.SelectingSim:
                    HandleScript(input);
                    break;
                case CellularState.WaitingForSim:
                    HandleWaitingForSim(input);
                    break;
                case CellularState.EnablingReports:
                    HandleEnablingReports(input);
                    break;
                case CellularState.Scanning:
                    HandleScanning(input);
                    break;
                case CellularState.Selecting:
                case CellularState.Registering:
                case CellularState.BackingOff:
                    HandleRegistration(input);
                    break;
                case CellularState.ActivatingData:
                    HandleActivatingData(input);
                    break;
                case CellularState.Attached:
                    HandleAttached(input);
                    break;
                case CellularState.Abandoning:
                    if (input == CellularEvent.CommandSucceeded || input == CellularEvent.CommandFailed || input == CellularEvent.CommandTimedOut)
                    {
                        modemReady = input != CellularEvent.CommandTimedOut;
                        Complete(pendingResult, input);
                    }

                    break;
                case CellularState.Detaching:
                    HandleDetaching(input);
                    break;
            }
        }

        /// <summary>The name of a state, for logs (nanoFramework's Enum.ToString gives the number).</summary>
        public static string StateName(CellularState state)
        {
            switch (state)
            {
                case CellularState.Off: return "Off";
                case CellularState.PoweringOn: return "PoweringOn";
                case CellularState.Synchronising: return "Synchronising";
                case CellularState.Configuring: return "Configuring";
                case CellularState.SelectingSim: return "SelectingSim";
                case CellularState.WaitingForSim: return "WaitingForSim";
                case CellularState.EnablingReports: return "EnablingReports";
                case CellularState.Scanning: return "Scanning";
                case CellularState.Selecting: return "Selecting";
                case CellularState.Registering: return "Registering";
                case CellularState.BackingOff: return "BackingOff";
                case CellularState.ActivatingData: return "ActivatingData";
                case CellularState.Attached: return "Attached";
                case CellularState.Abandoning: return "Abandoning";
                case CellularState.Detaching: return "Detaching";
                default: return "Ready";
            }
        }

        /// <summary>The name of an event, for logs.</summary>
        public static string EventName(CellularEvent input)
        {
            switch (input)
            {
                case CellularEvent.AttachRequested: return "AttachRequested";
                case CellularEvent.DetachRequested: return "DetachRequested";
                case CellularEvent.CommandSucceeded: return "CommandSucceeded";
                case CellularEvent.CommandFailed: return "CommandFailed";
                case CellularEvent.CommandTimedOut: return "CommandTimedOut";
                case CellularEvent.TimerExpired: return "TimerExpired";
                case CellularEvent.DeadlineExpired: return "DeadlineExpired";
                case CellularEvent.Registered: return "Registered";
                case CellularEvent.RegistrationDenied: return "RegistrationDenied";
                case CellularEvent.NotRegistered: return "NotRegistered";
                case CellularEvent.ModemRestarted: return "ModemRestarted";
                default: return "AuthenticationFailure";
            }
        }

        // ---- transitions ----

        private void Transition(CellularState next, CellularEvent cause)
        {
            Leave(State);
            log.Log(ModemLogLevel.Information, "cell: " + StateName(State) + " -> " + StateName(next) + " on " + EventName(cause));
            State = next;
            generation++;
            step = 0;
            issueWhenFree = false;
            timerMilliseconds = -1;
            deadlineMilliseconds = -1;
            Enter(next);
        }

        private void Enter(CellularState state)
        {
            switch (state)
            {
                case CellularState.PoweringOn:
                    power.SetSupply(true);
                    power.SetPowerKey(true);
                    timerMilliseconds = PowerKeyPulseMilliseconds;
                    break;
                case CellularState.Synchronising:
                    modemReady = false;
                    deadlineMilliseconds = SynchroniseTimeoutMilliseconds;
                    IssueStep();
                    break;
                case CellularState.WaitingForSim:
                    silentPolls = 0;
                    deadlineMilliseconds = SimReadyTimeoutMilliseconds;
                    IssueStep();
                    break;
                case CellularState.EnablingReports:
                    reportsEnabled = 0;
                    IssueStep();
                    break;
                case CellularState.Scanning:
                    IssueStep();
                    break;
                case CellularState.Selecting:
                    ClearRegistration();
                    IssueStep();
                    break;
                case CellularState.Registering:
                    deadlineMilliseconds = RegistrationTimeoutMilliseconds;
                    IssueStep(); // a modem already registered on this PLMN reports nothing new: ask
                    break;
                case CellularState.BackingOff:
                    timerMilliseconds = BackoffFor(attemptFailures);
                    break;
                case CellularState.Attached:
                    RegisteredPlmn = automatic ? operatorRead : candidates[candidateIndex];
                    log.Log(ModemLogLevel.Information, "cell: attached to " + (RegisteredPlmn ?? "unknown PLMN"));
                    Listener.OnAttachCompleted(AttachResult.Attached, 0, RegisteredPlmn);
                    break;
                case CellularState.SelectingSim:
                    simReselect = false;
                    IssueStep();
                    break;
                case CellularState.Configuring:
                case CellularState.ActivatingData:
                case CellularState.Abandoning:
                case CellularState.Detaching:
                    IssueStep();
                    break;
                default:
                    break; // Off, Ready: nothing to start
            }
        }

        private void Leave(CellularState state)
        {
            if (state == CellularState.PoweringOn)
            {
                power.SetPowerKey(false);
            }
            else if (state == CellularState.Attached)
            {
                RegisteredPlmn = null;
            }
        }

        // ---- handlers ----

        private void HandleIdle(CellularEvent input)
        {
            if (input != CellularEvent.AttachRequested)
            {
                return;
            }

            if (simInvalid)
            {
                // TS 24.008 4.4.4.7 / TS 24.301 5.5.1.2.5 #3: no further attempt until power cycle.
                LogAndDefer(AttachResult.SimInvalid);
                return;
            }

            if (!automatic && allowedCount == 0)
            {
                LogAndDefer(AttachResult.NoNetwork);
                return;
            }

            if (State == CellularState.Off)
            {
                Transition(power != null ? CellularState.PoweringOn : CellularState.Synchronising, input);
            }
            else if (!modemReady)
            {
                Transition(CellularState.Synchronising, input);
            }
            else
            {
                // A SIM that did not come up last time is power-cycled and selected again (AT+CFUN=0,
                // AT+M2MSIMSEL=1, AT+CFUN=1): polling AT+CPIN? alone would wait for it forever.
                Transition(simReselect ? CellularState.SelectingSim : CellularState.WaitingForSim, input);
            }
        }

        private void HandleModemRestarted(CellularEvent input)
        {
            CellularState was = State;
            if (was == CellularState.Off || was == CellularState.PoweringOn || was == CellularState.Synchronising)
            {
                log.Log(ModemLogLevel.Information, "cell: modem reports ready");
                return;
            }

            ModemRestartCount++;
            log.Log(ModemLogLevel.Warning, "cell: modem restarted in " + StateName(was));
            modemReady = false;
            simInvalid = false; // TS 24.008 4.4.4.7: the SIM was switched off with the modem

            // AtChannel: the old modem will never answer; our own completion is stale (new generation) and ignored.
            generation++;
            issueWhenFree = false;
            channel.CancelAll();
            if (was == CellularState.Ready)
            {
                return; // the next attach synchronises first
            }

            if (was == CellularState.Attached)
            {
                LinkLostCount++;
                Transition(CellularState.Ready, input);
                Listener.OnLinkLost();
                return;
            }

            if (was == CellularState.Detaching)
            {
                Transition(CellularState.Ready, input); // a restarted modem is detached
                Listener.OnDetachCompleted();
                return;
            }

            Transition(CellularState.Synchronising, input); // the attach in progress starts over
        }

        private void HandleSynchronising(CellularEvent input)
        {
            switch (input)
            {
                case CellularEvent.CommandSucceeded:
                    Transition(CellularState.Configuring, input);
                    break;
                case CellularEvent.CommandTimedOut:
                    IssueStep(); // the 1 s command timeout paces the retries
                    break;
                case CellularEvent.CommandFailed:
                    timerMilliseconds = 1000;
                    break;
                case CellularEvent.TimerExpired:
                    IssueStep();
                    break;
                case CellularEvent.DeadlineExpired:
                    Fail(AttachResult.ModemFailure, input, CellularState.Off);
                    break;
            }
        }

        private void HandleScript(CellularEvent input)
        {
            switch (input)
            {
                case CellularEvent.CommandSucceeded:
                    if (!AdvanceStep())
                    {
                        if (State == CellularState.Configuring)
                        {
                            Transition(CellularState.SelectingSim, input);
                        }
                        else
                        {
                            modemReady = true;
                            Transition(CellularState.WaitingForSim, input);
                        }
                    }

                    break;
                case CellularEvent.CommandFailed:
                    // AT+M2MSIMSEL refused: this modem cannot use the soft USIM.
                    bool selection = State == CellularState.SelectingSim && step == 1;
                    Fail(selection ? AttachResult.SimNotReady : AttachResult.ModemFailure, input, CellularState.Ready);
                    break;
                case CellularEvent.CommandTimedOut:
                    Fail(AttachResult.ModemFailure, input, CellularState.Ready);
                    break;
            }
        }

        private void HandleWaitingForSim(CellularEvent input)
        {
            if (input == CellularEvent.CommandSucceeded || input == CellularEvent.CommandFailed)
            {
                silentPolls = 0;
            }

            switch (input)
            {
                case CellularEvent.CommandSucceeded:
                    if (!TryReadPin(out PinStatus pin))
                    {
                        timerMilliseconds = SimPollMilliseconds;
                    }
                    else if (pin == PinStatus.Ready)
                    {
                        Transition(CellularState.EnablingReports, input);
                    }
                    else
                    {
                        // TS 27.007 8.3: a PIN or PUK is wanted; the soft USIM has none to give.
                        log.Log(ModemLogLevel.Error, "cell: SIM wants a PIN/PUK");
                        Fail(AttachResult.SimNotReady, input, CellularState.Ready);
                    }

                    break;
                case CellularEvent.CommandFailed:
                    if (command.Result != AtResultCode.CmeError || command.ErrorNumber != CmeSimFailure)
                    {
                        timerMilliseconds = SimPollMilliseconds; // +CME ERROR: 10 not inserted / 14 busy: not yet
                    }
                    else if (!simRestarted)
                    {
                        // TS 27.007 9.2.1 #13: the card failed to start (or stopped answering); it stays failed
                        // until the modem powers it again. Once per attach: off, select, on, poll again.
                        simRestarted = true;
                        log.Log(ModemLogLevel.Warning, "cell: SIM failure, powering it off and on");
                        Transition(CellularState.SelectingSim, input);
                    }
                    else
                    {
                        Fail(AttachResult.SimNotReady, input, CellularState.Ready);
                    }

                    break;
                case CellularEvent.TimerExpired:
                    IssueStep();
                    break;
                case CellularEvent.CommandTimedOut:
                    // A poll lost (or answered late) while the modem is busy bringing the SIM up is not worth the whole
                    // attach: poll again until the deadline. A late "+CPIN:" taken for the next poll's is harmless
                    // (busy: poll again; READY does not go back). A modem silent for several polls in a row is not.
                    silentPolls++;
                    if (silentPolls >= MaxSilentPolls)
                    {
                        Fail(AttachResult.ModemFailure, input, CellularState.Ready);
                    }
                    else
                    {
                        log.Log(ModemLogLevel.Warning, "cell: SIM poll unanswered, polling again");
                        timerMilliseconds = SimPollMilliseconds;
                    }

                    break;
                case CellularEvent.DeadlineExpired:
                    Fail(AttachResult.SimNotReady, input, CellularState.Ready);
                    break;
            }
        }

        private void HandleEnablingReports(CellularEvent input)
        {
            switch (input)
            {
                case CellularEvent.CommandSucceeded:
                case CellularEvent.CommandFailed:
                    if (step < RegistrationKindCount)
                    {
                        if (input == CellularEvent.CommandSucceeded)
                        {
                            reportsEnabled++;
                        }
                    }
                    else if (input == CellularEvent.CommandFailed)
                    {
                        Fail(AttachResult.PacketDataFailed, input, CellularState.Ready); // AT+CGDCONT refused
                        break;
                    }

                    step++;
                    if (step == RegistrationKindCount && reportsEnabled == 0)
                    {
                        log.Log(ModemLogLevel.Error, "cell: no registration reporting accepted");
                        Fail(AttachResult.ModemFailure, input, CellularState.Ready);
                        break;
                    }

                    if (!IssueStep())
                    {
                        candidateCount = 0;
                        candidateIndex = 0;
                        scanAttempts = 0;
                        plmnsFailedAuthentication = 0;
                        plmnsRejected = 0;
                        forbiddenSeen = 0;
                        if (automatic)
                        {
                            candidates[0] = null;
                            candidateCount = 1;
                            StartCandidate(input);
                        }
                        else
                        {
                            Transition(CellularState.Scanning, input);
                        }
                    }

                    break;
                case CellularEvent.CommandTimedOut:
                    Fail(AttachResult.ModemFailure, input, CellularState.Ready);
                    break;
            }
        }

        private void HandleScanning(CellularEvent input)
        {
            switch (input)
            {
                case CellularEvent.CommandSucceeded:
                case CellularEvent.CommandFailed:
                    scanAttempts++;
                    if (input == CellularEvent.CommandSucceeded)
                    {
                        FilterScan();
                    }

                    if (candidateCount > 0)
                    {
                        candidateIndex = 0;
                        StartCandidate(input);
                    }
                    else if (scanAttempts >= ScanAttempts)
                    {
                        log.Log(ModemLogLevel.Error, "cell: no allowed network" + (forbiddenSeen > 0 ? " (only forbidden ones)" : string.Empty));
                        Fail(AttachResult.NoNetwork, input, CellularState.Ready);
                    }
                    else
                    {
                        timerMilliseconds = ScanRetryMilliseconds;
                    }

                    break;
                case CellularEvent.TimerExpired:
                    IssueStep();
                    break;
                case CellularEvent.CommandTimedOut:
                    Fail(AttachResult.ModemFailure, input, CellularState.Ready);
                    break;
            }
        }

        private void HandleRegistration(CellularEvent input)
        {
            switch (input)
            {
                case CellularEvent.CommandSucceeded:
                case CellularEvent.CommandFailed:
                    if (State == CellularState.Selecting)
                    {
                        if (input == CellularEvent.CommandSucceeded)
                        {
                            Transition(CellularState.Registering, input);
                        }
                        else
                        {
                            // TS 27.007 9.2.1: e.g. +CME ERROR: 30 no network service, 32 network not allowed.
                            NextCandidate(input, false);
                        }
                    }
                    else if (State == CellularState.Registering)
                    {
                        if (input == CellularEvent.CommandSucceeded && ReadRegistered())
                        {
                            Transition(CellularState.ActivatingData, input);
                        }
                        else
                        {
                            step++;
                            IssueStep();
                        }
                    }

                    break;
                case CellularEvent.CommandTimedOut:
                    Fail(AttachResult.ModemFailure, input, CellularState.Ready);
                    break;
                case CellularEvent.Registered:
                    Transition(CellularState.ActivatingData, input);
                    break;
                case CellularEvent.AuthenticationFailure:
                    if (plmnAuthenticationFailures >= MaxAuthenticationFailuresPerPlmn)
                    {
                        // TS 24.301 5.4.2.7 c/d, TS 24.008 4.3.2.6.1: the network failed the check; bar it.
                        log.Log(ModemLogLevel.Warning, "cell: " + CandidateName() + " failed authentication " + plmnAuthenticationFailures + " times");
                        NextCandidate(input, true);
                    }

                    break;
                case CellularEvent.RegistrationDenied:
                    if (State != CellularState.BackingOff && !AnyRegistered())
                    {
                        HandleReject(input);
                    }

                    break;
                case CellularEvent.TimerExpired:
                    if (State == CellularState.BackingOff)
                    {
                        Transition(CellularState.Selecting, input);
                    }

                    break;
                case CellularEvent.DeadlineExpired:
                    log.Log(ModemLogLevel.Warning, "cell: no registration on " + CandidateName());
                    NextCandidate(input, plmnAuthenticationFailures > 0);
                    break;
            }
        }

        private void HandleReject(CellularEvent input)
        {
            int cause = LastRejectCause;
            log.Log(ModemLogLevel.Warning, "cell: " + CandidateName() + " rejected, cause #" + cause);
            if (plmnAuthenticationFailures > 0)
            {
                // TS 24.301 4.4.4.2, 5.4.2.7: a network that failed authentication sends only unprotected
                // rejects; never let it invalidate the USIM, move on instead.
                NextCandidate(input, true);
                return;
            }

            switch (cause)
            {
                case 2: // IMSI unknown in HLR/HSS
                case 3: // Illegal MS/UE
                case 6: // Illegal ME
                case 8: // EPS and non-EPS services not allowed
                    // TS 24.008 4.4.4.7, TS 24.301 5.5.1.2.5: USIM invalid until switch-off or UICC removal.
                    simInvalid = true;
                    pendingResult = AttachResult.SimInvalid;
                    Transition(CellularState.Abandoning, input);
                    break;
                case 11: // PLMN not allowed: the modem adds it to the forbidden PLMN list
                case 13: // Roaming not allowed in this LA/TA
                    // TS 24.008 4.4.4.7 / TS 24.301 5.5.1.2.5: perform PLMN selection (TS 23.122 4.4.3.1).
                    if (automatic)
                    {
                        break; // the modem selects another PLMN itself; the registration deadline bounds it
                    }

                    NextCandidate(input, false);
                    break;
                case 12: // Tracking/location area not allowed
                case 15: // No suitable cells in LA/TA
                    // TS 24.301 5.5.1.2.5 #15: the UE searches a suitable cell in another TA of the same
                    // PLMN; wait for that until the registration deadline, then move on.
                    break;
                default: // #17 network failure, #22 congestion and every other cause
                    // TS 24.301 5.5.1.2.6 / TS 24.008 4.7.3.1.5: attempt counter, T3411 below 5, T3402 at 5.
                    attemptFailures++;
                    if (attemptFailures >= AttemptsBeforeLongBackoff * (LongBackoffRounds + 1))
                    {
                        log.Log(ModemLogLevel.Warning, "cell: giving up " + CandidateName() + " after " + attemptFailures + " attempts");
                        NextCandidate(input, false);
                    }
                    else
                    {
                        log.Log(ModemLogLevel.Warning, "cell: retry " + CandidateName() + " in " + BackoffFor(attemptFailures) + " ms");
                        Transition(CellularState.BackingOff, input);
                    }

                    break;
            }
        }

        private void HandleActivatingData(CellularEvent input)
        {
            switch (input)
            {
                case CellularEvent.CommandSucceeded:
                    if (automatic && step == 3)
                    {
                        ReadOperator();
                    }

                    if (!AdvanceStep())
                    {
                        Transition(CellularState.Attached, input);
                    }

                    break;
                case CellularEvent.CommandFailed:
                    pendingResult = AttachResult.PacketDataFailed;
                    Transition(CellularState.Abandoning, input);
                    break;
                case CellularEvent.CommandTimedOut:
                    Fail(AttachResult.ModemFailure, input, CellularState.Ready);
                    break;
                case CellularEvent.AuthenticationFailure:
                case CellularEvent.RegistrationDenied:
                case CellularEvent.NotRegistered:
                    if (!AnyRegistered())
                    {
                        log.Log(ModemLogLevel.Warning, "cell: registration lost before data was up");
                        pendingResult = AttachResult.PacketDataFailed;
                        Transition(CellularState.Abandoning, input);
                    }

                    break;
            }
        }

        private void HandleAttached(CellularEvent input)
        {
            if ((input == CellularEvent.NotRegistered || input == CellularEvent.RegistrationDenied) && !AnyRegistered())
            {
                LinkLostCount++;
                Transition(CellularState.Ready, input);
                Listener.OnLinkLost();
            }
            else if (input == CellularEvent.AttachRequested)
            {
                pendingResult = AttachResult.Attached;
                deferredCompletion = true; // already attached: confirm on the next tick
            }
        }

        private void HandleDetaching(CellularEvent input)
        {
            switch (input)
            {
                case CellularEvent.CommandSucceeded:
                case CellularEvent.CommandFailed:
                    if (!AdvanceStep())
                    {
                        // The SIM was powered off and on: a new card for TS 24.008 4.4.4.7's "until removed".
                        simInvalid = false;
                        Transition(CellularState.Ready, input);
                        Listener.OnDetachCompleted();
                    }

                    break;
                case CellularEvent.CommandTimedOut:
                    modemReady = false;
                    Transition(CellularState.Ready, input);
                    Listener.OnDetachCompleted();
                    break;
            }
        }

        // ---- commands ----

        /// <summary>Moves to the next command of the current state's script and issues it; false when the script is done.</summary>
        private bool AdvanceStep()
        {
            step++;
            return IssueStep();
        }

        private bool IssueStep()
        {
            if (command.Pending)
            {
                issueWhenFree = true; // a command of a state left earlier is still in flight
                return true;
            }

            issueWhenFree = false;
            if (!BuildStep())
            {
                return false;
            }

            commandGeneration = generation;
            AtSendResult sent = channel.Send(command);
            if (sent == AtSendResult.QueueFull)
            {
                issueWhenFree = true; // try again on the next tick
            }
            else if (IsDebugLogged())
            {
                log.Log(ModemLogLevel.Debug, "cell: > " + command.Text);
            }

            return true;
        }

        private bool BuildStep()
        {
            AtWriter writer;
            switch (State)
            {
                case CellularState.Synchronising:
                    command.Begin(null, 1000).Append("AT");
                    return true;
                case CellularState.Configuring:
                    writer = command.Begin(null, 5000);
                    switch (step)
                    {
                        case 0:
                            GeneralCommands.WriteEcho(writer, false); // V.250 6.2.4
                            return true;
                        case 1:
                            GeneralCommands.WriteErrorReporting(writer, 1); // TS 27.007 9.1: numeric +CME ERROR
                            return true;
                        case 2:
                            writer.Append("ATV1"); // V.250 6.2.6: verbose result codes, which the channel parses
                            return true;
                    }

                    return false;
                case CellularState.SelectingSim:
                    if (step == 1 && !SelectRemoteSim)
                    {
                        step++;
                    }

                    writer = command.Begin(null, 15000);
                    switch (step)
                    {
                        case 0:
                            MobileTerminationCommands.WriteFunctionality(writer, 0, false); // SIM off before switching
                            return true;
                        case 1:
                            RemoteSimMessage.WriteSelect(writer, true); // docs/remote-sim.md
                            return true;
                        case 2:
                            MobileTerminationCommands.WriteFunctionality(writer, 1, false); // the modem sends INIT
                            return true;
                    }

                    return false;
                case CellularState.WaitingForSim:
                    MobileTerminationCommands.WritePinRead(command.Begin(MobileTerminationCommands.PinPrefix, 5000));
                    return true;
                case CellularState.EnablingReports:
                    if (step < RegistrationKindCount)
                    {
                        // TS 27.007 7.2, 10.1.20, 10.1.22: mode 3 adds the reject cause to stat 3 reports.
                        NetworkServiceCommands.WriteRegistrationReporting(command.Begin(null, 5000), (RegistrationKind)step, 3);
                        return true;
                    }

                    if (step == RegistrationKindCount)
                    {
                        // TS 27.007 10.1.1; defined before selection because an EPS attach brings up cid 1
                        // with its default bearer (TS 23.401 5.3.2.1).
                        PacketDomainCommands.WriteDefineContext(command.Begin(null, 5000), ContextId, "IP", apn);
                        return true;
                    }

                    return false;
                case CellularState.Scanning:
                    NetworkServiceCommands.WriteOperatorTest(command.Begin(NetworkServiceCommands.OperatorPrefix, 180000));
                    return true;
                case CellularState.Selecting:
                    SelectionCount++;
                    writer = command.Begin(null, 180000);
                    if (candidates[candidateIndex] == null)
                    {
                        NetworkServiceCommands.WriteOperatorAutomatic(writer);
                    }
                    else
                    {
                        NetworkServiceCommands.WriteOperatorManual(writer, candidates[candidateIndex], -1);
                    }

                    return true;
                case CellularState.Registering:
                    if (step < RegistrationKindCount)
                    {
                        RegistrationKind kind = (RegistrationKind)step;
                        NetworkServiceCommands.WriteRegistrationRead(command.Begin(NetworkServiceCommands.RegistrationPrefix(kind), 5000), kind);
                        return true;
                    }

                    return false;
                case CellularState.ActivatingData:
                    if (step == 0)
                    {
                        PacketDomainCommands.WriteAttach(command.Begin(null, 75000), true); // TS 27.007 10.1.9
                        return true;
                    }

                    if (step == 1)
                    {
                        PacketDomainCommands.WriteActivate(command.Begin(null, 150000), true, ContextId); // 10.1.10
                        return true;
                    }

                    if (automatic && step == 2)
                    {
                        NetworkServiceCommands.WriteOperatorFormat(command.Begin(null, 5000), 2);
                        return true;
                    }

                    if (automatic && step == 3)
                    {
                        NetworkServiceCommands.WriteOperatorRead(command.Begin(NetworkServiceCommands.OperatorPrefix, 5000));
                        return true;
                    }

                    return false;
                case CellularState.Abandoning:
                    if (step == 0)
                    {
                        NetworkServiceCommands.WriteOperatorDeregister(command.Begin(null, 30000));
                        return true;
                    }

                    return false;
                case CellularState.Detaching:
                    switch (step)
                    {
                        case 0:
                            NetworkServiceCommands.WriteOperatorDeregister(command.Begin(null, 30000));
                            return true;
                        case 1:
                            MobileTerminationCommands.WriteFunctionality(command.Begin(null, 15000), 0, false);
                            return true;
                        case 2:
                            MobileTerminationCommands.WriteFunctionality(command.Begin(null, 15000), 1, false);
                            return true;
                    }

                    return false;
                default:
                    return false;
            }
        }

        // ---- helpers ----

        private void RequireIdle()
        {
            if (Listener == null)
            {
                throw new InvalidOperationException("set Listener first");
            }

            if (State != CellularState.Off && State != CellularState.Ready && State != CellularState.Attached)
            {
                throw new InvalidOperationException("an attach or detach is in progress");
            }
        }

        private void StartCandidate(CellularEvent input)
        {
            attemptFailures = 0;
            plmnAuthenticationFailures = 0;
            log.Log(ModemLogLevel.Information, "cell: trying " + CandidateName());
            Transition(CellularState.Selecting, input);
        }

        private void NextCandidate(CellularEvent input, bool authenticationFailed)
        {
            if (authenticationFailed)
            {
                plmnsFailedAuthentication++;
            }
            else if (LastRejectCause >= 0)
            {
                plmnsRejected++;
            }

            candidateIndex++;
            if (candidateIndex < candidateCount)
            {
                StartCandidate(input);
                return;
            }

            if (plmnsFailedAuthentication == candidateCount)
            {
                pendingResult = AttachResult.AuthenticationFailed;
            }
            else if (plmnsRejected + plmnsFailedAuthentication > 0)
            {
                pendingResult = AttachResult.Rejected;
            }
            else
            {
                pendingResult = AttachResult.NoNetwork;
            }

            Transition(CellularState.Abandoning, input);
        }

        private void Fail(AttachResult result, CellularEvent input, CellularState next)
        {
            if (input == CellularEvent.CommandTimedOut || result == AttachResult.ModemFailure)
            {
                modemReady = false; // AtChannel: resynchronise after a timeout before trusting results
            }

            if (result == AttachResult.SimNotReady)
            {
                simReselect = true; // the next attach starts with AT+CFUN=0, AT+M2MSIMSEL=1, AT+CFUN=1
            }

            pendingResult = result;
            Transition(next, input);
            Report(result);
        }

        private void Complete(AttachResult result, CellularEvent input)
        {
            Transition(CellularState.Ready, input);
            Report(result);
        }

        private void Report(AttachResult result)
        {
            int cause = result == AttachResult.ModemFailure || result == AttachResult.SimNotReady ? 0 : LastRejectCauseOrZero();
            log.Log(result == AttachResult.Attached ? ModemLogLevel.Information : ModemLogLevel.Error, "cell: attach failed, result " + (int)result + " cause #" + cause);
            Listener.OnAttachCompleted(result, cause, null);
        }

        private void LogAndDefer(AttachResult result)
        {
            log.Log(ModemLogLevel.Error, "cell: attach refused, result " + (int)result);
            pendingResult = result;
            deferredCompletion = true; // outcomes never arrive inside the request call
        }

        private int LastRejectCauseOrZero()
        {
            return LastRejectCause < 0 ? 0 : LastRejectCause;
        }

        private int BackoffFor(int failures)
        {
            return failures % AttemptsBeforeLongBackoff == 0 ? LongBackoffMilliseconds : ShortBackoffMilliseconds;
        }

        private string CandidateName()
        {
            string plmn = candidateIndex < candidateCount ? candidates[candidateIndex] : null;
            return plmn ?? "automatic selection";
        }

        private void ClearRegistration()
        {
            for (int i = 0; i < RegistrationKindCount; i++)
            {
                kindStatus[i] = NoStatus;
            }

        }

        private bool AnyRegistered()
        {
            for (int i = 0; i < RegistrationKindCount; i++)
            {
                int status = kindStatus[i];
                if (status == (int)RegistrationStatus.Home || status == (int)RegistrationStatus.Roaming
                    || status == (int)RegistrationStatus.SmsOnlyHome || status == (int)RegistrationStatus.SmsOnlyRoaming
                    || status == (int)RegistrationStatus.CsfbNotPreferredHome || status == (int)RegistrationStatus.CsfbNotPreferredRoaming)
                {
                    return true;
                }
            }

            return false;
        }

        private void SyncAuthenticationCounters()
        {
            if (remoteSim == null)
            {
                return;
            }

            int synchronisation = remoteSim.SynchronisationFailures - seenSynchronisationFailures;
            if (synchronisation > 0)
            {
                seenSynchronisationFailures += synchronisation;
                SynchronisationFailureCount += synchronisation;
                log.Log(ModemLogLevel.Warning, "cell: USIM reported a synchronisation failure (network resynchronises)");
            }

            int mac = remoteSim.MacFailures - seenMacFailures;
            if (mac > 0)
            {
                seenMacFailures += mac;
                MacFailureCount += mac;
                plmnAuthenticationFailures += mac;
                log.Log(ModemLogLevel.Warning, "cell: network failed authentication (MAC), count " + MacFailureCount);
                Handle(CellularEvent.AuthenticationFailure);
            }
        }

        private bool TryReadPin(out PinStatus pin)
        {
            pin = PinStatus.Ready;
            for (int i = 0; i < command.ResponseLineCount; i++)
            {
                command.ReadResponseLine(i, reader);
                if (MobileTerminationCommands.TryParsePinStatus(reader, out pin))
                {
                    return true;
                }
            }

            return false;
        }

        private void FilterScan()
        {
            candidateCount = 0;
            forbiddenSeen = 0;
            bool parsed = false;
            for (int i = 0; i < command.ResponseLineCount && !parsed; i++)
            {
                command.ReadResponseLine(i, reader);
                parsed = NetworkServiceCommands.TryParseOperatorList(reader, operators);
            }

            if (!parsed)
            {
                log.Log(ModemLogLevel.Warning, "cell: unreadable scan result");
                return;
            }

            // TS 23.122 4.4.3.1.2: allowed list order is the priority; forbidden PLMNs (stat 3) are skipped.
            for (int a = 0; a < allowedCount; a++)
            {
                bool available = false;
                bool forbidden = false;
                for (int o = 0; o < operators.Count; o++)
                {
                    OperatorEntry entry = operators.Get(o);
                    if (entry.Numeric != allowed[a])
                    {
                        continue;
                    }

                    if (entry.Status == 3)
                    {
                        forbidden = true;
                    }
                    else
                    {
                        available = true;
                    }
                }

                if (available)
                {
                    candidates[candidateCount++] = allowed[a];
                }
                else if (forbidden)
                {
                    forbiddenSeen++;
                }
            }

            log.Log(ModemLogLevel.Information, "cell: scan found " + operators.TotalCount + " networks, " + candidateCount + " allowed, " + forbiddenSeen + " forbidden");
        }

        private bool ReadRegistered()
        {
            // Only a registered stat is acted on here; denials arrive as URCs with their cause.
            for (int i = 0; i < command.ResponseLineCount; i++)
            {
                command.ReadResponseLine(i, reader);
                if (NetworkServiceCommands.TryParseRegistration(reader, (RegistrationKind)step, true, registration) && registration.IsRegistered)
                {
                    kindStatus[step] = (int)registration.Status;
                    return true;
                }
            }

            return false;
        }

        private void ReadOperator()
        {
            operatorRead = null;
            for (int i = 0; i < command.ResponseLineCount; i++)
            {
                command.ReadResponseLine(i, reader);
                if (NetworkServiceCommands.TryParseOperatorRead(reader, selection) && selection.Format == 2)
                {
                    operatorRead = selection.Operator;
                }
            }
        }

        // Issue 8.3: Debug entries are built only when the log keeps them (IModemLogFilter; every entry otherwise).
        private bool IsDebugLogged()
        {
            IModemLogFilter filter = log as IModemLogFilter;
            return filter == null || filter.IsEnabled(ModemLogLevel.Debug);
        }

        private static string ResultText(AtCommand completed)
        {
            if (completed.Result == AtResultCode.CmeError)
            {
                return "+CME ERROR: " + completed.ErrorNumber;
            }

            return "result " + (int)completed.Result;
        }
    }
}
