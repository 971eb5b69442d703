using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Tests.Secrets
{
    /// <summary>
    /// Issue 7 part 4: an ILoggerProvider that keeps everything at every level, Trace included: category, level, the
    /// formatted message, the exception (type, message and stack), every structured state value and every scope, so a
    /// value that a formatter leaves out is still searched.
    /// </summary>
    public sealed class CapturedLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<CapturedLogEntry> entries = new ConcurrentQueue<CapturedLogEntry>();

        /// <summary>Everything logged so far, in order of arrival.</summary>
        public IReadOnlyList<CapturedLogEntry> Entries => this.entries.ToArray();

        /// <summary>A factory at LogLevel.Trace for every category (ASP.NET Core and Kestrel included) writing here.</summary>
        public ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

        /// <inheritdoc />
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        /// <inheritdoc />
        public void Dispose()
        {
        }

        private sealed class Logger : ILogger
        {
            private readonly CapturedLog owner;
            private readonly string category;
            private readonly ConcurrentStack<string> scopes = new ConcurrentStack<string>();

            public Logger(CapturedLog owner, string category)
            {
                this.owner = owner;
                this.category = category;
            }

            public IDisposable BeginScope<TState>(TState state)
                where TState : notnull
            {
                string text = Describe(state);
                this.scopes.Push(text);
                this.owner.entries.Enqueue(new CapturedLogEntry(this.category, LogLevel.Trace, "scope: " + text));
                return new Scope(this.scopes);
            }

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception, Func<TState, Exception, string> formatter)
            {
                string message = formatter(state, exception) + " | state: " + Describe(state) + " | event: " + eventId;
                if (exception != null)
                {
                    message += " | exception: " + exception;
                }

                this.owner.entries.Enqueue(new CapturedLogEntry(this.category, logLevel, message));
            }

            private static string Describe<TState>(TState state)
            {
                if (state is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    return string.Join("; ", pairs.Select(p => p.Key + "=" + p.Value));
                }

                return state?.ToString() ?? string.Empty;
            }

            private sealed class Scope : IDisposable
            {
                private readonly ConcurrentStack<string> stack;

                public Scope(ConcurrentStack<string> stack)
                {
                    this.stack = stack;
                }

                public void Dispose() => this.stack.TryPop(out _);
            }
        }
    }
}
