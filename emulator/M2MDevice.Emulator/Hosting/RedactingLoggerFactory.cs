using System;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>
    /// Wraps any ILoggerFactory so that every message its loggers write has passed <see cref="LogRedaction.Redact"/>;
    /// exceptions are logged by type and redacted message only (no stack-held values). Structured state is replaced
    /// by the redacted text.
    /// </summary>
    public sealed class RedactingLoggerFactory : ILoggerFactory
    {
        private readonly ILoggerFactory inner;

        /// <summary>Wraps <paramref name="inner"/> (not disposed by this object).</summary>
        public RedactingLoggerFactory(ILoggerFactory inner)
        {
            ArgumentNullException.ThrowIfNull(inner);
            this.inner = inner;
        }

        /// <inheritdoc/>
        public void AddProvider(ILoggerProvider provider) => this.inner.AddProvider(provider);

        /// <inheritdoc/>
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(this.inner.CreateLogger(categoryName));

        /// <summary>Does nothing: the inner factory belongs to the caller.</summary>
        public void Dispose()
        {
        }

        private sealed class RedactingLogger : ILogger
        {
            private readonly ILogger inner;

            public RedactingLogger(ILogger inner)
            {
                this.inner = inner;
            }

            public IDisposable BeginScope<TState>(TState state)
                where TState : notnull
            {
                return this.inner.BeginScope(LogRedaction.Redact(state.ToString()));
            }

            public bool IsEnabled(LogLevel logLevel) => this.inner.IsEnabled(logLevel);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception, Func<TState, Exception, string> formatter)
            {
                if (!this.inner.IsEnabled(logLevel))
                {
                    return;
                }

                string message = LogRedaction.Redact(formatter(state, null));
                if (exception != null)
                {
                    message += " [" + exception.GetType().Name + ": " + LogRedaction.Redact(exception.Message) + "]";
                }

                this.inner.Log(logLevel, eventId, message, null, (text, _) => text);
            }
        }
    }
}
