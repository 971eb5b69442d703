using System;
using System.Threading;
using M2MDevice.Firmware.Device;
using M2MDevice.Firmware.Provisioning;

namespace M2MDevice.Firmware.Esp32
{
    /// <summary>
    /// The bench data path's HTTPS (<see cref="DataPath.NativeIp"/>, docs/board.md section 8): the provisioning state
    /// machine's <see cref="ISecureTransport"/> over a blocking <see cref="ISecureHttpClient"/> (<see cref="SslHttpClient"/>:
    /// SslStream, pinned CA). <see cref="TryBeginPost"/> copies the request and hands it to one worker thread, so the
    /// blocking DNS/TCP/TLS/HTTP exchange never runs inside the runtime's lock; the worker posts the outcome back and
    /// <see cref="Tick"/> (called by <see cref="DeviceRuntime.Tick"/> on the runner's thread, under its lock) delivers it
    /// to the listener. The worker never calls the listener. Buffers are allocated once, here.
    /// </summary>
    public sealed class NativeIpSecureTransport : IDeviceSecureTransport
    {
        private const string Scheme = "https://";
        private const int DefaultHttpsPort = 443;

        private readonly ISecureHttpClient client;
        private readonly INativeIpLink link;
        private readonly IProvisioningLog log;
        private readonly object gate = new object();
        private readonly AutoResetEvent requestReady = new AutoResetEvent(false);
        private readonly byte[] requestBody;
        private readonly byte[] response;

        private ISecureTransportListener listener;
        private Thread worker;
        private bool running;

        // Guarded by gate. The request fields are written by the runtime's thread only while the worker is idle.
        private string host;
        private int port;
        private string path;
        private byte[] trustAnchor;
        private int requestLength;
        private int generation;
        private int requestGeneration;
        private bool workerBusy;
        private bool delivering;
        private bool wakeAfterDelivery;
        private bool completionReady;
        private int completionGeneration;
        private TransportResult completionResult;
        private int completionStatus;
        private int completionLength;
        private string completionNote;

        /// <summary>
        /// Posts through client; requests up to requestCapacity bytes, responses up to responseCapacity bytes (one
        /// protocol message: <see cref="DeviceRuntime.MaxResponseLength"/>). link (optional) makes a request without an
        /// address fail at once with <see cref="TransportResult.NoConnection"/>; log (optional) gets one line per request,
        /// written from <see cref="Tick"/> (never from the worker).
        /// </summary>
        public NativeIpSecureTransport(ISecureHttpClient client, int requestCapacity, int responseCapacity, INativeIpLink link, IProvisioningLog log)
        {
            if (client == null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            if (requestCapacity <= 0 || responseCapacity <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(responseCapacity));
            }

            this.client = client;
            this.link = link;
            this.log = log;
            requestBody = new byte[requestCapacity];
            response = new byte[responseCapacity];
        }

        /// <summary>An exception the client threw on the worker (reported as <see cref="TransportResult.ModemError"/>), or null.</summary>
        public Exception LastFault { get; private set; }

        /// <summary>Requests handed to the worker.</summary>
        public int Requests { get; private set; }

        /// <summary>Completions dropped because the request was cancelled (or replaced) before they were delivered.</summary>
        public int AbandonedCompletions { get; private set; }

        /// <summary>Starts the worker thread. Call once, before the runtime starts.</summary>
        public void Start()
        {
            if (worker != null)
            {
                throw new InvalidOperationException("already started");
            }

            running = true;
            worker = new Thread(Work);
            worker.Start();
        }

        /// <summary>Lets the worker end once its current exchange (if any) returns; no completion follows.</summary>
        public void Stop()
        {
            lock (gate)
            {
                running = false;
                generation++;
            }

            requestReady.Set();
        }

        /// <inheritdoc />
        public void SetListener(ISecureTransportListener listener)
        {
            this.listener = listener;
        }

        /// <inheritdoc />
        public bool TryBeginPost(string url, byte[] trustAnchorDer, byte[] body, int offset, int count)
        {
            if (url == null || trustAnchorDer == null || body == null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            if (offset < 0 || count < 0 || offset > body.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            bool wake;
            lock (gate)
            {
                if (workerBusy)
                {
                    // An abandoned exchange is still blocking the worker (its socket timeout ends it).
                    return false;
                }

                generation++;
                if (count > requestBody.Length)
                {
                    PostLocal(TransportResult.ModemError, "native-ip: request of " + count.ToString() + " bytes over the buffer");
                    return true;
                }

                if (link != null && !link.HasIpAddress)
                {
                    PostLocal(TransportResult.NoConnection, "native-ip: no IP address");
                    return true;
                }

                string parsedHost;
                int parsedPort;
                string parsedPath;
                if (!TryParseUrl(url, out parsedHost, out parsedPort, out parsedPath))
                {
                    PostLocal(TransportResult.ConnectFailed, "native-ip: not an https URL: " + url);
                    return true;
                }

                host = parsedHost;
                port = parsedPort;
                path = parsedPath;

                // Copies: the machine may clear or reuse its buffers once the request is cancelled.
                trustAnchor = new byte[trustAnchorDer.Length];
                Array.Copy(trustAnchorDer, 0, trustAnchor, 0, trustAnchorDer.Length);
                Array.Copy(body, offset, requestBody, 0, count);
                requestLength = count;
                requestGeneration = generation;
                workerBusy = true;
                Requests++;

                // The response buffer is still being read while a completion is delivered: start after it.
                wake = !delivering;
                wakeAfterDelivery = delivering;
            }

            if (wake)
            {
                requestReady.Set();
            }

            return true;
        }

        /// <inheritdoc />
        public void Cancel()
        {
            lock (gate)
            {
                // The worker cannot be interrupted; its late completion no longer matches and is dropped.
                generation++;
            }
        }

        /// <inheritdoc />
        public void Tick(int elapsedMilliseconds)
        {
            TransportResult result;
            int status;
            int length;
            string note;
            bool abandoned;
            lock (gate)
            {
                if (!completionReady)
                {
                    return;
                }

                completionReady = false;
                note = completionNote;
                completionNote = null;
                abandoned = completionGeneration != generation;
                if (abandoned)
                {
                    AbandonedCompletions++;
                }

                result = completionResult;
                status = completionStatus;
                length = completionLength;
                delivering = !abandoned;
            }

            // Logged here, on the runner's thread, so the log needs no locking of its own.
            if (note != null)
            {
                Write(abandoned ? note + " (abandoned)" : note);
            }

            if (abandoned)
            {
                return;
            }

            bool wake = false;
            try
            {
                if (listener != null)
                {
                    listener.OnPostCompleted(result, status, response, 0, length);
                }
            }
            finally
            {
                lock (gate)
                {
                    delivering = false;
                    wake = wakeAfterDelivery;
                    wakeAfterDelivery = false;
                }

                if (wake)
                {
                    requestReady.Set();
                }
            }
        }

        /// <summary>How a client outcome reaches provisioning (TransportResult is what the state machine retries on).</summary>
        public static TransportResult Map(SecureHttpResult result)
        {
            switch (result)
            {
                case SecureHttpResult.Completed:
                    return TransportResult.Completed;
                case SecureHttpResult.ResolveFailed:
                case SecureHttpResult.ConnectFailed:
                case SecureHttpResult.TransportFailed:
                    // DNS, TCP connect, or the socket broke mid-exchange.
                    return TransportResult.ConnectFailed;
                case SecureHttpResult.TlsFailed:
                    // Untrusted, expired or mismatched server certificate: never retried against another anchor.
                    return TransportResult.TlsFailed;
                case SecureHttpResult.TimedOut:
                    return TransportResult.Timeout;
                case SecureHttpResult.ResponseTooLarge:
                    return TransportResult.ResponseTooLarge;
                default:
                    // MalformedResponse: not an HTTP/1.x answer the device can read.
                    return TransportResult.ModemError;
            }
        }

        /// <summary>Splits https://host[:port]/path; false for any other scheme, an empty host or a bad port.</summary>
        public static bool TryParseUrl(string url, out string host, out int port, out string path)
        {
            host = null;
            port = 0;
            path = null;
            if (url == null || url.Length <= Scheme.Length || url.Substring(0, Scheme.Length) != Scheme)
            {
                return false;
            }

            int slash = url.IndexOf('/', Scheme.Length);
            string authority = slash < 0 ? url.Substring(Scheme.Length) : url.Substring(Scheme.Length, slash - Scheme.Length);
            path = slash < 0 ? "/" : url.Substring(slash);
            int colon = authority.IndexOf(':');
            if (colon < 0)
            {
                host = authority;
                port = DefaultHttpsPort;
            }
            else
            {
                host = authority.Substring(0, colon);
                string digits = authority.Substring(colon + 1);
                if (digits.Length == 0 || digits.Length > 5)
                {
                    return false;
                }

                for (int i = 0; i < digits.Length; i++)
                {
                    char c = digits[i];
                    if (c < '0' || c > '9')
                    {
                        return false;
                    }

                    port = (port * 10) + (c - '0');
                }

                if (port == 0 || port > 65535)
                {
                    return false;
                }
            }

            return host.Length > 0;
        }

        // Called with gate held: a request that fails before reaching the worker completes on the next Tick.
        private void PostLocal(TransportResult result, string note)
        {
            completionNote = note;
            completionResult = result;
            completionStatus = 0;
            completionLength = 0;
            completionGeneration = generation;
            completionReady = true;
        }

        private void Work()
        {
            while (true)
            {
                requestReady.WaitOne();
                string requestHost;
                int requestPort;
                string requestPath;
                byte[] anchor;
                int length;
                int requestId;
                lock (gate)
                {
                    if (!running)
                    {
                        workerBusy = false;
                        return;
                    }

                    if (!workerBusy)
                    {
                        continue;
                    }

                    requestHost = host;
                    requestPort = port;
                    requestPath = path;
                    anchor = trustAnchor;
                    length = requestLength;
                    requestId = requestGeneration;
                }

                int status = 0;
                int responseLength = 0;
                TransportResult result;
                SecureHttpResult outcome = SecureHttpResult.MalformedResponse;
                Exception fault = null;
                try
                {
                    // Blocking: DNS, TCP connect, TLS handshake against the pinned CA, one HTTP/1.1 exchange.
                    outcome = client.Post(requestHost, requestPort, requestPath, anchor, requestBody, 0, length, response, 0, response.Length, out status, out responseLength);
                    result = Map(outcome);
                }
                catch (Exception e)
                {
                    // A client bug (e.g. a header over its buffer) must not kill the worker: kept in LastFault and reported.
                    fault = e;
                    result = TransportResult.ModemError;
                }

                Array.Clear(requestBody, 0, length);
                if (result != TransportResult.Completed)
                {
                    status = 0;
                    responseLength = 0;
                }

                string line = fault == null
                    ? "native-ip: POST " + requestHost + requestPath + " -> " + ResultName(outcome) + (status == 0 ? string.Empty : " " + status.ToString())
                    : "native-ip: POST " + requestHost + requestPath + " threw " + fault.GetType().Name + ": " + fault.Message;
                lock (gate)
                {
                    if (fault != null)
                    {
                        LastFault = fault;
                    }

                    completionNote = line;

                    completionResult = result;
                    completionStatus = status;
                    completionLength = responseLength;
                    completionGeneration = requestId;
                    completionReady = true;
                    workerBusy = false;
                }
            }
        }

        private void Write(string line)
        {
            if (log != null)
            {
                log.Write(line);
            }
        }

        private static string ResultName(SecureHttpResult result)
        {
            switch (result)
            {
                case SecureHttpResult.Completed:
                    return "Completed";
                case SecureHttpResult.ResolveFailed:
                    return "ResolveFailed";
                case SecureHttpResult.ConnectFailed:
                    return "ConnectFailed";
                case SecureHttpResult.TlsFailed:
                    return "TlsFailed";
                case SecureHttpResult.TransportFailed:
                    return "TransportFailed";
                case SecureHttpResult.ResponseTooLarge:
                    return "ResponseTooLarge";
                case SecureHttpResult.TimedOut:
                    return "TimedOut";
                default:
                    return "MalformedResponse";
            }
        }
    }
}
