using System;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.Emulator.Visited;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>The adversarial HTTP interception point (<see cref="IModemHttpInterceptor"/>).</summary>
    public sealed partial class EmulatedModem
    {
        private volatile IModemHttpInterceptor httpInterceptor;

        /// <summary>
        /// Adversarial tests only: a party that sees and may rewrite each HTTP(S) exchange in plaintext after TLS
        /// (<see cref="IModemHttpInterceptor"/>). Null (default): exchanges go straight to the server.
        /// </summary>
        public IModemHttpInterceptor HttpInterceptor
        {
            get => httpInterceptor;
            set => httpInterceptor = value;
        }

        // The real exchange, through the interceptor when one is set; the data-session accounting keeps what really went
        // over the bearer (nothing when the interceptor answered by itself).
        private async Task<ModemHttpClient.Result> ExchangeAsync(int method, ModemHttpRequest request, DataSessionPolicy policy, long remaining, CancellationToken token)
        {
            IModemHttpInterceptor interceptor = httpInterceptor;
            if (interceptor == null)
            {
                return await httpClient.ExecuteAsync(request, policy, remaining, token).ConfigureAwait(false);
            }

            ModemHttpClient.Result forwarded = null;
            async Task<ModemHttpAnswer> Forward()
            {
                if (forwarded != null)
                {
                    throw new InvalidOperationException("an intercepted exchange is forwarded at most once");
                }

                forwarded = await httpClient.ExecuteAsync(request, policy, remaining, token).ConfigureAwait(false);
                return new ModemHttpAnswer(forwarded.Status, forwarded.Body);
            }

            ModemHttpAnswer answer = await interceptor.InterceptAsync(new ModemHttpExchange(method, request.Url, request.Body), Forward, token).ConfigureAwait(false);
            ArgumentNullException.ThrowIfNull(answer);
            return new ModemHttpClient.Result(
                answer.Status,
                answer.Body ?? Array.Empty<byte>(),
                forwarded?.BytesUsed ?? 0,
                forwarded?.Tls ?? TlsValidationResult.Valid);
        }
    }
}
