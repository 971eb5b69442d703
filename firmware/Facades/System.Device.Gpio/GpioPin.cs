// Facade of nanoFramework.System.Device.Gpio 1.1.62 (GpioPin.cs): members used. Compile-only.
namespace System.Device.Gpio
{
    /// <summary>Facade: one open GPIO pin.</summary>
    public sealed class GpioPin : IDisposable
    {
        private GpioPin()
        {
        }

        public int PinNumber => throw new NotImplementedException();

        public void Write(PinValue value)
        {
            throw new NotImplementedException();
        }

        public PinValue Read()
        {
            throw new NotImplementedException();
        }

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }
}
