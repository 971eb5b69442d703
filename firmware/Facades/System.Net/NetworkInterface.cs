// Facade of nanoFramework.System.Net 1.11.60 (NetworkInformation/NetworkInterface.cs): members used. Compile-only.
namespace System.Net.NetworkInformation
{
    /// <summary>Facade: a network interface of the device (Wi-Fi station, Ethernet, soft AP).</summary>
    public class NetworkInterface
    {
        protected NetworkInterface(int interfaceIndex)
        {
            throw new NotImplementedException();
        }

        public string IPv4Address => throw new NotImplementedException();

        public NetworkInterfaceType NetworkInterfaceType => throw new NotImplementedException();

        public static NetworkInterface[] GetAllNetworkInterfaces()
        {
            throw new NotImplementedException();
        }
    }
}
