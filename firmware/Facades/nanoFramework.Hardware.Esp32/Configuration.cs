// Facade of nanoFramework.Hardware.Esp32 1.6.40 (nanoframework/nanoFramework.Hardware.Esp32,
// Configuration.cs): members used, same signatures. Compile-only.
namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Facade: routes ESP32 peripheral signals to GPIO pins (GPIO matrix).</summary>
    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value)
        {
            throw new System.NotImplementedException();
        }

        public static int GetFunctionPin(DeviceFunction function)
        {
            throw new System.NotImplementedException();
        }
    }
}
