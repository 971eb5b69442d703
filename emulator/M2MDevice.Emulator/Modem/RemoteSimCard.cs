using System;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// The device's soft USIM reached over the AT channel (docs/remote-sim.md): each exchange is a
    /// "+M2MSIM: &lt;id&gt;,"&lt;type&gt;"[,"&lt;C-APDU&gt;"]" URC; the device answers "AT+M2MSIM=&lt;id&gt;,&lt;status&gt;[,"&lt;hex&gt;"]",
    /// which the modem routes here (<see cref="TryMatch"/>, <see cref="Deliver"/>). One request outstanding;
    /// a device that stays silent past the timeout is treated as a removed card.
    /// </summary>
    internal sealed class RemoteSimCard : ISimCard
    {
        private readonly Func<string, CancellationToken, Task> emitUrc;
        private readonly TimeSpan timeout;
        private readonly TimeProvider clock;
        private readonly object gate = new object();
        private TaskCompletionSource<SimCardResponse> pending;
        private RemoteSimRequestType pendingType;
        private int pendingId = -1;
        private int nextId;

        /// <param name="emitUrc">Writes one URC line to the device (framed by the modem).</param>
        /// <param name="timeout">How long the device may take to answer.</param>
        /// <param name="clock">Time source of the timeout.</param>
        public RemoteSimCard(Func<string, CancellationToken, Task> emitUrc, TimeSpan timeout, TimeProvider clock)
        {
            this.emitUrc = emitUrc;
            this.timeout = timeout;
            this.clock = clock;
        }

        /// <summary>Requests that got no answer in time.</summary>
        public int TimedOutRequests { get; private set; }

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
            await RequestAsync(RemoteSimRequestType.Deinit, null, 0, 0, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// True when response answers the outstanding request and is well-formed for its type (ATR 2..33 bytes
        /// for INIT/RESET, R-APDU for APDU, nothing for DEINIT). The modem then writes OK and calls Deliver.
        /// </summary>
        public bool TryMatch(RemoteSimResponse response)
        {
            lock (gate)
            {
                if (pending == null || response.Id != pendingId)
                {
                    return false;
                }

                if (response.Status != RemoteSimStatus.Ok)
                {
                    return true;
                }

                switch (pendingType)
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
            TaskCompletionSource<SimCardResponse> completion;
            SimCardResponse result;
            lock (gate)
            {
                if (pending == null || response.Id != pendingId)
                {
                    return;
                }

                completion = pending;
                pending = null;
                pendingId = -1;
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
            }

            completion.TrySetResult(result);
        }

        private async Task<SimCardResponse> RequestAsync(RemoteSimRequestType type, byte[] apdu, int offset, int count, CancellationToken cancellationToken)
        {
            var completion = new TaskCompletionSource<SimCardResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            int id;
            lock (gate)
            {
                if (pending != null)
                {
                    // A request abandoned by a cancelled operation: its answer can no longer be used.
                    pending.TrySetResult(SimCardResponse.Failure(SimCardStatus.Absent));
                }

                id = nextId;
                nextId = (nextId + 1) % (RemoteSimMessage.MaxId + 1);
                pending = completion;
                pendingId = id;
                pendingType = type;
            }

            var writer = new AtWriter(RemoteSimMessage.MaxLineLength);
            RemoteSimMessage.FormatRequest(writer, id, type, apdu, offset, count);
            string line = writer.ToString();
            try
            {
                await emitUrc(line, cancellationToken).ConfigureAwait(false);
                return await completion.Task.WaitAsync(timeout, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                TimedOutRequests++;
                return SimCardResponse.Failure(SimCardStatus.Timeout);
            }
            finally
            {
                lock (gate)
                {
                    if (pending == completion)
                    {
                        pending = null;
                        pendingId = -1;
                    }
                }
            }
        }
    }
}
