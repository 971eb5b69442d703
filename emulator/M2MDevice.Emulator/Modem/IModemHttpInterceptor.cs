using System;
using System.Threading;
using System.Threading.Tasks;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>
    /// Adversarial hook (issue 7 part 1): a party on the modem's HTTP data path after TLS, i.e. one that sees and
    /// may rewrite application bytes although the TLS session itself is genuine. It models a compromised modem
    /// (ARCHITECTURE 3.1: the modem terminates TLS and sees the plaintext) and, equivalently for the firmware, a
    /// TLS-terminating middlebox holding a certificate mis-issued by a trusted CA: the firmware only ever sees
    /// the bytes AT+HTTPREAD returns. This is why the device's messages with RS and the HO are MAC'd end to end.
    /// </summary>
    public interface IModemHttpInterceptor
    {
        /// <summary>
        /// Handles one HTTP action. <paramref name="forward"/> performs the real request (TLS validation included)
        /// and may be called at most once, or not at all (the exchange is dropped or answered by the interceptor);
        /// the returned answer is what the modem reports to the device. Runs on a thread-pool thread.
        /// </summary>
        Task<ModemHttpAnswer> InterceptAsync(ModemHttpExchange exchange, Func<Task<ModemHttpAnswer>> forward, CancellationToken cancellationToken);
    }
}
