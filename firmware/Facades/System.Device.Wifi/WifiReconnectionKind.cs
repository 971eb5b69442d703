// Facade of nanoFramework.System.Device.Wifi 1.5.147 (System.Device.Wifi/WifiReconnectionKind.cs). Compile-only.
namespace System.Device.Wifi
{
    /// <summary>Facade: whether the adapter reconnects by itself after a drop.</summary>
    public enum WifiReconnectionKind
    {
        Automatic,

        Manual,
    }
}
