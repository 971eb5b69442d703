using System;
using M2MDevice.Aka;
using M2MDevice.Crypto;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Provisioning
{
    /// <summary>
    /// The device side of network provisioning (ARCHITECTURE 1 and 3.3-3.5, TR 33.812): attach with the PIMSI, GBA-style
    /// bootstrap with RS, ask RS for the home operator, download the USIM package from HO, install it, attach with the
    /// new IMSI, confirm or roll back, and deliver the outcome until acknowledged. Sans-IO: outcomes of the cellular
    /// link and the secure transport come in through the listener methods, time through <see cref="Tick"/>; every
    /// input becomes a <see cref="ProvisioningEvent"/> on one queue handled by one Handle. Every transition is logged
    /// by name and persisted in the key store's provisioning record before the new state is entered, so a reboot
    /// resumes where it was (docs/provisioning.md). Not thread-safe: call everything from the firmware's one thread.
    /// </summary>
    public sealed class ProvisioningStateMachine : ICellularNetworkListener, ISecureTransportListener
    {
        /// <summary>
        /// Size of the request buffer. The largest request the device sends (docs/protocol.md) is a FailureReport or an
        /// InstallReceipt: header 4 + BTid TLV 3 + 278 + nonce TLV 3 + 16 + sequence TLV 3 + 4 + two short TLVs of at
        /// most 3 + 3 each + MAC 16 = 335 bytes; a BootstrapRequest is at most 4 + 3 + 253 (IMPI). 512 leaves room (ProvisioningRequestSizeTests).
        /// </summary>
        public const int MaxRequestLength = 512;

        private const int QueueCapacity = 8;
        private const int KsSize = 32;
        private const int CipherKeySize = 16;

        private readonly DeviceKeyStore store;
        private readonly IBootstrapUsim usim;
        private readonly ICellularNetwork network;
        private readonly ISecureTransport transport;
        private readonly IRandomSource random;
        private readonly DeviceConfiguration config;
        private readonly IProvisioningLog log;

        private readonly ProvisioningStatus status = new ProvisioningStatus();
        private readonly ProvisioningRecord record = new ProvisioningRecord();
        private readonly MessageProtection protection = new MessageProtection();
        // S of Ks_NAF: FC, "gba-me", RAND, IMPI (<= 253) and NAF_Id (<= 258), each with its 2-byte length.
        private readonly Kdf kdf = new Kdf(600);
        private readonly UsimAuthenticationOutput akaOutput = new UsimAuthenticationOutput();
        private readonly byte[] requestBuffer = new byte[MaxRequestLength];
        private readonly byte[] responseBuffer;
        private readonly byte[] notificationBuffer = new byte[NotificationRecord.Length];
        private readonly byte[] deviceNonce = new byte[ProtocolLimits.NonceSize];
        private readonly byte[] ks = new byte[KsSize];
        private readonly byte[] ksNafRs = new byte[MessageProtection.KsNafSize];
        private readonly byte[] bootstrapRand = new byte[ProtocolLimits.RandSize];
        private readonly byte[] btidRand = new byte[ProtocolLimits.RandSize];
        private readonly byte[] nafIdBuffer = new byte[NafId.MaxLength];

        // The event queue: one slot per event with its payload.
        private readonly ProvisioningEvent[] queuedEvents = new ProvisioningEvent[QueueCapacity];
        private readonly AttachResult[] queuedAttachResults = new AttachResult[QueueCapacity];
        private readonly int[] queuedRejectCauses = new int[QueueCapacity];
        private readonly string[] queuedPlmns = new string[QueueCapacity];
        private readonly TransportResult[] queuedTransportResults = new TransportResult[QueueCapacity];
        private readonly int[] queuedHttpStatuses = new int[QueueCapacity];
        private readonly int[] queuedResponseLengths = new int[QueueCapacity];
        private readonly int[] queuedTimerGenerations = new int[QueueCapacity];
        private int queueHead;
        private int queueCount;
        private bool dispatching;
        private bool responseQueued;

        // Payload of the event being handled.
        private AttachResult eventAttachResult;
        private int eventRejectCause;
        private string eventPlmn;
        private TransportResult eventTransportResult;
        private int eventHttpStatus;
        private int eventResponseLength;
        private int eventTimerGeneration;

        private ProvisioningState state;
        private ProvisioningState startSaved;
        private ProvisioningState startTarget;
        private ProvisioningEvent trigger;
        private bool started;
        private bool timerArmed;
        private int timerRemainingMs;
        private int timerGeneration;
        private bool awaitingAttach;
        private bool awaitingDetach;
        private bool awaitingResponse;
        private int requestLength;
        private bool attached;

        // RAM only: Ks and Ks_NAF(RS) never reach flash (docs/provisioning.md section 3).
        private bool keyValid;
        private int keyRemainingMs;
        private byte[] currentBTid;
        private byte[] impi;
        private bool bootstrapAwaitingResult;
        private int resyncs;

        // Issue 8.3: a package that arrives whole is opened where it lies (responseBuffer); only a cut-short one is
        // collected in packageBuffer, allocated at the first resume. packageBytes is whichever holds it.
        private byte[] packageBuffer;
        private byte[] packageBytes;
        private int packageReceived;
        private int packageResumes;

        // Replaced only by a longer encoded record, not ProvisioningRecord.MaxLength up front.
        private byte[] blobBuffer;

        private uint notificationId;
        private NotificationRecord currentNotification;

        private byte[] rsTrustAnchor;
        private string rsBootstrapUrl;
        private string rsHomeOperatorUrl;

        /// <summary>
        /// Binds the machine to its collaborators. No I/O here: call <see cref="Start"/> once the key store is mounted
        /// (and initialized from the manufacture image) and the USIM presents the store's active identity.
        /// </summary>
        public ProvisioningStateMachine(
            DeviceKeyStore store, IBootstrapUsim usim, ICellularNetwork network, ISecureTransport transport,
            IRandomSource random, DeviceConfiguration config, IProvisioningLog log)
            : this(store, usim, network, transport, random, config, log, null)
        {
        }

        /// <summary>
        /// As above, with responseBuffer (at least <see cref="MessageEnvelope.MaxMessageLength"/> bytes) as the buffer
        /// responses are handled in, or null for one of its own. Pass the transport's own body buffer (the one
        /// <see cref="ISecureTransportListener.OnPostCompleted"/> hands over) to hold each response once: the transport
        /// fills it only while a request is in flight, and the machine posts the next request only once it is done
        /// reading the previous response.
        /// </summary>
        public ProvisioningStateMachine(
            DeviceKeyStore store, IBootstrapUsim usim, ICellularNetwork network, ISecureTransport transport,
            IRandomSource random, DeviceConfiguration config, IProvisioningLog log, byte[] responseBuffer)
        {
            if (responseBuffer != null && responseBuffer.Length < MessageEnvelope.MaxMessageLength)
            {
                throw new ArgumentOutOfRangeException(nameof(responseBuffer));
            }

            if (store == null || usim == null || network == null || transport == null || random == null || config == null || log == null)
            {
                throw new ArgumentNullException(nameof(store));
            }

            this.store = store;
            this.usim = usim;
            this.network = network;
            this.transport = transport;
            this.random = random;
            this.config = config;
            this.log = log;
            this.responseBuffer = responseBuffer ?? new byte[MessageEnvelope.MaxMessageLength];
        }

        /// <summary>The current state.</summary>
        public ProvisioningState State
        {
            get { return state; }
        }

        /// <summary>Read-only progress for displays (updated in place).</summary>
        public ProvisioningStatus Status
        {
            get { return status; }
        }

        /// <summary>True while a timer is armed (tests and runners that skip idle time).</summary>
        public bool IsTimerArmed
        {
            get { return timerArmed; }
        }

        /// <summary>Milliseconds until the armed timer fires (0 when none).</summary>
        public int TimerRemainingMs
        {
            get { return timerArmed ? timerRemainingMs : 0; }
        }

        /// <summary>
        /// Boot: reads the persisted state and blob, reconciles them with the key store (which profile is active,
        /// staged or retired) and enters the state to resume. Call once.
        /// </summary>
        public void Start()
        {
            if (started)
            {
                throw new InvalidOperationException("already started");
            }

            if (!store.IsInitialized)
            {
                throw new InvalidOperationException("mount the key store and load the manufacture image first");
            }

            started = true;
            rsTrustAnchor = store.GetRsTrustAnchor();
            string rsBase = BaseUrl(store.RsAddress);
            rsBootstrapUrl = rsBase + config.RsBootstrapPath;
            rsHomeOperatorUrl = rsBase + config.RsHomeOperatorPath;
            impi = BuildImpi();

            ProvisioningState saved = (ProvisioningState)store.ProvisioningStateNumber;
            byte[] blob = store.GetProvisioningBlob();
            bool decoded = blob != null && blob.Length > 0 && record.TryDecode(blob, 0, blob.Length);
            if (blob != null)
            {
                Array.Clear(blob, 0, blob.Length);
            }

            if (saved != ProvisioningState.Idle)
            {
                status.Resumes++;
                if (!decoded)
                {
                    record.Clear();
                    saved = ProvisioningState.Idle;
                    SetError(ProvisioningError.CorruptState);
                }
            }

            status.LastError = record.LastError;
            status.ProfileSequence = record.ProfileSequence;
            SyncCounters();

            // The USIM must present what the key store selects (the runner builds it so; a mismatch is fixed here).
            UsimIdentityKind identity = store.ActiveIdentity;
            if (usim.CurrentIdentity != identity)
            {
                UsimProfile profile;
                if (store.TryGetProfile(identity, out profile))
                {
                    usim.SwitchIdentity(identity, profile);
                }
            }

            ProvisioningState target = ResumeTarget(saved);
            log.Write("provisioning: start, persisted " + ProvisioningNames.Of(saved) + ", resuming " + ProvisioningNames.Of(target));
            startSaved = saved;
            startTarget = target;
            Enqueue(ProvisioningEvent.Start);
            Drain();
        }

        /// <summary>
        /// Advances time by elapsedMs (from the runner's timer): the Ks lifetime runs down and an armed state timer
        /// that reaches zero becomes a Timeout event.
        /// </summary>
        public void Tick(int elapsedMs)
        {
            if (!started || elapsedMs <= 0)
            {
                return;
            }

            if (keyValid)
            {
                keyRemainingMs -= elapsedMs;
                if (keyRemainingMs <= 0)
                {
                    ForgetKeys();
                }
            }

            if (timerArmed)
            {
                timerRemainingMs -= elapsedMs;
                if (timerRemainingMs <= 0)
                {
                    timerArmed = false;
                    timerRemainingMs = 0;
                    int slot = Enqueue(ProvisioningEvent.Timeout);
                    queuedTimerGenerations[slot] = timerGeneration;
                    Drain();
                }
            }
        }

        /// <inheritdoc />
        public void OnAttachCompleted(AttachResult result, int rejectCause, string plmn)
        {
            int slot = Enqueue(result == AttachResult.Attached ? ProvisioningEvent.AttachSucceeded : ProvisioningEvent.AttachFailed);
            queuedAttachResults[slot] = result;
            queuedRejectCauses[slot] = rejectCause;
            queuedPlmns[slot] = plmn;
            Drain();
        }

        /// <inheritdoc />
        public void OnDetachCompleted()
        {
            Enqueue(ProvisioningEvent.DetachCompleted);
            Drain();
        }

        /// <inheritdoc />
        public void OnLinkLost()
        {
            Enqueue(ProvisioningEvent.LinkLost);
            Drain();
        }

        /// <inheritdoc />
        public void OnPostCompleted(TransportResult result, int httpStatus, byte[] body, int offset, int count)
        {
            if (result == TransportResult.Completed && count > responseBuffer.Length)
            {
                result = TransportResult.ResponseTooLarge;
            }

            if (result != TransportResult.Completed)
            {
                int failed = Enqueue(ProvisioningEvent.TransportFailed);
                queuedTransportResults[failed] = result;
                Drain();
                return;
            }

            if (responseQueued)
            {
                throw new InvalidOperationException("a second response arrived before the first was handled");
            }

            if (count > 0)
            {
                if (body == null || offset < 0 || offset > body.Length - count)
                {
                    throw new ArgumentOutOfRangeException(nameof(body));
                }

                if (body != responseBuffer || offset != 0)
                {
                    Array.Copy(body, offset, responseBuffer, 0, count);
                }
            }

            responseQueued = true;
            int slot = Enqueue(ProvisioningEvent.ResponseReceived);
            queuedTransportResults[slot] = result;
            queuedHttpStatuses[slot] = httpStatus;
            queuedResponseLengths[slot] = count < 0 ? 0 : count;
            Drain();
        }

        // ---- Event queue -------------------------------------------------------------------------------------------

        private int Enqueue(ProvisioningEvent value)
        {
            if (queueCount == QueueCapacity)
            {
                throw new InvalidOperationException("provisioning event queue overflow");
            }

            int slot = (queueHead + queueCount) % QueueCapacity;
            queuedEvents[slot] = value;
            queuedAttachResults[slot] = AttachResult.Attached;
            queuedRejectCauses[slot] = 0;
            queuedPlmns[slot] = null;
            queuedTransportResults[slot] = TransportResult.Completed;
            queuedHttpStatuses[slot] = 0;
            queuedResponseLengths[slot] = 0;
            queuedTimerGenerations[slot] = -1;
            queueCount++;
            return slot;
        }

        private void Drain()
        {
            if (dispatching)
            {
                // Called back from inside a request: handled once the current event is done (no re-entrancy).
                return;
            }

            dispatching = true;
            try
            {
                while (queueCount > 0)
                {
                    int slot = queueHead;
                    queueHead = (queueHead + 1) % QueueCapacity;
                    queueCount--;
                    ProvisioningEvent value = queuedEvents[slot];
                    eventAttachResult = queuedAttachResults[slot];
                    eventRejectCause = queuedRejectCauses[slot];
                    eventPlmn = queuedPlmns[slot];
                    eventTransportResult = queuedTransportResults[slot];
                    eventHttpStatus = queuedHttpStatuses[slot];
                    eventResponseLength = queuedResponseLengths[slot];
                    eventTimerGeneration = queuedTimerGenerations[slot];
                    queuedPlmns[slot] = null;
                    if (value == ProvisioningEvent.ResponseReceived)
                    {
                        // The handler owns the buffer now; it sends the next request only once it is done reading.
                        responseQueued = false;
                    }

                    Handle(value);
                    if (value == ProvisioningEvent.ResponseReceived && !responseQueued)
                    {
                        // Wipe the answer (it may hold a package); unless the next one already arrived in its place.
                        Array.Clear(responseBuffer, 0, eventResponseLength);
                    }
                }
            }
            finally
            {
                dispatching = false;
            }
        }

        // ---- The one Handle ----------------------------------------------------------------------------------------

        private void Handle(ProvisioningEvent value)
        {
            if (value == ProvisioningEvent.Start)
            {
                HandleStart();
                return;
            }

            if (value == ProvisioningEvent.Timeout && eventTimerGeneration != timerGeneration)
            {
                return; // a timer of a state already left
            }

            if (value == ProvisioningEvent.AttachSucceeded || value == ProvisioningEvent.AttachFailed)
            {
                status.LastAttachResult = eventAttachResult;
                status.LastRejectCause = eventRejectCause;
                if (!awaitingAttach)
                {
                    log.Write("provisioning: late attach result ignored in " + ProvisioningNames.Of(state));
                    return;
                }

                awaitingAttach = false;
                DisarmTimer();
            }
            else if (value == ProvisioningEvent.DetachCompleted)
            {
                if (!awaitingDetach)
                {
                    return;
                }

                awaitingDetach = false;
                DisarmTimer();
            }
            else if (value == ProvisioningEvent.ResponseReceived || value == ProvisioningEvent.TransportFailed)
            {
                if (!awaitingResponse)
                {
                    log.Write("provisioning: late response ignored in " + ProvisioningNames.Of(state));
                    return;
                }

                CompleteRequest();
                if (value == ProvisioningEvent.TransportFailed)
                {
                    status.LastTransportResult = eventTransportResult;
                    log.Write("provisioning: transport " + ProvisioningNames.Of(eventTransportResult) + " in " + ProvisioningNames.Of(state));
                }
                else
                {
                    status.LastHttpStatus = eventHttpStatus;
                }
            }
            else if (value == ProvisioningEvent.LinkLost)
            {
                attached = false;
            }

            switch (state)
            {
                case ProvisioningState.PreliminaryAttach:
                case ProvisioningState.OperationalAttach:
                case ProvisioningState.HomeAttach:
                    HandleAttachState(value);
                    break;
                case ProvisioningState.OperationalDetach:
                case ProvisioningState.PreliminaryDetach:
                    if (value == ProvisioningEvent.DetachCompleted || value == ProvisioningEvent.Timeout)
                    {
                        Transition(state == ProvisioningState.OperationalDetach ? ProvisioningState.OperationalAttach : ProvisioningState.PreliminaryAttach, value);
                    }

                    break;
                case ProvisioningState.Bootstrapping:
                case ProvisioningState.HomeOperatorQuery:
                case ProvisioningState.Downloading:
                case ProvisioningState.Notifying:
                    HandleRequestState(value);
                    break;
                case ProvisioningState.PendingWait:
                case ProvisioningState.RetryWait:
                case ProvisioningState.NotificationWait:
                case ProvisioningState.Suspended:
                    if (value == ProvisioningEvent.Timeout)
                    {
                        HandleWaitOver(value);
                    }

                    break;
                case ProvisioningState.Provisioned:
                    if (value == ProvisioningEvent.LinkLost)
                    {
                        Transition(ProvisioningState.HomeAttach, value);
                    }

                    break;
                default:
                    break;
            }
        }

        private void HandleStart()
        {
            ProvisioningState target = startTarget;
            bool proving = startSaved == ProvisioningState.Installing || startSaved == ProvisioningState.OperationalDetach
                || startSaved == ProvisioningState.OperationalAttach || startSaved == ProvisioningState.RetryWait;
            if (store.IsPreliminaryRetired && proving && record.HasHomeOperator)
            {
                // Cut between retirement and queuing the receipt: queue it now (EnsureQueued is idempotent).
                QueueReceipt(null);
            }

            if (target == ProvisioningState.Installing)
            {
                // A verified package was staged before the cut: finish the install.
                InstallStaged(ProvisioningEvent.Start);
                return;
            }

            Transition(target, ProvisioningEvent.Start);
        }

        private ProvisioningState ResumeTarget(ProvisioningState saved)
        {
            if (store.IsPreliminaryRetired)
            {
                return ProvisioningState.HomeAttach;
            }

            if (store.ActiveIdentity == UsimIdentityKind.Operational)
            {
                // Committed but not proven: a fresh modem attaches with it (or the rollback resumes).
                return saved == ProvisioningState.RollingBack ? ProvisioningState.RollingBack : ProvisioningState.OperationalAttach;
            }

            switch (saved)
            {
                case ProvisioningState.Installing:
                    return store.HasStagedProfile ? ProvisioningState.Installing : ProvisioningState.PreliminaryAttach;
                case ProvisioningState.RollingBack:
                case ProvisioningState.PendingWait:
                case ProvisioningState.RetryWait:
                case ProvisioningState.NotificationWait:
                    return saved;
                case ProvisioningState.Suspended:
                    if (config.SuspendMs > 0)
                    {
                        return ProvisioningState.Suspended;
                    }

                    ResetCycle();
                    return ProvisioningState.PreliminaryAttach;
                default:
                    return ProvisioningState.PreliminaryAttach;
            }
        }

        // ---- Attach states -----------------------------------------------------------------------------------------

        private void HandleAttachState(ProvisioningEvent value)
        {
            if (value == ProvisioningEvent.AttachSucceeded)
            {
                attached = true;
                if (state == ProvisioningState.PreliminaryAttach)
                {
                    record.StepAttempts = 0;
                    Transition(NextAfterPreliminaryAttach(), value);
                }
                else if (state == ProvisioningState.OperationalAttach)
                {
                    OnOperationalAttached(value);
                }
                else
                {
                    record.StepAttempts = 0;
                    Transition(NextAfterHomeAttach(), value);
                }

                return;
            }

            if (value != ProvisioningEvent.AttachFailed && value != ProvisioningEvent.Timeout)
            {
                return;
            }

            awaitingAttach = false;
            if (value == ProvisioningEvent.Timeout)
            {
                status.LastAttachResult = AttachResult.NoNetwork;
                status.LastRejectCause = 0;
            }

            if (state == ProvisioningState.OperationalAttach)
            {
                OnOperationalAttachFailed(value);
                return;
            }

            StepFailed(value == ProvisioningEvent.Timeout ? ProvisioningError.Timeout : ProvisioningError.AttachFailed, state, 0, value);
        }

        private ProvisioningState NextAfterPreliminaryAttach()
        {
            if (record.HasHomeOperator)
            {
                return store.NotificationCount > 0 ? ProvisioningState.Notifying : ProvisioningState.Downloading;
            }

            return ProvisioningState.Bootstrapping;
        }

        private ProvisioningState NextAfterHomeAttach()
        {
            if (store.NotificationCount > 0 && record.HasHomeOperator)
            {
                return ProvisioningState.Notifying;
            }

            if (store.NotificationCount > 0)
            {
                SetError(ProvisioningError.NoHomeOperatorContext);
            }

            return ProvisioningState.Provisioned;
        }

        private void OnOperationalAttached(ProvisioningEvent value)
        {
            // ARCHITECTURE 4: the preliminary credentials stay until the new profile has attached; now retire them.
            KeyStoreResult retired = store.RetirePreliminary();
            if (retired != KeyStoreResult.Ok && retired != KeyStoreResult.AlreadyRetired)
            {
                throw new InvalidOperationException("retirement refused while the operational profile is active");
            }

            impi = null;
            QueueReceipt(eventPlmn);
            record.OperationalFailures = 0;
            record.StepAttempts = 0;
            Transition(ProvisioningState.Notifying, value);
        }

        private void OnOperationalAttachFailed(ProvisioningEvent value)
        {
            record.OperationalFailures = ProvisioningRecord.Increment(record.OperationalFailures);
            status.OperationalAttachFailures = record.OperationalFailures;
            AttachResult result = value == ProvisioningEvent.Timeout ? AttachResult.NoNetwork : eventAttachResult;
            record.HasRejectCause = false;
            record.RejectCause = 0;
            if (value == ProvisioningEvent.Timeout)
            {
                record.FailureCause = FailureCause.AttachTimeout;
            }
            else if (result == AttachResult.AuthenticationFailed)
            {
                record.FailureCause = FailureCause.AuthenticationFailed;
            }
            else if (result == AttachResult.Rejected || result == AttachResult.SimInvalid)
            {
                record.FailureCause = FailureCause.AttachRejected;
                if (eventRejectCause > 0 && eventRejectCause < 256)
                {
                    record.HasRejectCause = true;
                    record.RejectCause = (byte)eventRejectCause;
                }
            }
            else
            {
                record.FailureCause = FailureCause.AttachTimeout;
            }

            SetError(value == ProvisioningEvent.Timeout ? ProvisioningError.Timeout : ProvisioningError.AttachFailed);
            if (record.OperationalFailures >= config.MaxOperationalAttachAttempts)
            {
                Transition(ProvisioningState.RollingBack, value);
                return;
            }

            record.RetryState = ProvisioningState.OperationalAttach;
            record.WaitMs = config.OperationalRetryDelayMs;
            Transition(ProvisioningState.RetryWait, value);
        }

        // ---- Request states ----------------------------------------------------------------------------------------

        private void HandleRequestState(ProvisioningEvent value)
        {
            if (value == ProvisioningEvent.LinkLost)
            {
                CancelRequest();
                SetError(ProvisioningError.LinkLost);
                Transition(AttachStateForIdentity(), value);
                return;
            }

            if (value == ProvisioningEvent.Timeout || value == ProvisioningEvent.TransportFailed)
            {
                if (value == ProvisioningEvent.Timeout)
                {
                    CancelRequest();
                }

                ProvisioningError error = value == ProvisioningEvent.Timeout ? ProvisioningError.Timeout : ProvisioningError.TransportFailed;
                if (state == ProvisioningState.Notifying)
                {
                    NotificationFailed(error, value);
                }
                else
                {
                    // Keep the received part of a package: the retry resumes it (docs/protocol.md 6.5).
                    StepFailed(error, state, 0, value);
                }

                return;
            }

            if (value != ProvisioningEvent.ResponseReceived)
            {
                return;
            }

            switch (state)
            {
                case ProvisioningState.Bootstrapping:
                    OnBootstrapAnswer(value);
                    break;
                case ProvisioningState.HomeOperatorQuery:
                    OnHomeOperatorAnswer(value);
                    break;
                case ProvisioningState.Downloading:
                    OnPackageAnswer(value);
                    break;
                default:
                    OnNotificationAnswer(value);
                    break;
            }
        }

        private void SendBootstrapRequest()
        {
            if (impi == null)
            {
                throw new InvalidOperationException("bootstrap needs the preliminary identity");
            }

            bootstrapAwaitingResult = false;
            resyncs = 0;
            ForgetKeys();
            BootstrapRequest request = new BootstrapRequest();
            request.Impi = impi;
            int length;
            ProtocolResult result = request.Encode(requestBuffer, 0, requestBuffer.Length, out length);
            if (result != ProtocolResult.Success)
            {
                throw new InvalidOperationException("BootstrapRequest does not encode");
            }

            Post(rsBootstrapUrl, rsTrustAnchor, length);
        }

        private void OnBootstrapAnswer(ProvisioningEvent value)
        {
            MessageType type;
            if (!TryGetAnswerType(out type))
            {
                return;
            }

            if (type == MessageType.ErrorAnswer)
            {
                OnErrorAnswer(value);
                return;
            }

            if (type == MessageType.BootstrapChallenge)
            {
                BootstrapChallenge challenge;
                if (BootstrapChallenge.TryDecode(responseBuffer, 0, eventResponseLength, out challenge) != ProtocolResult.Success)
                {
                    StepFailed(ProvisioningError.MalformedAnswer, state, 0, value);
                    return;
                }

                OnBootstrapChallenge(challenge, value);
                return;
            }

            if (type != MessageType.BootstrapResult || !bootstrapAwaitingResult)
            {
                StepFailed(ProvisioningError.MalformedAnswer, state, 0, value);
                return;
            }

            BootstrapResult result;
            int hostOffset;
            int hostCount;
            if (BootstrapResult.TryDecode(responseBuffer, 0, eventResponseLength, out result) != ProtocolResult.Success
                || BTid.TryParse(result.BTid, 0, result.BTid.Length, btidRand, 0, out hostOffset, out hostCount) != ProtocolResult.Success
                || !ConstantTime.AreEqual(btidRand, 0, bootstrapRand, 0, ProtocolLimits.RandSize))
            {
                // TS 33.220 4.5.2: B-TID = base64(RAND)@BSF host; a B-TID of another RAND is not this bootstrap's.
                ForgetKeys();
                StepFailed(ProvisioningError.MalformedAnswer, state, 0, value);
                return;
            }

            // TS 33.220 B.3 and docs/rs-api.md: NAF_Id(RS) = the B-TID's host || Ua security protocol id.
            int nafIdLength;
            if (NafId.TryBuild(result.BTid, hostOffset, hostCount, nafIdBuffer, 0, nafIdBuffer.Length, out nafIdLength) != ProtocolResult.Success)
            {
                ForgetKeys();
                StepFailed(ProvisioningError.MalformedAnswer, state, 0, value);
                return;
            }

            kdf.DeriveKsNaf(ks, 0, bootstrapRand, 0, impi, 0, impi.Length, nafIdBuffer, 0, nafIdLength, ksNafRs, 0);
            kdf.Clear();
            currentBTid = result.BTid;
            keyValid = true;
            keyRemainingMs = result.Lifetime > int.MaxValue / 1000 ? int.MaxValue : (int)result.Lifetime * 1000;
            bootstrapAwaitingResult = false;
            status.Bootstraps++;
            record.StepAttempts = 0;
            Transition(ProvisioningState.HomeOperatorQuery, value);
        }

        private void OnBootstrapChallenge(BootstrapChallenge challenge, ProvisioningEvent value)
        {
            ForgetKeys();
            bootstrapAwaitingResult = false;
            AkaResult aka = usim.Authenticate(challenge.Rand, 0, challenge.Autn, 0, challenge.Autn.Length, akaOutput);
            BootstrapResponse response = new BootstrapResponse();
            response.Rand = challenge.Rand;
            if (aka == AkaResult.Success)
            {
                if (akaOutput.CkLength != CipherKeySize || akaOutput.IkLength != CipherKeySize)
                {
                    akaOutput.Clear();
                    StepFailed(ProvisioningError.UnsupportedAlgorithm, state, 0, value);
                    return;
                }

                // TS 33.220 4.5.2: Ks = CK || IK of the bootstrap AKA; RES proves the USIM to RS.
                Array.Copy(akaOutput.Ck, 0, ks, 0, CipherKeySize);
                Array.Copy(akaOutput.Ik, 0, ks, CipherKeySize, CipherKeySize);
                Array.Copy(challenge.Rand, 0, bootstrapRand, 0, ProtocolLimits.RandSize);
                response.Res = new byte[akaOutput.ResLength];
                Array.Copy(akaOutput.Res, 0, response.Res, 0, akaOutput.ResLength);
                akaOutput.Clear();
                bootstrapAwaitingResult = true;
            }
            else if (aka == AkaResult.SyncFailure)
            {
                // TS 33.102 6.3.5: send AUTS; RS resynchronises and sends a new challenge.
                resyncs++;
                status.Resyncs++;
                SetError(ProvisioningError.SyncFailure);
                if (resyncs > config.MaxResyncs)
                {
                    akaOutput.Clear();
                    StepFailed(ProvisioningError.SyncFailure, state, 0, value);
                    return;
                }

                response.Auts = new byte[akaOutput.AutsLength];
                Array.Copy(akaOutput.Auts, 0, response.Auts, 0, akaOutput.AutsLength);
                akaOutput.Clear();
            }
            else
            {
                // TS 33.102 6.3.3: MAC failure: the challenge is not from RS; no RES, nothing sent, abort this attempt.
                akaOutput.Clear();
                status.RejectedChallenges++;
                StepFailed(aka == AkaResult.MacFailure ? ProvisioningError.RsAuthenticationFailed : ProvisioningError.MalformedAnswer, state, 0, value);
                return;
            }

            int length;
            ProtocolResult encoded = response.Encode(requestBuffer, 0, requestBuffer.Length, out length);
            if (response.Res != null)
            {
                Array.Clear(response.Res, 0, response.Res.Length);
            }

            if (encoded != ProtocolResult.Success)
            {
                Array.Clear(requestBuffer, 0, requestBuffer.Length);
                ForgetKeys();
                StepFailed(ProvisioningError.MalformedAnswer, state, 0, value);
                return;
            }

            Post(rsBootstrapUrl, rsTrustAnchor, length);
        }

        private void SendHomeOperatorRequest()
        {
            if (!keyValid)
            {
                Transition(ProvisioningState.Bootstrapping, trigger);
                return;
            }

            random.GetBytes(deviceNonce, 0, deviceNonce.Length);
            HomeOperatorRequest request = new HomeOperatorRequest();
            request.BTid = currentBTid;
            request.DeviceNonce = deviceNonce;
            int length;
            if (request.Encode(protection, ksNafRs, 0, requestBuffer, 0, requestBuffer.Length, out length) != ProtocolResult.Success)
            {
                throw new InvalidOperationException("HomeOperatorRequest does not encode");
            }

            protection.Clear();
            Post(rsHomeOperatorUrl, rsTrustAnchor, length);
        }

        private void OnHomeOperatorAnswer(ProvisioningEvent value)
        {
            MessageType type;
            if (!TryGetAnswerType(out type))
            {
                return;
            }

            if (type == MessageType.ErrorAnswer)
            {
                OnErrorAnswer(value);
                return;
            }

            HomeOperatorAnswer answer = null;
            ProtocolResult opened = type == MessageType.HomeOperatorAnswer
                ? HomeOperatorAnswer.TryOpen(protection, ksNafRs, 0, deviceNonce, 0, responseBuffer, 0, eventResponseLength, out answer)
                : ProtocolResult.WrongType;
            protection.Clear();
            if (opened != ProtocolResult.Success)
            {
                // docs/protocol.md 6.1: nothing of an answer is used unless MAC and nonce verify.
                StepFailed(opened == ProtocolResult.MacMismatch || opened == ProtocolResult.NonceMismatch
                    ? ProvisioningError.AnswerRejected : ProvisioningError.MalformedAnswer, state, 0, value);
                return;
            }

            if (answer.Status == HomeOperatorStatus.Unknown)
            {
                Suspend(ProvisioningError.UnknownDevice, value);
                return;
            }

            if (answer.Status == HomeOperatorStatus.Pending)
            {
                record.PendingAnswers = ProvisioningRecord.Increment(record.PendingAnswers);
                status.PendingAnswers = record.PendingAnswers;
                if (record.PendingAnswers > config.MaxPendingAnswers)
                {
                    Suspend(ProvisioningError.PendingLimit, value);
                    return;
                }

                record.StepAttempts = 0;
                record.WaitMs = ClampWait(answer.RetryAfter, config.MinPendingWaitMs, config.MaxPendingWaitMs);
                Transition(ProvisioningState.PendingWait, value);
                return;
            }

            // Associated: Ks_NAF(HO) = KDF(Ks, "gba-me", RAND, IMPI, NAF_Id(HO)) (TS 33.220 B.3); then Ks is not needed.
            record.ClearHomeOperator();
            kdf.DeriveKsNaf(ks, 0, bootstrapRand, 0, impi, 0, impi.Length, answer.HomeOperatorId, 0, answer.HomeOperatorId.Length, record.KsNafHomeOperator, 0);
            kdf.Clear();
            record.HasHomeOperator = true;
            record.BTid = currentBTid;
            record.HomeOperatorAddress = answer.HomeOperatorAddress;
            record.HomeOperatorId = answer.HomeOperatorId;
            record.TrustAnchor = answer.TrustAnchor;
            ForgetKeys();
            if (record.EncodedLength > KeyStoreLimits.MaxProvisioningBlobLength)
            {
                record.ClearHomeOperator();
                Suspend(ProvisioningError.HomeOperatorDataTooLarge, value);
                return;
            }

            record.PendingAnswers = 0;
            record.StepAttempts = 0;
            ResetDownload();
            Transition(ProvisioningState.Downloading, value);
        }

        private void SendPackageRequest()
        {
            if (!record.HasHomeOperator)
            {
                Transition(ProvisioningState.Bootstrapping, trigger);
                return;
            }

            if (packageReceived == 0)
            {
                random.GetBytes(deviceNonce, 0, deviceNonce.Length);
            }

            // docs/protocol.md 6.5: a resumed request repeats the nonce and gives the bytes already held.
            PackageRequest request = new PackageRequest();
            request.BTid = record.BTid;
            request.DeviceNonce = deviceNonce;
            request.LastInstalledSequence = store.LastCommittedProfileSequence;
            request.ResumeOffset = (uint)packageReceived;
            int length;
            if (request.Encode(protection, record.KsNafHomeOperator, 0, requestBuffer, 0, requestBuffer.Length, out length) != ProtocolResult.Success)
            {
                throw new InvalidOperationException("PackageRequest does not encode");
            }

            protection.Clear();
            status.PackageRequests++;
            Post(HomeOperatorUrl(config.HoPackagePath), record.TrustAnchor, length);
        }

        private void OnPackageAnswer(ProvisioningEvent value)
        {
            int count = eventResponseLength;
            int expected = PackageLength(responseBuffer, count);
            if (packageReceived > 0 && expected != count)
            {
                // A resumed answer: the remaining bytes of the stored message, unless it is an error or a new package.
                MessageType resumedType;
                if (TryPeekType(out resumedType) && resumedType == MessageType.ErrorAnswer && eventHttpStatus != 200)
                {
                    OnErrorAnswer(value);
                    return;
                }

                if (packageBuffer == null || packageReceived + count > packageBuffer.Length || count == 0)
                {
                    ResetDownload();
                    RejectPackage(ProvisioningError.PackageRejected, value);
                    return;
                }

                Array.Copy(responseBuffer, 0, packageBuffer, packageReceived, count);
                packageReceived += count;
                packageBytes = packageBuffer;
            }
            else if (expected > 0)
            {
                // A whole package (or the first part of one): start over from these bytes.
                int take = count < expected ? count : expected;
                if (take == expected)
                {
                    // Whole: opened in place (Drain wipes responseBuffer once this event is handled).
                    if (packageBuffer != null)
                    {
                        Array.Clear(packageBuffer, 0, packageBuffer.Length);
                    }

                    packageBytes = responseBuffer;
                }
                else
                {
                    if (packageBuffer == null)
                    {
                        packageBuffer = new byte[MessageEnvelope.MaxMessageLength];
                    }

                    Array.Clear(packageBuffer, 0, packageBuffer.Length);
                    Array.Copy(responseBuffer, 0, packageBuffer, 0, take);
                    packageBytes = packageBuffer;
                }

                packageReceived = take;
                packageResumes = 0;
                if (count > expected)
                {
                    ResetDownload();
                    StepFailed(ProvisioningError.MalformedAnswer, state, 0, value);
                    return;
                }
            }
            else
            {
                MessageType type;
                if (!TryGetAnswerType(out type))
                {
                    return;
                }

                if (type == MessageType.ErrorAnswer)
                {
                    OnErrorAnswer(value);
                    return;
                }

                ResetDownload();
                StepFailed(ProvisioningError.MalformedAnswer, state, 0, value);
                return;
            }

            int total = PackageLength(packageBytes, packageReceived);
            if (total <= 0 || packageReceived > total)
            {
                ResetDownload();
                RejectPackage(ProvisioningError.PackageRejected, value);
                return;
            }

            if (packageReceived < total)
            {
                packageResumes++;
                if (packageResumes > config.MaxPackageResumes)
                {
                    ResetDownload();
                    StepFailed(ProvisioningError.PackageRejected, state, 0, value);
                    return;
                }

                log.Write("provisioning: package cut short, resuming");
                Transition(ProvisioningState.Downloading, value);
                return;
            }

            OpenPackage(value);
        }

        private void OpenPackage(ProvisioningEvent value)
        {
            // docs/protocol.md 6.2: structure, MAC (constant time), nonce, then decrypt; nothing is used before.
            UsimPackage package;
            ProtocolResult opened = UsimPackage.TryOpen(protection, record.KsNafHomeOperator, 0, deviceNonce, 0, packageBytes, 0, packageReceived, out package);
            protection.Clear();
            ResetDownload();
            if (opened != ProtocolResult.Success)
            {
                RejectPackage(ProvisioningError.PackageRejected, value);
                return;
            }

            // ARCHITECTURE 3.5: accept a package only once and only with a sequence above the last installed.
            if (package.ProfileSequence <= store.LastCommittedProfileSequence)
            {
                package.Body.Clear();
                RejectPackage(ProvisioningError.PackageNotNewer, value);
                return;
            }

            UsimProfile profile;
            bool mapped = UsimPackageMapper.TryMap(package.Body, package.ProfileSequence, out profile);
            package.Body.Clear();
            record.ProfileSequence = package.ProfileSequence;
            status.ProfileSequence = package.ProfileSequence;
            if (!mapped)
            {
                QueueFailureAndReport(FailureCause.PackageInvalid, ProvisioningError.PackageInvalid, value);
                return;
            }

            record.StepAttempts = 0;
            Transition(ProvisioningState.Installing, value);
            KeyStoreResult staged = store.StageProfile(profile);
            ProfileCodec.Wipe(profile);
            if (staged == KeyStoreResult.NotNewer)
            {
                RejectPackage(ProvisioningError.PackageNotNewer, value);
                return;
            }

            if (staged != KeyStoreResult.Ok)
            {
                QueueFailureAndReport(FailureCause.StorageFailed, ProvisioningError.StorageFailed, value);
                return;
            }

            InstallStaged(value);
        }

        private void InstallStaged(ProvisioningEvent value)
        {
            if (state != ProvisioningState.Installing)
            {
                Transition(ProvisioningState.Installing, value);
            }

            UsimProfile staged;
            if (store.TryGetStagedProfile(out staged))
            {
                record.ProfileSequence = staged.ProfileSequence;
                status.ProfileSequence = staged.ProfileSequence;
                ProfileCodec.Wipe(staged);
            }

            KeyStoreResult committed = store.CommitStagedProfile();
            if (committed != KeyStoreResult.Ok && store.ActiveIdentity != UsimIdentityKind.Operational)
            {
                QueueFailureAndReport(FailureCause.StorageFailed, ProvisioningError.StorageFailed, value);
                return;
            }

            UsimProfile operational;
            if (!store.TryGetProfile(UsimIdentityKind.Operational, out operational))
            {
                throw new InvalidOperationException("committed profile missing");
            }

            usim.SwitchIdentity(UsimIdentityKind.Operational, operational);
            record.OperationalFailures = 0;
            status.OperationalAttachFailures = 0;
            Transition(ProvisioningState.OperationalDetach, value);
        }

        private void RejectPackage(ProvisioningError error, ProvisioningEvent value)
        {
            status.RejectedPackages++;
            StepFailed(error, ProvisioningState.Downloading, 0, value);
        }

        private void QueueFailureAndReport(FailureCause cause, ProvisioningError error, ProvisioningEvent value)
        {
            SetError(error);
            NotificationRecord report = new NotificationRecord();
            report.Type = MessageType.FailureReport;
            report.ProfileSequence = record.ProfileSequence;
            report.Cause = cause;
            EnsureQueued(report);
            Transition(ProvisioningState.Notifying, value);
        }

        private void DoRollback()
        {
            // ARCHITECTURE 3.5 and 4: the new profile could not attach; go back to the preliminary credentials.
            if (store.ActiveIdentity == UsimIdentityKind.Operational)
            {
                KeyStoreResult rolledBack = store.RollbackToPreliminary();
                if (rolledBack != KeyStoreResult.Ok)
                {
                    throw new InvalidOperationException("rollback refused: the preliminary credentials are gone");
                }
            }

            UsimProfile preliminary;
            if (!store.TryGetProfile(UsimIdentityKind.Preliminary, out preliminary))
            {
                throw new InvalidOperationException("preliminary profile missing");
            }

            usim.SwitchIdentity(UsimIdentityKind.Preliminary, preliminary);
            status.Rollbacks++;
            SetError(ProvisioningError.OperationalAttachFailed);
            NotificationRecord report = new NotificationRecord();
            report.Type = MessageType.FailureReport;
            report.ProfileSequence = store.LastCommittedProfileSequence;
            report.Cause = record.FailureCause == 0 ? FailureCause.AttachTimeout : record.FailureCause;
            report.HasRejectCause = record.HasRejectCause;
            report.RejectCause = record.RejectCause;
            EnsureQueued(report);
            record.OperationalFailures = 0;
            Transition(ProvisioningState.PreliminaryDetach, trigger);
        }

        // ---- Notifications -----------------------------------------------------------------------------------------

        private void QueueReceipt(string plmn)
        {
            NotificationRecord receipt = new NotificationRecord();
            receipt.Type = MessageType.InstallReceipt;
            receipt.ProfileSequence = store.LastCommittedProfileSequence;
            receipt.Plmn = EncodePlmn(plmn);
            EnsureQueued(receipt);
        }

        private void EnsureQueued(NotificationRecord notification)
        {
            int count = store.NotificationCount;
            for (int i = 0; i < count; i++)
            {
                byte[] message = store.GetNotificationMessage(i);
                NotificationRecord queued;
                if (NotificationRecord.TryDecode(message, 0, message.Length, out queued)
                    && queued.Type == notification.Type && queued.ProfileSequence == notification.ProfileSequence)
                {
                    return;
                }
            }

            notification.Encode(notificationBuffer, 0);
            uint id;
            KeyStoreResult result = store.EnqueueNotification(notificationBuffer, 0, notificationBuffer.Length, out id);
            if (result != KeyStoreResult.Ok)
            {
                SetError(ProvisioningError.StorageFailed);
            }
        }

        private void SendNotification()
        {
            if (store.NotificationCount == 0)
            {
                FinishNotifications(trigger);
                return;
            }

            if (!record.HasHomeOperator)
            {
                SetError(ProvisioningError.NoHomeOperatorContext);
                if (store.ActiveIdentity == UsimIdentityKind.Operational)
                {
                    Transition(ProvisioningState.Provisioned, trigger);
                }
                else
                {
                    RestartCycle(trigger);
                }

                return;
            }

            notificationId = store.GetNotificationId(0);
            byte[] message = store.GetNotificationMessage(0);
            if (!NotificationRecord.TryDecode(message, 0, message.Length, out currentNotification))
            {
                // Not a record this firmware wrote: it can never be sent; drop it, loudly.
                log.Write("provisioning: undecodable notification dropped");
                store.AcknowledgeNotification(notificationId);
                Transition(ProvisioningState.Notifying, trigger);
                return;
            }

            random.GetBytes(deviceNonce, 0, deviceNonce.Length);
            int length;
            ProtocolResult encoded;
            if (currentNotification.Type == MessageType.InstallReceipt)
            {
                InstallReceipt receipt = new InstallReceipt();
                receipt.BTid = record.BTid;
                receipt.DeviceNonce = deviceNonce;
                receipt.ProfileSequence = currentNotification.ProfileSequence;
                receipt.Plmn = currentNotification.Plmn;
                encoded = receipt.Encode(protection, record.KsNafHomeOperator, 0, requestBuffer, 0, requestBuffer.Length, out length);
            }
            else
            {
                FailureReport report = new FailureReport();
                report.BTid = record.BTid;
                report.DeviceNonce = deviceNonce;
                report.ProfileSequence = currentNotification.ProfileSequence;
                report.Cause = currentNotification.Cause;
                report.HasNetworkRejectCause = currentNotification.HasRejectCause;
                report.NetworkRejectCause = currentNotification.RejectCause;
                encoded = report.Encode(protection, record.KsNafHomeOperator, 0, requestBuffer, 0, requestBuffer.Length, out length);
            }

            protection.Clear();
            if (encoded != ProtocolResult.Success)
            {
                log.Write("provisioning: notification does not encode, dropped");
                store.AcknowledgeNotification(notificationId);
                Transition(ProvisioningState.Notifying, trigger);
                return;
            }

            status.NotificationsSent++;
            Post(HomeOperatorUrl(config.HoNotificationPath), record.TrustAnchor, length);
        }

        private void OnNotificationAnswer(ProvisioningEvent value)
        {
            MessageType type;
            if (!TryPeekType(out type))
            {
                NotificationFailed(eventHttpStatus == 200 ? ProvisioningError.MalformedAnswer : ProvisioningError.HttpStatus, value);
                return;
            }

            if (type == MessageType.ErrorAnswer)
            {
                ErrorAnswer error;
                if (ErrorAnswer.TryDecode(responseBuffer, 0, eventResponseLength, out error) == ProtocolResult.Success)
                {
                    status.LastErrorCause = error.Cause;
                }

                NotificationFailed(ProvisioningError.ServerError, value);
                return;
            }

            NotificationAck ack = null;
            ProtocolResult opened = type == MessageType.NotificationAck
                ? NotificationAck.TryOpen(protection, record.KsNafHomeOperator, 0, deviceNonce, 0, responseBuffer, 0, eventResponseLength, out ack)
                : ProtocolResult.WrongType;
            protection.Clear();
            if (opened != ProtocolResult.Success || ack.AcknowledgedType != currentNotification.Type
                || ack.ProfileSequence != currentNotification.ProfileSequence)
            {
                NotificationFailed(ProvisioningError.AnswerRejected, value);
                return;
            }

            store.AcknowledgeNotification(notificationId);
            status.NotificationsAcknowledged++;
            record.NotificationAttempts = 0;
            currentNotification = null;
            Transition(ProvisioningState.Notifying, value);
        }

        private void NotificationFailed(ProvisioningError error, ProvisioningEvent value)
        {
            SetError(error);
            record.NotificationAttempts = ProvisioningRecord.Increment(record.NotificationAttempts);
            record.WaitMs = Backoff(config.NotificationRetryBaseMs, config.NotificationRetryMaxMs, record.NotificationAttempts);
            Transition(ProvisioningState.NotificationWait, value);
        }

        private void FinishNotifications(ProvisioningEvent value)
        {
            // Nothing left to send under Ks_NAF(HO): forget it (the next record written no longer holds it).
            record.ClearHomeOperator();
            record.NotificationAttempts = 0;
            if (store.ActiveIdentity == UsimIdentityKind.Operational)
            {
                Transition(ProvisioningState.Provisioned, value);
                return;
            }

            // A failure was reported from the preliminary identity: try a new cycle.
            RestartCycle(value);
        }

        // ---- Errors, retries, waits --------------------------------------------------------------------------------

        private void OnErrorAnswer(ProvisioningEvent value)
        {
            ErrorAnswer error;
            if (ErrorAnswer.TryDecode(responseBuffer, 0, eventResponseLength, out error) != ProtocolResult.Success)
            {
                StepFailed(eventHttpStatus == 200 ? ProvisioningError.MalformedAnswer : ProvisioningError.HttpStatus, state, 0, value);
                return;
            }

            // docs/protocol.md 6.4: ErrorAnswer is advisory; it changes no stored data, only what the device tries next.
            status.LastErrorCause = error.Cause;
            log.Write("provisioning: server error " + ProvisioningNames.Of(error.Cause) + " in " + ProvisioningNames.Of(state));
            int retryAfterMs = error.RetryAfter == 0 ? 0 : ClampWait(error.RetryAfter, config.MinPendingWaitMs, config.RetryMaxMs);
            switch (error.Cause)
            {
                case ErrorCause.UnknownIdentity:
                    Suspend(ProvisioningError.UnknownDevice, value);
                    return;
                case ErrorCause.UnknownBTid:
                case ErrorCause.NotAssociated:
                    // The key or the association changed: bootstrap again (RS tells where to go).
                    ForgetKeys();
                    if (store.NotificationCount == 0)
                    {
                        record.ClearHomeOperator();
                    }

                    ResetDownload();
                    StepFailed(ProvisioningError.ServerError, ProvisioningState.Bootstrapping, retryAfterMs, value);
                    return;
                case ErrorCause.AuthenticationFailed:
                    if (state != ProvisioningState.Bootstrapping)
                    {
                        ForgetKeys();
                        ResetDownload();
                        StepFailed(ProvisioningError.ServerError, ProvisioningState.Bootstrapping, retryAfterMs, value);
                        return;
                    }

                    StepFailed(ProvisioningError.ServerError, state, retryAfterMs, value);
                    return;
                default:
                    StepFailed(ProvisioningError.ServerError, state, retryAfterMs, value);
                    return;
            }
        }

        private void StepFailed(ProvisioningError error, ProvisioningState retryState, int retryAfterMs, ProvisioningEvent value)
        {
            SetError(error);
            record.StepAttempts = ProvisioningRecord.Increment(record.StepAttempts);
            status.StepAttempts = record.StepAttempts;
            if (retryState == ProvisioningState.HomeAttach)
            {
                // The provisioned device keeps trying its home network; nothing to roll back to.
                record.RetryState = ProvisioningState.HomeAttach;
                record.WaitMs = Backoff(config.RetryBaseMs, config.RetryMaxMs, record.StepAttempts);
                Transition(ProvisioningState.RetryWait, value);
                return;
            }

            if (record.StepAttempts >= config.MaxStepAttempts)
            {
                RestartCycle(value);
                return;
            }

            record.RetryState = retryState;
            record.WaitMs = retryAfterMs > 0 ? retryAfterMs : Backoff(config.RetryBaseMs, config.RetryMaxMs, record.StepAttempts);
            Transition(ProvisioningState.RetryWait, value);
        }

        private void RestartCycle(ProvisioningEvent value)
        {
            record.Cycles = ProvisioningRecord.Increment(record.Cycles);
            status.Cycles = record.Cycles;
            record.StepAttempts = 0;
            record.PendingAnswers = 0;
            ForgetKeys();
            ResetDownload();
            if (store.NotificationCount == 0)
            {
                record.ClearHomeOperator();
            }

            if (record.Cycles >= config.MaxCycles)
            {
                Suspend(ProvisioningError.AttemptsExhausted, value);
                return;
            }

            record.RetryState = ProvisioningState.PreliminaryAttach;
            record.WaitMs = config.CycleDelayMs;
            Transition(ProvisioningState.RetryWait, value);
        }

        private void Suspend(ProvisioningError error, ProvisioningEvent value)
        {
            SetError(error);
            ForgetKeys();
            ResetDownload();
            if (store.NotificationCount == 0)
            {
                record.ClearHomeOperator();
            }

            record.WaitMs = config.SuspendMs;
            Transition(ProvisioningState.Suspended, value);
        }

        private void ResetCycle()
        {
            record.Cycles = 0;
            record.StepAttempts = 0;
            record.PendingAnswers = 0;
            record.OperationalFailures = 0;
            SyncCounters();
        }

        private void HandleWaitOver(ProvisioningEvent value)
        {
            switch (state)
            {
                case ProvisioningState.PendingWait:
                    Transition(!attached ? ProvisioningState.PreliminaryAttach
                        : keyValid ? ProvisioningState.HomeOperatorQuery : ProvisioningState.Bootstrapping, value);
                    return;
                case ProvisioningState.NotificationWait:
                    Transition(attached ? ProvisioningState.Notifying : AttachStateForIdentity(), value);
                    return;
                case ProvisioningState.Suspended:
                    ResetCycle();
                    Transition(AttachStateForIdentity(), value);
                    return;
                default:
                    ProvisioningState next = record.RetryState;
                    if (next == ProvisioningState.Bootstrapping || next == ProvisioningState.HomeOperatorQuery
                        || next == ProvisioningState.Downloading || next == ProvisioningState.Notifying)
                    {
                        if (!attached)
                        {
                            next = AttachStateForIdentity();
                        }
                        else if (next == ProvisioningState.HomeOperatorQuery && !keyValid)
                        {
                            next = ProvisioningState.Bootstrapping;
                        }
                    }
                    else if (next != ProvisioningState.PreliminaryAttach && next != ProvisioningState.OperationalAttach
                        && next != ProvisioningState.HomeAttach)
                    {
                        next = AttachStateForIdentity();
                    }

                    Transition(next, value);
                    return;
            }
        }

        // ---- Transitions, enter, leave, persistence ----------------------------------------------------------------

        private void Transition(ProvisioningState next, ProvisioningEvent trigger)
        {
            ProvisioningState previous = state;
            this.trigger = trigger;
            Leave(previous);
            state = next;
            status.State = next;
            status.Transitions++;
            SyncCounters();
            log.Write("provisioning: " + ProvisioningNames.Of(previous) + " -> " + ProvisioningNames.Of(next) + " on " + ProvisioningNames.Of(trigger));
            Persist();
            Enter(next);
        }

        private void Leave(ProvisioningState previous)
        {
            DisarmTimer();
            awaitingAttach = false;
            awaitingDetach = false;
            if (awaitingResponse)
            {
                CancelRequest();
            }
        }

        private void Enter(ProvisioningState next)
        {
            switch (next)
            {
                case ProvisioningState.PreliminaryAttach:
                    attached = false;
                    awaitingAttach = true;
                    ArmTimer(config.AttachTimeoutMs);
                    // TS 23.122: only networks on the manufacturer's allowed list accept the PIMSI.
                    network.BeginAttach(store.GetAllowedNetworks(), config.Apn);
                    break;
                case ProvisioningState.OperationalAttach:
                case ProvisioningState.HomeAttach:
                    attached = false;
                    awaitingAttach = true;
                    ArmTimer(config.AttachTimeoutMs);
                    // The operational profile selects its network from its own EF_HPLMNwAcT/EF_OPLMNwACT.
                    network.BeginAttach(null, config.OperationalApn == null ? config.Apn : config.OperationalApn);
                    break;
                case ProvisioningState.OperationalDetach:
                case ProvisioningState.PreliminaryDetach:
                    attached = false;
                    awaitingDetach = true;
                    ArmTimer(config.DetachTimeoutMs);
                    network.BeginDetach();
                    break;
                case ProvisioningState.Bootstrapping:
                    SendBootstrapRequest();
                    break;
                case ProvisioningState.HomeOperatorQuery:
                    SendHomeOperatorRequest();
                    break;
                case ProvisioningState.Downloading:
                    SendPackageRequest();
                    break;
                case ProvisioningState.Notifying:
                    SendNotification();
                    break;
                case ProvisioningState.RollingBack:
                    DoRollback();
                    break;
                case ProvisioningState.PendingWait:
                case ProvisioningState.RetryWait:
                case ProvisioningState.NotificationWait:
                    ArmTimer(record.WaitMs < 1 ? 1 : record.WaitMs);
                    break;
                case ProvisioningState.Suspended:
                    if (record.WaitMs > 0)
                    {
                        ArmTimer(record.WaitMs);
                    }

                    break;
                default:
                    break;
            }
        }

        private void Persist()
        {
            int needed = record.EncodedLength;
            if (blobBuffer == null || blobBuffer.Length < needed)
            {
                blobBuffer = new byte[needed];
            }

            int length = record.Encode(blobBuffer, 0);
            try
            {
                KeyStoreResult saved = store.SaveProvisioningState((uint)state, blobBuffer, 0, length);
                if (saved != KeyStoreResult.Ok)
                {
                    // The Associated answer is refused when its data would not fit, so this is a firmware bug.
                    throw new InvalidOperationException("provisioning record refused by the key store");
                }
            }
            finally
            {
                Array.Clear(blobBuffer, 0, length);
            }
        }

        private void ArmTimer(int milliseconds)
        {
            timerGeneration++;
            timerArmed = true;
            timerRemainingMs = milliseconds < 1 ? 1 : milliseconds;
        }

        private void DisarmTimer()
        {
            timerGeneration++;
            timerArmed = false;
            timerRemainingMs = 0;
        }

        private void Post(string url, byte[] trustAnchor, int length)
        {
            requestLength = length;
            awaitingResponse = true;
            ArmTimer(config.RequestTimeoutMs);
            if (!transport.TryBeginPost(url, trustAnchor, requestBuffer, 0, length))
            {
                // One request at a time: a refusal means the transport still holds an abandoned one; count it as failed.
                int slot = Enqueue(ProvisioningEvent.TransportFailed);
                queuedTransportResults[slot] = TransportResult.ModemError;
            }
        }

        private void CompleteRequest()
        {
            awaitingResponse = false;
            DisarmTimer();
            Array.Clear(requestBuffer, 0, requestLength);
            requestLength = 0;
        }

        private void CancelRequest()
        {
            if (awaitingResponse)
            {
                transport.Cancel();
                CompleteRequest();
            }
        }

        // ---- Helpers -----------------------------------------------------------------------------------------------

        private bool TryGetAnswerType(out MessageType type)
        {
            if (TryPeekType(out type))
            {
                return true;
            }

            StepFailed(eventHttpStatus == 200 ? ProvisioningError.MalformedAnswer : ProvisioningError.HttpStatus, state, 0, ProvisioningEvent.ResponseReceived);
            return false;
        }

        private bool TryPeekType(out MessageType type)
        {
            int bodyLength;
            int messageLength;
            ProtocolResult header = MessageEnvelope.TryReadHeader(responseBuffer, 0, eventResponseLength, out type, out bodyLength, out messageLength);
            return header == ProtocolResult.Success && messageLength == eventResponseLength;
        }

        /// <summary>Whole length of the UsimPackage whose first count bytes are at buffer[0], or 0 when they are not one.</summary>
        private static int PackageLength(byte[] buffer, int count)
        {
            if (count < MessageEnvelope.HeaderSize || buffer[0] != MessageEnvelope.Version || buffer[1] != (byte)MessageType.UsimPackage)
            {
                return 0;
            }

            int bodyLength = (buffer[2] << 8) | buffer[3];
            if (bodyLength > MessageEnvelope.MaxBodyLength)
            {
                return 0;
            }

            return MessageEnvelope.HeaderSize + bodyLength + MessageEnvelope.MacSize;
        }

        private ProvisioningState AttachStateForIdentity()
        {
            if (store.ActiveIdentity == UsimIdentityKind.Operational)
            {
                return store.IsPreliminaryRetired ? ProvisioningState.HomeAttach : ProvisioningState.OperationalAttach;
            }

            return ProvisioningState.PreliminaryAttach;
        }

        private void ResetDownload()
        {
            if (packageBuffer != null)
            {
                Array.Clear(packageBuffer, 0, packageBuffer.Length);
            }

            packageBytes = null;
            packageReceived = 0;
            packageResumes = 0;
        }

        private void ForgetKeys()
        {
            Array.Clear(ks, 0, ks.Length);
            Array.Clear(ksNafRs, 0, ksNafRs.Length);
            keyValid = false;
            keyRemainingMs = 0;
            protection.Clear();
        }

        private void SetError(ProvisioningError error)
        {
            record.LastError = error;
            status.LastError = error;
            if (error != ProvisioningError.None)
            {
                log.Write("provisioning: error " + ProvisioningNames.Of(error) + " in " + ProvisioningNames.Of(state));
            }
        }

        private void SyncCounters()
        {
            status.StepAttempts = record.StepAttempts;
            status.Cycles = record.Cycles;
            status.PendingAnswers = record.PendingAnswers;
            status.OperationalAttachFailures = record.OperationalFailures;
        }

        private string HomeOperatorUrl(string path)
        {
            return BaseUrl(Ascii.GetString(record.HomeOperatorAddress)) + path;
        }

        private static string BaseUrl(string address)
        {
            if (address == null)
            {
                throw new InvalidOperationException("no server address");
            }

            string url = address.Length >= 8 && address.Substring(0, 8) == "https://" ? address : "https://" + address;
            return url[url.Length - 1] == '/' ? url : url + "/";
        }

        private byte[] BuildImpi()
        {
            UsimProfile preliminary;
            if (!store.TryGetProfile(UsimIdentityKind.Preliminary, out preliminary))
            {
                return null;
            }

            string imsi;
            bool decoded = UsimEncoding.TryDecodeImsi(preliminary.EfImsi, 0, out imsi);
            int mncLength = preliminary.MncLength;
            ProfileCodec.Wipe(preliminary);
            if (!decoded || imsi.Length < 3 + mncLength)
            {
                throw new InvalidOperationException("preliminary IMSI unusable");
            }

            // TS 23.003 13.3: IMPI = <IMSI>@ims.mnc<MNC, 3 digits>.mcc<MCC>.3gppnetwork.org.
            string mnc = imsi.Substring(3, mncLength);
            if (mnc.Length == 2)
            {
                mnc = "0" + mnc;
            }

            return Ascii.GetBytes(imsi + "@ims.mnc" + mnc + ".mcc" + imsi.Substring(0, 3) + ".3gppnetwork.org");
        }

        private static byte[] EncodePlmn(string plmn)
        {
            if (plmn == null || (plmn.Length != 5 && plmn.Length != 6))
            {
                return null;
            }

            for (int i = 0; i < plmn.Length; i++)
            {
                if (plmn[i] < '0' || plmn[i] > '9')
                {
                    return null;
                }
            }

            // TS 24.008 10.5.1.13: PLMN identity from MCC (3 digits) and MNC (2 or 3 digits).
            byte[] encoded = new byte[ProtocolLimits.PlmnSize];
            UsimEncoding.EncodePlmn(plmn.Substring(0, 3), plmn.Substring(3), encoded, 0);
            return encoded;
        }

        private static int Backoff(int baseMs, int maxMs, int attempt)
        {
            long wait = baseMs < 1 ? 1 : baseMs;
            for (int i = 1; i < attempt && wait < maxMs; i++)
            {
                wait *= 2;
            }

            return wait > maxMs ? maxMs : (int)wait;
        }

        private static int ClampWait(uint seconds, int minMs, int maxMs)
        {
            long wait = (long)seconds * 1000;
            if (wait < minMs)
            {
                wait = minMs;
            }

            return wait > maxMs ? maxMs : (int)wait;
        }
    }
}
