// Facade of nanoFramework.System.Net 1.11.60 (NetworkHelper/NetworkHelperStatus.cs). Compile-only.
namespace nanoFramework.Networking
{
    /// <summary>Facade: outcome of the network helpers.</summary>
    public enum NetworkHelperStatus
    {
        None,

        Started,

        NetworkIsReady,

        FailedNoNetworkInterface,

        TokenExpiredWaitingIPAddress,

        TokenExpiredWaitingDateTime,

        ErrorConnetingToWiFiWhileScanning,

        ExceptionOccurred,

        Reconnecting,
    }
}
