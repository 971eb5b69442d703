using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Modem;

namespace M2MDevice.Emulator.Tests.Adversarial
{
    /// <summary>
    /// A man in the middle on the device modem's HTTP data path after TLS (<see cref="IModemHttpInterceptor"/>): each
    /// exchange goes to a handler that may forward it, rewrite the answer, answer by itself or stop the run. Records the
    /// path and outcome of every exchange. <see cref="StopRun"/> cancels <see cref="Stop"/> (the test's fleet run) and
    /// holds the exchange that asked, so the device is halted at a known point with everything before persisted.
    /// </summary>
    internal sealed class PathAttacker : IModemHttpInterceptor, IDisposable
    {
        private readonly Func<PathAttacker, ModemHttpExchange, Func<Task<ModemHttpAnswer>>, Task<ModemHttpAnswer>> handler;
        private readonly CancellationTokenSource stop = new CancellationTokenSource();
        private readonly List<string> log = new List<string>();

        public PathAttacker(Func<PathAttacker, ModemHttpExchange, Func<Task<ModemHttpAnswer>>, Task<ModemHttpAnswer>> handler)
        {
            this.handler = handler;
        }

        /// <summary>Cancelled by <see cref="StopRun"/>.</summary>
        public CancellationToken Stop => this.stop.Token;

        /// <summary>"path status" per exchange, in order (e.g. "ua/v1/package 200 tampered").</summary>
        public IReadOnlyList<string> Log
        {
            get
            {
                lock (this.log)
                {
                    return this.log.ToArray();
                }
            }
        }

        public async Task<ModemHttpAnswer> InterceptAsync(ModemHttpExchange exchange, Func<Task<ModemHttpAnswer>> forward, CancellationToken cancellationToken)
        {
            ModemHttpAnswer answer;
            try
            {
                answer = await this.handler(this, exchange, forward);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The modem runs this in the background and only logs failures: keep them for the test to report.
                this.Note(exchange, "handler failed: " + exception.Message);
                throw;
            }

            if (answer != null)
            {
                return answer;
            }

            // Stopped: the exchange never completes; the modem cancels it when the fleet shuts the device down.
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }

        /// <summary>Fails the test with the handler's own failure (an assertion inside it ran on the modem's thread).</summary>
        public void AssertHandlerSucceeded()
        {
            Assert.DoesNotContain(this.Log, entry => entry.Contains(" handler failed: ", StringComparison.Ordinal));
        }

        /// <summary>Notes an exchange in <see cref="Log"/>.</summary>
        public void Note(ModemHttpExchange exchange, string what)
        {
            string path = new Uri(exchange.Url).AbsolutePath.TrimStart('/');
            lock (this.log)
            {
                this.log.Add(path + " " + what);
            }
        }

        /// <summary>
        /// Ends the run at this exchange: returns null for the handler to return; the exchange then never completes, so
        /// the device is halted with this request in flight and everything before it persisted.
        /// </summary>
        public ModemHttpAnswer StopRun(ModemHttpExchange exchange)
        {
            this.Note(exchange, "stop");
            this.stop.Cancel();
            return null;
        }

        public void Dispose() => this.stop.Dispose();
    }
}
