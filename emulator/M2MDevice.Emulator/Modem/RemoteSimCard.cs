using System;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// The device's soft USIM reached over the AT channel (docs/remote-sim.md): each exchange is a
    /// "+M2MSIM: &lt;id&gt;,"&lt;type&gt;"[,"&lt;C-APDU&gt;"]" URC; the device answers "AT+M2MSIM=&lt;id&gt;,&lt;status&gt;[,"&lt;hex&gt;"]",
    /// which the modem routes here (<see cref="TryMatch"/>, <see cref="Deliver"/>). A device that stays silent past
    /// the timeout is treated as a removed card.
    /// <para>
    /// One request outstanding (docs/remote-sim.md): the next request goes out only after the device's answer to the
    /// previous one was accepted, or after that request timed out. This holds also when the modem operation that
    /// asked (a power-on, a registration's AUTHENTICATE) is cancelled by AT+CFUN or AT+COPS while its request is out:
    /// the device has that request and will answer it, so the request stays outstanding until the answer arrives
    /// (and is discarded) or its timeout passes. Sending the next request earlier would make the device drop it as a
    /// protocol violation, and the modem would then time the new request out and declare the SIM failed.
    /// </para>
    /// </summary>
    internal sealed class RemoteSimCard : ISimCard
    {
        private readonly Func<string, CancellationToken, Task> emitUrc;
        private readonly TimeSpan timeout;
        private readonly TimeProvider clock;
        private readonly CancellationToken lifetime;
        private readonly ILogger logger;
        private readonly object gate = new object();
        private Request outstanding;
        private int nextId;
        private int timedOutRequests;
        private int abandonedRequests;

        /// <param name="emitUrc">Writes one URC line to the device (framed by the modem).</param>
        /// <param name="timeout">How long the device may take to answer.</param>
        /// <param name="clock">Time source of the timeout.</param>
        /// <param name="lifetime">The modem's lifetime: requests are written and waited for until it ends.</param>
        /// <param name="logger">Where timeouts and abandoned requests are logged (ids and types only); may be null.</param>
        public RemoteSimCard(Func<string, CancellationToken, Task> emitUrc, TimeSpan timeout, TimeProvider clock, CancellationToken lifetime, ILogger logger)
        {
            ArgumentNullException.ThrowIfNull(emitUrc);
            ArgumentNullException.ThrowIfNull(clock);
            this.emitUrc = emitUrc;
            this.timeout = timeout;
            this.clock = clock;
            this.lifetime = lifetime;
            this.logger = logger ?? NullLogger.Instance;
        }

        /// <summary>Requests that got no answer in time.</summary>
        public int TimedOutRequests => Volatile.Read(ref timedOutRequests);

        /// <summary>Requests whose modem operation was cancelled while the device had them (their answers are discarded).</summary>
        public int AbandonedRequests => Volatile.Read(ref abandonedRequests);

        /// <inheritdoc/>
        public Task<SimCardResponse> ResetAsync(bool coldStart, CancellationToken cancellationToken)
        {
            return RequestAsync(coldStart ? RemoteSimRequestType.Init : RemoteSimRequestType.Reset, null, 0, 0, cancellationToken);
        }

        /// <inheritdoc/>
        public Task<SimCardResponse> TransmitAsync(byte[] command, int offset, int count, CancellationToken cancellationToken)
        {
            if (count < RemoteSimMessage.MinCommandApduLength || count > RemoteSimMessage.MaxCommandApduLength)
            {
                return Task.FromResult(SimCardResponse.Failure(SimCardStatus.InvalidRequest));
            }

            return RequestAsync(RemoteSimRequestType.Apdu, command, offset, count, cancellationToken);
        }

        /// <inheritdoc/>
        public async Task PowerOffAsync(CancellationToken cancellationToken)
        {
            SimCardResponse answer = await RequestAsync(RemoteSimRequestType.Deinit, null, 0, 0, cancellationToken).ConfigureAwait(false);
            answer.Clear();
        }

        /// <summary>
        /// True when response answers the outstanding request and is well-formed for its type (ATR 2..33 bytes
        /// for INIT/RESET, R-APDU for APDU, nothing for DEINIT). The modem then writes OK and calls Deliver.
        /// </summary>
        public bool TryMatch(RemoteSimResponse response)
        {
            lock (gate)
            {
                if (outstanding == null || response.Id != outstanding.Id)
                {
                    return false;
                }

                if (response.Status != RemoteSimStatus.Ok)
                {
                    return true;
                }

                switch (outstanding.Type)
                {
                    case RemoteSimRequestType.Init:
                    case RemoteSimRequestType.Reset:
                        return response.DataLength >= RemoteSimMessage.MinAtrLength && response.DataLength <= RemoteSimMessage.MaxAtrLength;
                    case RemoteSimRequestType.Apdu:
                        return response.DataLength >= 2;
                    default:
                        return response.DataLength == 0;
                }
            }
        }

        /// <summary>Completes the outstanding request with response (after the modem's OK went out).</summary>
        public void Deliver(RemoteSimResponse response)
        {
            Request request;
            lock (gate)
            {
                request = outstanding;
                if (request == null || response.Id != request.Id)
                {
                    return;
                }
            }

            SimCardResponse result;
            switch (response.Status)
            {
                case RemoteSimStatus.Ok:
                    result = SimCardResponse.Answer(response.Data.AsSpan(0, response.DataLength).ToArray());
                    break;
                case RemoteSimStatus.CardNotPowered:
                    result = SimCardResponse.Failure(SimCardStatus.NotPowered);
                    break;
                case RemoteSimStatus.InvalidRequest:
                    result = SimCardResponse.Failure(SimCardStatus.InvalidRequest);
                    break;
                default:
                    result = SimCardResponse.Failure(SimCardStatus.CardError);
                    break;
            }

            if (!request.Answer.TrySetResult(result))
            {
                result.Clear();
            }
        }

        private async Task<SimCardResponse> RequestAsync(RemoteSimRequestType type, byte[] apdu, int offset, int count, CancellationToken cancellationToken)
        {
            Request request = await ReserveAsync(type, cancellationToken).ConfigureAwait(false);
            var writer = new AtWriter(RemoteSimMessage.MaxLineLength);
            RemoteSimMessage.FormatRequest(writer, request.Id, type, apdu, offset, count);
            string line = writer.ToString();
            try
            {
                // Written under the modem's lifetime, not the caller's token: once reserved, the request goes out
                // whole, so the device and the modem agree on what is outstanding.
                await emitUrc(line, lifetime).ConfigureAwait(false);
            }
            catch
            {
                Release(request); // not written (the modem stopped or the stream closed): nothing is outstanding
                throw;
            }

            Task<SimCardResponse> answered = AwaitAnswerAsync(request);
            try
            {
                return await answered.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The operation gave up (AT+CFUN, AT+COPS). The device still answers this request; the request stays
                // outstanding until then (or its timeout), and the answer, which may carry keys, is wiped unread.
                Interlocked.Increment(ref abandonedRequests);
                logger.LogDebug("remote SIM request {Id} ({Type}) abandoned; the next request waits for its answer", request.Id, type);
                _ = answered.ContinueWith(
                    task =>
                    {
                        if (task.IsCompletedSuccessfully)
                        {
                            task.Result.Clear();
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                throw;
            }
        }

        /// <summary>Waits until no request is outstanding, then takes the next id (docs/remote-sim.md: one request outstanding).</summary>
        private async Task<Request> ReserveAsync(RemoteSimRequestType type, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task previous;
                lock (gate)
                {
                    if (outstanding == null)
                    {
                        var request = new Request(nextId, type);
                        nextId = (nextId + 1) % (RemoteSimMessage.MaxId + 1);
                        outstanding = request;
                        return request;
                    }

                    previous = outstanding.Settled.Task;
                }

                await previous.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The answer, or Timeout; frees the slot either way. Not cancelled by the caller (only by the modem's end).</summary>
        private async Task<SimCardResponse> AwaitAnswerAsync(Request request)
        {
            try
            {
                return await request.Answer.Task.WaitAsync(timeout, clock, lifetime).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                if (!request.Answer.TrySetCanceled() && request.Answer.Task.IsCompletedSuccessfully)
                {
                    request.Answer.Task.Result.Clear(); // answered at the last moment: too late, wiped unread
                }

                Interlocked.Increment(ref timedOutRequests);
                logger.LogWarning("remote SIM request {Id} ({Type}) not answered within {Timeout}", request.Id, request.Type, timeout);
                return SimCardResponse.Failure(SimCardStatus.Timeout);
            }
            finally
            {
                Release(request);
            }
        }

        private void Release(Request request)
        {
            lock (gate)
            {
                if (outstanding == request)
                {
                    outstanding = null;
                }
            }

            request.Settled.TrySetResult();
        }

        /// <summary>One request to the device: its id and type, the answer, and when it stops being outstanding.</summary>
        private sealed class Request
        {
            public Request(int id, RemoteSimRequestType type)
            {
                Id = id;
                Type = type;
            }

            public int Id { get; }

            public RemoteSimRequestType Type { get; }

            public TaskCompletionSource<SimCardResponse> Answer { get; } = new TaskCompletionSource<SimCardResponse>(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource Settled { get; } = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
