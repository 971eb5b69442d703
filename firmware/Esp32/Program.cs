using System.Device.Gpio;
using System.Diagnostics;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// Composition root of the ESP32 application: builds the board adapters (Hal), hands them to the firmware core
    /// (<see cref="DeviceRuntime"/>, the same composition the emulator runs), boots it and starts the runner. No logic
    /// lives here (docs/board.md, docs/device-runtime.md).
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static void Main()
        {
            BoardConfiguration configuration = new BoardConfiguration();
            if (configuration.DataPath != DataPath.CellularModem)
            {
                // The runtime's transport is the modem's TLS/HTTP stack; SslHttpClient is not wired into the core yet.
                Debug.WriteLine("M2MDevice: data path " + configuration.DataPath.ToString() + " not supported by the runtime, using the modem");
            }

            // Power-up is done here, blocking, before the core starts: the core sees an always-on modem (no IModemPower).
            ModemPower power = new ModemPower(new GpioController());
            power.Open();
            power.PowerOn();

            ModemUart uart = new ModemUart();
            uart.Open();

            FileFlash flash = new FileFlash(
                BoardConfiguration.KeyStorePath,
                BoardConfiguration.SectorSize,
                BoardConfiguration.SectorCount,
                BoardConfiguration.PageSize);
            flash.Open();

            IKeyProvider keys;
            if (!BenchKeyFile.TryLoad(BoardConfiguration.BenchKeyPath, out keys))
            {
                Debug.WriteLine("M2MDevice: no key provider (bench key file missing; hardware provider needs the native library)");
                return;
            }

            DebugLog log = new DebugLog();
            DeviceHal hal = new DeviceHal();
            hal.ModemSink = uart;
            hal.Flash = flash;
            hal.FlashFirstSector = 0;
            hal.Keys = keys;
            hal.Random = new Esp32RandomSource();
            hal.ModemLog = log;
            hal.ProvisioningLog = log;
            DeviceRuntime runtime = new DeviceRuntime(hal, new DeviceConfiguration());

            Debug.WriteLine("M2MDevice: key store " + runtime.Mount().ToString());
            byte[] image = null;
            if (!runtime.IsInitialized
                && !InternalDrive.TryReadAll(BoardConfiguration.ManufactureImagePath, ManufactureImage.HeaderSize + ManufactureImage.MaxBodyLength + 16, out image))
            {
                Debug.WriteLine("M2MDevice: key store blank and no manufacture image on I:\\");
                return;
            }

            DeviceStartResult started = runtime.Start(image, 0, image == null ? 0 : image.Length);
            if (started != DeviceStartResult.Started)
            {
                Debug.WriteLine("M2MDevice: start failed: " + started.ToString());
                return;
            }

            Debug.WriteLine("M2MDevice: device " + runtime.DeviceId + " started, " + runtime.ProvisioningStateName);
            DeviceRunner runner = new DeviceRunner(uart, runtime, BoardConfiguration.TickMilliseconds);
            runner.Start();
            runner.WaitUntilStopped();
            Debug.WriteLine("M2MDevice: runner stopped: " + (runner.Fault == null ? "by request" : runner.Fault.Message));
        }
    }
}
