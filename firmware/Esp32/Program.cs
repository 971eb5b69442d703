using System.Device.Gpio;
using System.Diagnostics;
using M2MDevice.Firmware.Hal;
using M2MDevice.Firmware.KeyStore;
using M2MDevice.Firmware.Modem;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// Composition root of the ESP32 application: builds the board adapters, mounts the key store and
    /// starts the runner. No logic lives here. Status: the provisioning state machine and the soft-USIM
    /// card adapter do not exist yet, so the runner drives the AT channel alone (docs/board.md).
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static void Main()
        {
            BoardConfiguration configuration = new BoardConfiguration();

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

            DeviceKeyStore store = new DeviceKeyStore(flash, 0, keys);
            KeyStoreResult mounted = store.Mount();
            if (mounted == KeyStoreResult.NotInitialized)
            {
                byte[] image;
                if (!InternalDrive.TryReadAll(BoardConfiguration.ManufactureImagePath, ManufactureImage.HeaderSize + ManufactureImage.MaxBodyLength + 16, out image))
                {
                    Debug.WriteLine("M2MDevice: key store blank and no manufacture image on I:\\");
                    return;
                }

                RecordStatus imageStatus;
                mounted = store.LoadManufactureImage(image, 0, image.Length, out imageStatus);
                Debug.WriteLine("M2MDevice: manufacture image " + imageStatus.ToString());
            }

            Debug.WriteLine("M2MDevice: key store " + mounted.ToString() + ", data path " + configuration.DataPath.ToString());

            // Built here and handed to the provisioning core when it exists: Esp32RandomSource (IRandomSource)
            // and, for DataPath.NativeIp, SslHttpClient (ISecureHttpClient).
            UrcRouter urcs = new UrcRouter();
            AtChannel channel = new AtChannel(uart, urcs);
            DeviceRunner runner = new DeviceRunner(uart, new AtChannelCore(channel), BoardConfiguration.TickMilliseconds);
            runner.Start();
            runner.WaitUntilStopped();
            Debug.WriteLine("M2MDevice: runner stopped: " + (runner.Fault == null ? "by request" : runner.Fault.Message));
        }
    }
}
