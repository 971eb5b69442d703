using System;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;
using M2MDevice.Firmware.Usim;
using M2MDevice.Protocol;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// The firmware core, composed once for every host (ARCHITECTURE 2; docs/device-runtime.md): the key store on the
    /// Hal's flash, the soft USIM of the active identity, the AT channel with its URC router, the cellular state
    /// machine, the HTTPS transport inside the modem, the remote-SIM responder and the provisioning state machine,
    /// wired together. A host may plug in its own data path instead (<see cref="DeviceHal.SecureTransport"/>,
    /// <see cref="DeviceHal.Network"/>: SslStream over Wi-Fi on bench boards); the modem parts it replaces are then not
    /// built. Sans-IO: modem bytes go in through <see cref="Receive"/>, time through <see cref="Tick"/>;
    /// output leaves through the Hal's byte sink and flash. Nothing blocks, sleeps or starts a thread; call every
    /// member from one thread (the board's runner takes a lock, the emulator pins each device to one worker).
    /// Receive and Tick allocate nothing per byte.
    /// </summary>
    public sealed class DeviceRuntime
    {
        /// <summary>Largest response body the HTTPS transport accepts: one protocol message (docs/protocol.md).</summary>
        public const int MaxResponseLength = MessageEnvelope.MaxMessageLength;

        /// <summary>Commands that may wait behind the one in flight on the AT channel.</summary>
        public const int CommandQueueCapacity = 4;

        private readonly DeviceHal hal;
        private readonly DeviceConfiguration configuration;
        private readonly DeviceKeyStore store;
        private readonly ModemUrcRouter router;
        private readonly AtChannel channel;
        private readonly ModemLogTap modemLog;
        private readonly ProvisioningLogTap provisioningLog;

        private bool mounted;
        private bool started;
        private SoftUsim usim;
        private SoftUsimCard card;
        private SoftUsimBootstrap bootstrap;
        private RemoteSimResponder responder;
        private CellularStateMachine cellular;
        private ModemHttpsTransport transport;
        private ISecureTransport activeTransport;
        private ICellularNetwork activeNetwork;
        private CellularLink link;
        private ProvisioningStateMachine machine;

        private ProvisioningState observedProvisioning;
        private CellularState observedCellular;
        private bool observing;

        /// <summary>
        /// Composes the core over hal with configuration. Builds the key store binding, the AT channel and its router;
        /// touches neither flash nor modem (call <see cref="Mount"/> / <see cref="Start"/>).
        /// </summary>
        public DeviceRuntime(DeviceHal hal, DeviceConfiguration configuration)
        {
            if (hal == null || configuration == null)
            {
                throw new ArgumentNullException(nameof(hal));
            }

            if (hal.Flash == null || hal.Keys == null || hal.Random == null)
            {
                throw new ArgumentException("Flash, Keys and Random are required", nameof(hal));
            }

            if (hal.ModemSink == null && (hal.SecureTransport == null || hal.Network == null))
            {
                throw new ArgumentException("ModemSink is required unless SecureTransport and Network are both given", nameof(hal));
            }

            this.hal = hal;
            this.configuration = configuration;
            store = new DeviceKeyStore(hal.Flash, hal.FlashFirstSector, hal.Keys);
            router = new ModemUrcRouter();
            if (hal.ModemSink != null)
            {
                channel = new AtChannel(hal.ModemSink, router, CommandQueueCapacity, AtChannel.DefaultMaxLineLength);
            }

            modemLog = new ModemLogTap(this, hal.ModemLog);
            provisioningLog = new ProvisioningLogTap(this, hal.ProvisioningLog);
        }

        /// <summary>Told about provisioning and cellular state changes; set before <see cref="Start"/>, or null.</summary>
        public IDeviceRuntimeListener Listener { get; set; }

        /// <summary>True once <see cref="Mount"/> has run.</summary>
        public bool IsMounted
        {
            get { return mounted; }
        }

        /// <summary>True once the key store holds the manufacture data (device id, preliminary credentials).</summary>
        public bool IsInitialized
        {
            get { return mounted && store.IsInitialized; }
        }

        /// <summary>True once <see cref="Start"/> returned <see cref="DeviceStartResult.Started"/>.</summary>
        public bool IsStarted
        {
            get { return started; }
        }

        /// <summary>Device id from the manufacture image, or null before it is loaded.</summary>
        public string DeviceId
        {
            get { return mounted ? store.DeviceId : null; }
        }

        /// <summary>The AT channel (diagnostics; tests pump a scripted modem into it), null on a board without a modem.</summary>
        public AtChannel Channel
        {
            get { return channel; }
        }

        /// <summary>The URC router (diagnostics: lines nobody took).</summary>
        public ModemUrcRouter UrcRouter
        {
            get { return router; }
        }

        /// <summary>
        /// The cellular state machine, null before Start or when the host plugged in its own <see cref="DeviceHal.Network"/>
        /// (its timings may be tuned right after Start).
        /// </summary>
        public CellularStateMachine Cellular
        {
            get { return cellular; }
        }

        /// <summary>The modem's HTTPS transport, null before Start or when the host plugged in its own <see cref="DeviceHal.SecureTransport"/>.</summary>
        public ModemHttpsTransport Transport
        {
            get { return transport; }
        }

        /// <summary>The secure transport provisioning uses (the modem's or the host's), null before Start.</summary>
        public ISecureTransport SecureTransport
        {
            get { return activeTransport; }
        }

        /// <summary>The link provisioning attaches (the cellular state machine or the host's), null before Start.</summary>
        public ICellularNetwork Network
        {
            get { return activeNetwork; }
        }

        /// <summary>True when HTTPS runs inside the modem (no <see cref="DeviceHal.SecureTransport"/> was given).</summary>
        public bool UsesModemTransport
        {
            get { return hal.SecureTransport == null; }
        }

        /// <summary>True when attaches run on the modem's radio (no <see cref="DeviceHal.Network"/> was given).</summary>
        public bool UsesModemNetwork
        {
            get { return hal.Network == null; }
        }

        /// <summary>The remote-SIM responder, null before Start or when the host plugged in its own <see cref="DeviceHal.Network"/>.</summary>
        public RemoteSimResponder RemoteSim
        {
            get { return responder; }
        }

        /// <summary>The provisioning state machine, null before Start.</summary>
        public ProvisioningStateMachine Provisioning
        {
            get { return machine; }
        }

        /// <summary>The soft USIM as the modem's card (counters), null before Start.</summary>
        public SoftUsimCard Card
        {
            get { return card; }
        }

        /// <summary>The provisioning state (Idle before Start).</summary>
        public ProvisioningState ProvisioningState
        {
            get { return machine == null ? ProvisioningState.Idle : machine.State; }
        }

        /// <summary>The provisioning state's name.</summary>
        public string ProvisioningStateName
        {
            get { return ProvisioningNames.Of(ProvisioningState); }
        }

        /// <summary>The cellular state (Off before Start, and always Off with a host <see cref="DeviceHal.Network"/>).</summary>
        public CellularState CellularState
        {
            get { return cellular == null ? CellularState.Off : cellular.State; }
        }

        /// <summary>The cellular state's name.</summary>
        public string CellularStateName
        {
            get { return CellularStateMachine.StateName(CellularState); }
        }

        /// <summary>Provisioning progress and counters (state, last error, attempts), null before Start.</summary>
        public ProvisioningStatus Status
        {
            get { return machine == null ? null : machine.Status; }
        }

        /// <summary>Why the last failed provisioning step failed ("None" before any failure or Start).</summary>
        public string LastErrorName
        {
            get { return machine == null ? ProvisioningNames.Of(ProvisioningError.None) : machine.Status.LastErrorName; }
        }

        /// <summary>The PLMN the modem is registered with while attached, else null.</summary>
        public string RegisteredPlmn
        {
            get { return cellular == null ? null : cellular.RegisteredPlmn; }
        }

        /// <summary>
        /// The identity the soft USIM presents on the next attach: the one switched to (before the key store commits
        /// it), else the key store's. The key store's before Start.
        /// </summary>
        public UsimIdentityKind PresentedIdentity
        {
            get { return usim == null ? store.ActiveIdentity : usim.SelectedIdentity; }
        }

        /// <summary>The identity the key store selects (Preliminary until a profile is committed).</summary>
        public UsimIdentityKind ActiveIdentity
        {
            get { return store.ActiveIdentity; }
        }

        /// <summary>Bytes received from the modem.</summary>
        public long BytesReceived { get; private set; }

        /// <summary>Bytes received before <see cref="Start"/> (discarded).</summary>
        public long BytesDiscarded { get; private set; }

        /// <summary>Time passed to <see cref="Tick"/> since Start, in milliseconds.</summary>
        public long ElapsedMilliseconds { get; private set; }

        /// <summary>Provisioning state changes observed.</summary>
        public int ProvisioningTransitions { get; private set; }

        /// <summary>Cellular state changes observed.</summary>
        public int CellularTransitions { get; private set; }

        /// <summary>
        /// Reads the key store (after power-up). Returns <see cref="KeyStoreResult.NotInitialized"/> on a blank store:
        /// the host then reads the manufacture image and passes it to <see cref="Start"/>.
        /// </summary>
        public KeyStoreResult Mount()
        {
            KeyStoreResult result = store.Mount();
            mounted = true;
            return result;
        }

        /// <summary>
        /// Boots the core: mounts the key store if needed; on a blank store loads the manufacture image
        /// image[offset..offset+count) (ignored otherwise, may be null); builds the soft USIM for the active identity
        /// and the modem machines; starts provisioning, which begins the attach at once (AT commands go out).
        /// </summary>
        public DeviceStartResult Start(byte[] image, int offset, int count)
        {
            if (started)
            {
                throw new InvalidOperationException("already started");
            }

            if (!mounted)
            {
                Mount();
            }

            if (!store.IsInitialized)
            {
                if (image == null || count <= 0)
                {
                    return DeviceStartResult.NoManufactureImage;
                }

                RecordStatus imageStatus;
                if (store.LoadManufactureImage(image, offset, count, out imageStatus) != KeyStoreResult.Ok)
                {
                    return DeviceStartResult.BadManufactureImage;
                }
            }

            UsimIdentityKind identity = store.ActiveIdentity;
            UsimProfile profile;
            if (!store.TryGetProfile(identity, out profile))
            {
                return DeviceStartResult.NoProfile;
            }

            usim = new SoftUsim(store, identity, profile);
            card = new SoftUsimCard(usim);
            bootstrap = new SoftUsimBootstrap(usim);
            if (hal.Network == null)
            {
                responder = new RemoteSimResponder(channel, card);
                cellular = new CellularStateMachine(channel, modemLog, hal.ModemPower, responder);
                link = new CellularLink(cellular);
                activeNetwork = cellular;
            }
            else
            {
                activeNetwork = hal.Network;
            }

            if (hal.SecureTransport == null)
            {
                // Trust anchors come from the key store and the HO answer, both limited to the protocol's 2048 bytes.
                transport = new ModemHttpsTransport(channel, modemLog, MaxResponseLength, ProtocolLimits.MaxTrustAnchorLength);
                activeTransport = transport;
            }
            else
            {
                activeTransport = hal.SecureTransport;
            }

            // Issue 8.3: the modem transport's body buffer is also the machine's response buffer (one 4 KB buffer, not two).
            machine = new ProvisioningStateMachine(store, bootstrap, link != null ? (ICellularNetwork)link : activeNetwork, activeTransport, hal.Random, configuration, provisioningLog, transport != null ? transport.ResponseBuffer : null);
            if (cellular != null)
            {
                link.Listener = machine;
                router.RemoteSim = responder;
                router.Cellular = cellular;
            }
            else
            {
                hal.Network.SetListener(machine);
            }

            if (transport != null)
            {
                transport.Listener = machine;
                router.Transport = transport;
            }
            else
            {
                hal.SecureTransport.SetListener(machine);
            }

            observedProvisioning = ProvisioningState.Idle;
            observedCellular = CellularState;
            started = true;
            machine.Start();
            ObserveStates();
            return DeviceStartResult.Started;
        }

        /// <summary>Feeds bytes received from the modem; the machines react from inside this call.</summary>
        public void Receive(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (!started || channel == null)
            {
                // Before Start, or a board without a modem: nothing reads these bytes.
                BytesDiscarded += count;
                return;
            }

            BytesReceived += count;
            channel.Receive(data, offset, count);
            ObserveStates();
        }

        /// <summary>
        /// Advances every timer by elapsedMilliseconds: command timeouts, cellular and HTTPS timers (or the host's data
        /// path, which delivers its completions here), provisioning.
        /// </summary>
        public void Tick(int elapsedMilliseconds)
        {
            if (!started || elapsedMilliseconds <= 0)
            {
                return;
            }

            ElapsedMilliseconds += elapsedMilliseconds;

            // The channel first: a command timeout completes before the machines' own timers look at it.
            if (channel != null)
            {
                channel.Tick(elapsedMilliseconds);
            }

            if (cellular != null)
            {
                cellular.Tick(elapsedMilliseconds);
            }
            else
            {
                hal.Network.Tick(elapsedMilliseconds);
            }

            if (transport != null)
            {
                transport.Tick(elapsedMilliseconds);
            }
            else
            {
                hal.SecureTransport.Tick(elapsedMilliseconds);
            }

            machine.Tick(elapsedMilliseconds);
            ObserveStates();
        }

        /// <summary>The IMSI of the identity the key store selects (EF_IMSI decoded), false before the store is read.</summary>
        public bool TryGetImsi(out string imsi)
        {
            imsi = null;
            UsimProfile profile;
            if (!mounted || !store.IsInitialized || !store.TryGetProfile(store.ActiveIdentity, out profile) || profile.EfImsi == null)
            {
                return false;
            }

            return UsimEncoding.TryDecodeImsi(profile.EfImsi, 0, out imsi);
        }

        /// <summary>Compares the machines' states with the last seen ones and reports changes (called by the log taps).</summary>
        internal void ObserveStates()
        {
            if (!started || observing)
            {
                return;
            }

            observing = true;
            try
            {
                CellularState cellularNow = CellularState;
                if (cellularNow != observedCellular)
                {
                    CellularState previous = observedCellular;
                    observedCellular = cellularNow;
                    CellularTransitions++;
                    if (transport != null && cellularNow == CellularState.Synchronising && (previous == CellularState.Off || previous == CellularState.PoweringOn))
                    {
                        // A modem that was off lost the certificates it held (docs/cellular.md: once per power cycle).
                        transport.ForgetUploadedCertificates();
                    }

                    if (Listener != null)
                    {
                        Listener.OnCellularStateChanged(previous, cellularNow);
                    }
                }

                ProvisioningState provisioningNow = machine.State;
                if (provisioningNow != observedProvisioning)
                {
                    ProvisioningState previous = observedProvisioning;
                    observedProvisioning = provisioningNow;
                    ProvisioningTransitions++;
                    if (Listener != null)
                    {
                        Listener.OnProvisioningStateChanged(previous, provisioningNow);
                    }
                }
            }
            finally
            {
                observing = false;
            }
        }
    }
}
