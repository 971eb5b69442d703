using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Tests.Faults
{
    /// <summary>
    /// Lets the crash test's clients run while the server process lives: closed while it is down, opened for each
    /// new life. A client that lost an answer waits for the next life; the controller waits until every client is
    /// parked before it inspects the databases. Thread-safe.
    /// </summary>
    internal sealed class LoadGate
    {
        private readonly object gate = new object();
        private readonly int clients;
        private TaskCompletionSource<bool> changed = NewSignal();
        private TaskCompletionSource<bool> allParked = NewSignal();
        private bool isOpen;
        private int life;
        private int parked;

        public LoadGate(int clients)
        {
            this.clients = clients;
        }

        /// <summary>The current server life (1 = first start).</summary>
        public int Life
        {
            get
            {
                lock (this.gate)
                {
                    return this.life;
                }
            }
        }

        /// <summary>Opens the gate for a new server life.</summary>
        public void Open()
        {
            lock (this.gate)
            {
                this.life++;
                this.isOpen = true;
                this.allParked = NewSignal();
                this.Signal();
            }
        }

        /// <summary>Closes the gate (the server is being killed); returns when every client is parked.</summary>
        public Task CloseAsync()
        {
            lock (this.gate)
            {
                this.isOpen = false;
                this.Signal();
                if (this.parked == this.clients)
                {
                    this.allParked.TrySetResult(true);
                }

                return this.allParked.Task;
            }
        }

        /// <summary>
        /// Waits until the gate is open in a life after <paramref name="notBefore"/> (0: any life); returns that life.
        /// Cancellation ends the wait with OperationCanceledException.
        /// </summary>
        public async Task<int> WaitAsync(int notBefore, CancellationToken stop)
        {
            while (true)
            {
                Task<bool> signal;
                lock (this.gate)
                {
                    if (this.isOpen && this.life > notBefore)
                    {
                        return this.life;
                    }

                    this.parked++;
                    if (!this.isOpen && this.parked == this.clients)
                    {
                        this.allParked.TrySetResult(true);
                    }

                    signal = this.changed.Task;
                }

                try
                {
                    await signal.WaitAsync(stop);
                }
                finally
                {
                    lock (this.gate)
                    {
                        this.parked--;
                    }
                }
            }
        }

        // Wakes every waiter: the gate opened or closed.
        private void Signal()
        {
            TaskCompletionSource<bool> previous = this.changed;
            this.changed = NewSignal();
            previous.TrySetResult(true);
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
