using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// What the board (or the emulator) gives the firmware core (ARCHITECTURE 2: the Hal): the byte sink to the modem,
    /// the key store's flash and keys, the random source, optional modem power lines and logs, and optionally its own
    /// data path (<see cref="SecureTransport"/>, <see cref="Network"/>) in place of the modem's. Fill the fields and
    /// hand it to <see cref="DeviceRuntime"/>; the runtime reads them once, at construction.
    /// </summary>
    public sealed class DeviceHal
    {
        /// <summary>
        /// Where AT command lines and payloads go: the modem UART, the emulated modem's pipe. Required unless both
        /// <see cref="SecureTransport"/> and <see cref="Network"/> are given (a board without a modem); then null means no
        /// AT channel is built.
        /// </summary>
        public IByteSink ModemSink;

        /// <summary>The key store's flash region. Required.</summary>
        public IFlash Flash;

        /// <summary>First sector of the key store in <see cref="Flash"/> (it uses <see cref="KeyStore.DeviceKeyStore.SectorCount"/>).</summary>
        public int FlashFirstSector;

        /// <summary>The storage keys (board HMAC peripheral, bench key file, emulator test keys). Required.</summary>
        public IKeyProvider Keys;

        /// <summary>Cryptographic random bytes (nonces). Required.</summary>
        public IRandomSource Random;

        /// <summary>Supply and power key of the modem, or null when the board keeps it powered.</summary>
        public IModemPower ModemPower;

        /// <summary>Modem state machine log (transitions, causes, outcomes; never secrets), or null.</summary>
        public IModemLog ModemLog;

        /// <summary>Provisioning log (transitions, errors; never secrets), or null.</summary>
        public IProvisioningLog ProvisioningLog;

        /// <summary>
        /// HTTPS to RS and HO without the modem (docs/board.md section 8: SslStream over Wi-Fi on bench boards), or null
        /// for the modem's TLS/HTTP commands (the default). When given, the modem HTTPS transport is not built.
        /// </summary>
        public IDeviceSecureTransport SecureTransport;

        /// <summary>
        /// The link provisioning attaches and detaches, or null for the modem's cellular state machine (the default).
        /// When given, neither the cellular state machine nor the remote-SIM responder is built: nothing attaches a radio,
        /// the soft USIM still switches identity in the key store.
        /// </summary>
        public IDeviceCellularNetwork Network;
    }
}
