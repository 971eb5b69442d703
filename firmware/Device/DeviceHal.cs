using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Device
{
    /// <summary>
    /// What the board (or the emulator) gives the firmware core (ARCHITECTURE 2: the Hal): the byte sink to the modem,
    /// the key store's flash and keys, the random source, optional modem power lines and logs. Fill the fields and
    /// hand it to <see cref="DeviceRuntime"/>; the runtime reads them once, at construction.
    /// </summary>
    public sealed class DeviceHal
    {
        /// <summary>Where AT command lines and payloads go: the modem UART, the emulated modem's pipe. Required.</summary>
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
    }
}
