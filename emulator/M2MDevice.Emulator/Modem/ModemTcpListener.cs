using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// Serves emulated modems over TCP: every accepted connection is one device's serial line, with its own
    /// <see cref="EmulatedModem"/> from the factory (the `m2m serve --modem-tcp` transport). Loopback by default.
    /// </summary>
    public sealed class ModemTcpListener : IAsyncDisposable
    {
        private readonly TcpListener listener;
        private readonly Func<int, EmulatedModem> modemFactory;
        private readonly ILogger logger;
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private readonly List<Task> sessions = new List<Task>();
        private Task acceptLoop;
        private int connectionCount;

        /// <summary>Listens on endpoint; modemFactory builds the modem of the n-th connection (0-based).</summary>
        public ModemTcpListener(IPEndPoint endpoint, Func<int, EmulatedModem> modemFactory, ILogger logger = null)
        {
            ArgumentNullException.ThrowIfNull(endpoint);
            ArgumentNullException.ThrowIfNull(modemFactory);
            listener = new TcpListener(endpoint);
            this.modemFactory = modemFactory;
            this.logger = logger ?? NullLogger.Instance;
        }

        /// <summary>The bound endpoint (port resolved when 0 was asked).</summary>
        public IPEndPoint LocalEndpoint => (IPEndPoint)listener.LocalEndpoint;

        /// <summary>Connections accepted so far.</summary>
        public int ConnectionCount => Volatile.Read(ref connectionCount);

        /// <summary>Starts accepting connections.</summary>
        public void Start()
        {
            listener.Start();
            acceptLoop = AcceptAsync(stopping.Token);
        }

        /// <summary>Stops accepting, closes every connection and waits for the sessions to end.</summary>
        public async ValueTask DisposeAsync()
        {
            stopping.Cancel();
            listener.Stop();
            if (acceptLoop != null)
            {
                await acceptLoop.ConfigureAwait(false);
            }

            Task[] running;
            lock (sessions)
            {
                running = sessions.ToArray();
            }

            await Task.WhenAll(running).ConfigureAwait(false);
            stopping.Dispose();
        }

        private async Task AcceptAsync(CancellationToken token)
        {
            while (!token.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException exception)
                {
                    logger.LogWarning("accept failed: {Error}", exception.SocketErrorCode);
                    continue;
                }

                int index = Interlocked.Increment(ref connectionCount) - 1;
                Task session = ServeAsync(client, index, token);
                lock (sessions)
                {
                    sessions.RemoveAll(task => task.IsCompleted);
                    sessions.Add(session);
                }
            }
        }

        private async Task ServeAsync(TcpClient client, int index, CancellationToken token)
        {
            await Task.Yield();
            using (client)
            {
                client.NoDelay = true;
                await using EmulatedModem modem = modemFactory(index);
                using NetworkStream stream = client.GetStream();
                try
                {
                    await modem.RunAsync(stream, token).ConfigureAwait(false);
                }
                catch (SocketException exception)
                {
                    logger.LogInformation("modem connection {Index} closed: {Error}", index, exception.SocketErrorCode);
                }
            }
        }
    }
}
