// Facade of nanoFramework.System.Device.Wifi 1.5.147 (System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs):
// members used. Compile-only.
using System;
using System.Device.Wifi;
using System.Threading;

namespace nanoFramework.Networking
{
    /// <summary>Facade: blocking Wi-Fi connect helpers (the stored Wireless80211 configuration or SSID + password).</summary>
    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status => throw new NotImplementedException();

        public static Exception HelperException => throw new NotImplementedException();

        public static bool ConnectDhcp(
            string ssid,
            string password,
            WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic,
            bool requiresDateTime = false,
            int wifiAdapterId = 0,
            CancellationToken token = default)
        {
            throw new NotImplementedException();
        }

        public static bool Reconnect(
            bool requiresDateTime = false,
            int wifiAdapterId = 0,
            CancellationToken token = default)
        {
            throw new NotImplementedException();
        }
    }
}
