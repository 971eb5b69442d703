// Facade of nanoFramework.System.Net 1.11.60 (NetworkInformation/NetworkInterfaceType.cs). Compile-only.
namespace System.Net.NetworkInformation
{
    /// <summary>Facade: kind of network interface.</summary>
    public enum NetworkInterfaceType
    {
        Unknown = 1,

        Ethernet = 6,

        Wireless80211 = 71,

        WirelessAP = 72,
    }
}
