// Facade of nanoFramework.System.Device.Gpio 1.1.62 (PinValue.cs): members used. Compile-only.
namespace System.Device.Gpio
{
    /// <summary>Facade: a pin level.</summary>
    public readonly struct PinValue
    {
        private readonly byte value;

        private PinValue(byte value)
        {
            this.value = value;
        }

        public static PinValue High => new PinValue(1);

        public static PinValue Low => new PinValue(0);

        public static implicit operator PinValue(bool value) => value ? High : Low;

        public static explicit operator int(PinValue value) => value.value;
    }
}
