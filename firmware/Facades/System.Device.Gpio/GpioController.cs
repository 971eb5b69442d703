// Facade of nanoFramework.System.Device.Gpio 1.1.62 (nanoframework/System.Device.Gpio,
// GpioController.cs): members used, same signatures. Compile-only.
namespace System.Device.Gpio
{
    /// <summary>Facade: opens GPIO pins.</summary>
    public sealed class GpioController : IDisposable
    {
        public GpioController()
        {
            throw new NotImplementedException();
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            throw new NotImplementedException();
        }

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }
}
