// Facade of nanoFramework.System.Net 1.11.60 (Sockets/Socket.cs): members used. Compile-only.
namespace System.Net.Sockets
{
    /// <summary>Facade: a BSD-style socket (lwIP on the ESP32).</summary>
    public class Socket : IDisposable
    {
        public Socket(AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType)
        {
            throw new NotImplementedException();
        }

        public int ReceiveTimeout
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        public int SendTimeout
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        public void Connect(EndPoint remoteEP)
        {
            throw new NotImplementedException();
        }

        public void Close()
        {
            throw new NotImplementedException();
        }

        void IDisposable.Dispose()
        {
            throw new NotImplementedException();
        }
    }
}
