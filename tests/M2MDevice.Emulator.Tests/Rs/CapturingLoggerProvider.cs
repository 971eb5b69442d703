using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Tests.Rs
{
    /// <summary>Keeps every formatted log line (after the server's redaction).</summary>
    public sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> lines = new ConcurrentQueue<string>();

        public IReadOnlyCollection<string> Lines => this.lines;

        public ILogger CreateLogger(string categoryName) => new Logger(this.lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger : ILogger
        {
            private readonly ConcurrentQueue<string> lines;
            private readonly string category;

            public Logger(ConcurrentQueue<string> lines, string category)
            {
                this.lines = lines;
                this.category = category;
            }

            public IDisposable BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception, Func<TState, Exception, string> formatter)
            {
                this.lines.Enqueue(this.category + ": " + formatter(state, exception) + (exception == null ? string.Empty : " " + exception));
            }
        }
    }
}
