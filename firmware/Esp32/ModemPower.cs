using System;
using System.Device.Gpio;
using System.Threading;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// The modem's supply, PWRKEY and RESET lines (System.Device.Gpio). Sequences and timings follow
    /// LilyGO's T-A76XX examples (BoardPins). These calls block for the pulse widths; the runner calls
    /// them at bring-up, before the sans-IO core starts, never from inside the core.
    /// </summary>
    public sealed class ModemPower : IDisposable
    {
        private readonly GpioController gpio;
        private GpioPin powerEnable;
        private GpioPin powerKey;
        private GpioPin reset;
        private GpioPin dtr;

        /// <summary>Uses gpio to open the pins in <see cref="Open"/>; no I/O here.</summary>
        public ModemPower(GpioController gpio)
        {
            if (gpio == null)
            {
                throw new ArgumentNullException(nameof(gpio));
            }

            this.gpio = gpio;
        }

        /// <summary>Opens the four output pins at their idle levels (supply off, keys released, DTR low = awake).</summary>
        public void Open()
        {
            powerEnable = gpio.OpenPin(BoardPins.ModemPowerEnable, PinMode.Output);
            powerKey = gpio.OpenPin(BoardPins.ModemPowerKey, PinMode.Output);
            reset = gpio.OpenPin(BoardPins.ModemReset, PinMode.Output);
            dtr = gpio.OpenPin(BoardPins.ModemDtr, PinMode.Output);
            powerKey.Write(PinValue.Low);
            reset.Write(PinValue.Low);
            dtr.Write(PinValue.Low);
        }

        /// <summary>Switches the modem supply on, resets the module and pulses PWRKEY to boot it.</summary>
        public void PowerOn()
        {
            powerEnable.Write(PinValue.High);
            Reset();
            Pulse(powerKey, BoardPins.PowerKeyOnPulseMilliseconds);
        }

        /// <summary>Holds RESET asserted for the board's reset pulse, then releases it.</summary>
        public void Reset()
        {
            Pulse(reset, BoardPins.ResetPulseMilliseconds);
        }

        /// <summary>Long PWRKEY pulse (module power-down), then switches the supply off.</summary>
        public void PowerOff()
        {
            Pulse(powerKey, BoardPins.PowerKeyOffPulseMilliseconds);
            powerEnable.Write(PinValue.Low);
        }

        /// <summary>Releases the pins.</summary>
        public void Dispose()
        {
            ClosePin(powerEnable);
            ClosePin(powerKey);
            ClosePin(reset);
            ClosePin(dtr);
        }

        private static void Pulse(GpioPin pin, int milliseconds)
        {
            pin.Write(PinValue.High);
            Thread.Sleep(milliseconds);
            pin.Write(PinValue.Low);
        }

        private static void ClosePin(GpioPin pin)
        {
            if (pin != null)
            {
                pin.Dispose();
            }
        }
    }
}
