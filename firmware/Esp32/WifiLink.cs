using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// The ESP32's Wi-Fi station for the bench data path (<see cref="DataPath.NativeIp"/>), over nanoFramework's
    /// WifiNetworkHelper (nanoFramework.System.Device.Wifi): DHCP, automatic reconnection, and a valid clock before it
    /// reports success (the pinned-CA check of SslStream needs the time to judge certificate validity; the native
    /// firmware sets it by SNTP once the link is up).
    /// </summary>
    public sealed class WifiLink : INativeIpLink
    {
        private readonly string ssid;
        private readonly string password;

        /// <summary>Connects to ssid with password; a null ssid uses the Wi-Fi configuration stored on the device.</summary>
        public WifiLink(string ssid, string password)
        {
            this.ssid = ssid;
            this.password = password;
            LastStatus = NetworkHelperStatus.None;
        }

        /// <summary>The helper's status after the last <see cref="TryConnect"/> (why it failed).</summary>
        public NetworkHelperStatus LastStatus { get; private set; }

        /// <inheritdoc />
        public bool HasIpAddress
        {
            get
            {
                // Allocates the interface list: polled seldom (the bench network checks every few seconds).
                NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
                for (int i = 0; i < interfaces.Length; i++)
                {
                    NetworkInterface candidate = interfaces[i];
                    if (candidate.NetworkInterfaceType != NetworkInterfaceType.Wireless80211)
                    {
                        continue;
                    }

                    string address = candidate.IPv4Address;
                    if (address != null && address.Length > 0 && address[0] != '0')
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>
        /// Joins the network and waits for an address and a valid clock, at most timeoutMilliseconds. Blocks: call it
        /// before the core starts, like the modem's power-up. False with <see cref="LastStatus"/> saying why.
        /// </summary>
        public bool TryConnect(int timeoutMilliseconds)
        {
            CancellationTokenSource deadline = new CancellationTokenSource(timeoutMilliseconds);
            try
            {
                bool connected = ssid == null
                    ? WifiNetworkHelper.Reconnect(true, 0, deadline.Token)
                    : WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, true, 0, deadline.Token);
                LastStatus = WifiNetworkHelper.Status;
                return connected;
            }
            finally
            {
                deadline.Dispose();
            }
        }
    }
}
