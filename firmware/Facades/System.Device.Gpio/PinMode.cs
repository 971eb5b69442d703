// Facade of nanoFramework.System.Device.Gpio 1.1.62 (PinMode.cs). Compile-only.
namespace System.Device.Gpio
{
    /// <summary>Facade: pin drive mode.</summary>
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }
}
