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
    /// (<see cref="DeviceRuntime"/>, the same composition the emulator runs), boots it and starts the runner. The data
    /// path comes from <see cref="BoardConfiguration.DataPath"/>: the cellular modem (default) or, on bench boards, the
    /// ESP32's own Wi-Fi with SslStream (docs/board.md section 8). No logic lives here.
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static void Main()
        {
            BoardConfiguration configuration = BoardConfiguration.Load();
            if (configuration.BenchWifiFileRejected)
            {
                Debug.WriteLine("M2MDevice: " + BoardConfiguration.BenchWifiPath + " unreadable (SSID line, password line, printable ASCII); using the modem");
            }

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
            log.MinimumLevel = BoardConfiguration.ModemLogMinimumLevel;
            DeviceHal hal = new DeviceHal();
            hal.Flash = flash;
            hal.FlashFirstSector = 0;
            hal.Keys = keys;
            hal.Random = new Esp32RandomSource();
            hal.ModemLog = log;
            hal.ProvisioningLog = log;

            ModemUart uart = null;
            NativeIpSecureTransport nativeTransport = null;
            if (configuration.DataPath == DataPath.NativeIp)
            {
                // Bench: no modem. Wi-Fi comes up here, blocking, before the core starts (like the modem's power-up).
                Debug.WriteLine("M2MDevice: data path NativeIp (bench): RS/HO over Wi-Fi and SslStream; attaches are reported without a radio");
                WifiLink wifi = new WifiLink(configuration.WifiSsid, configuration.WifiPassword);
                if (!wifi.TryConnect(BoardConfiguration.WifiConnectTimeoutMilliseconds))
                {
                    Debug.WriteLine("M2MDevice: Wi-Fi not ready: " + wifi.LastStatus.ToString());
                    return;
                }

                nativeTransport = new NativeIpSecureTransport(new SslHttpClient(), DeviceRuntime.MaxResponseLength, DeviceRuntime.MaxResponseLength, wifi, log);
                hal.SecureTransport = nativeTransport;
                hal.Network = new BenchNetwork(wifi, BoardConfiguration.BenchAttachTimeoutMilliseconds, log);
            }
            else
            {
                // Power-up is done here, blocking, before the core starts: the core sees an always-on modem (no IModemPower).
                ModemPower power = new ModemPower(new GpioController());
                power.Open();
                power.PowerOn();

                uart = new ModemUart();
                uart.Open();
                hal.ModemSink = uart;
            }

            DeviceRuntime runtime = new DeviceRuntime(hal, new DeviceConfiguration());

            Debug.WriteLine("M2MDevice: key store " + runtime.Mount().ToString());
            byte[] image = null;
            if (!runtime.IsInitialized
                && !InternalDrive.TryReadAll(BoardConfiguration.ManufactureImagePath, ManufactureImage.HeaderSize + ManufactureImage.MaxBodyLength + 16, out image))
            {
                Debug.WriteLine("M2MDevice: key store blank and no manufacture image on I:\\");
                return;
            }

            if (nativeTransport != null)
            {
                // The worker must wait for requests before provisioning posts its first one.
                nativeTransport.Start();
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
            if (nativeTransport != null)
            {
                nativeTransport.Stop();
            }

            Debug.WriteLine("M2MDevice: runner stopped: " + (runner.Fault == null ? "by request" : runner.Fault.Message));
        }
    }
}
