using System;
using System.IO;
using System.Text.RegularExpressions;

namespace M2MDevice.Cli.Demo
{
    /// <summary>
    /// Progress of a long run on stderr without flooding it (issue 8): lines carrying a count "N/M" (manufactured,
    /// registered, devices finished) are shown at most once per interval, plus the last one of each count (N = M);
    /// other lines always. On a terminal the counts rewrite one status line in place ('\r'); redirected to a file or a
    /// pipe they become ordinary lines, one per interval. Thread-safe (reports come from several threads).
    /// </summary>
    public sealed partial class StatusLine : IProgress<string>
    {
        private readonly TextWriter writer;
        private readonly bool interactive;
        private readonly long intervalTicks;
        private readonly object gate = new object();
        private long lastCountAt;
        private bool countShown;
        private int shownWidth;

        /// <summary>Creates the status line over writer; interactive rewrites in place; interval between count lines.</summary>
        public StatusLine(TextWriter writer, bool interactive, TimeSpan interval)
        {
            ArgumentNullException.ThrowIfNull(writer);
            this.writer = writer;
            this.interactive = interactive;
            this.intervalTicks = (long)(interval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        }

        /// <summary>A status line for error: interactive when it is the console's stderr on a terminal; a count every 2 s (0.25 s on a terminal).</summary>
        public static StatusLine For(TextWriter error)
        {
            ArgumentNullException.ThrowIfNull(error);
            bool terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
            return new StatusLine(error, terminal, terminal ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(2));
        }

        /// <summary>Lines written (counts included).</summary>
        public int LinesWritten { get; private set; }

        /// <summary>Shows line now (or, for a count, when the interval has passed or the count is complete).</summary>
        public void Report(string value)
        {
            if (value == null)
            {
                return;
            }

            lock (this.gate)
            {
                Match count = CountPattern().Match(value);
                if (!count.Success)
                {
                    this.WriteLine(value);
                    return;
                }

                long now = System.Diagnostics.Stopwatch.GetTimestamp();
                bool complete = count.Groups[1].Value == count.Groups[2].Value;
                if (!complete && this.countShown && now - this.lastCountAt < this.intervalTicks)
                {
                    return;
                }

                this.lastCountAt = now;
                this.countShown = true;
                if (!this.interactive)
                {
                    this.writer.WriteLine(value);
                    this.LinesWritten++;
                    return;
                }

                // Rewrite the status line in place; pad over a longer previous text.
                string padded = value.Length < this.shownWidth ? value + new string(' ', this.shownWidth - value.Length) : value;
                this.writer.Write("\r" + padded);
                this.writer.Flush();
                this.shownWidth = value.Length;
                this.LinesWritten++;
                if (complete)
                {
                    this.EndStatus();
                }
            }
        }

        /// <summary>Ends a status line left open (before the summary is printed).</summary>
        public void Complete()
        {
            lock (this.gate)
            {
                this.EndStatus();
            }
        }

        private void WriteLine(string value)
        {
            this.EndStatus();
            this.writer.WriteLine(value);
            this.LinesWritten++;
        }

        private void EndStatus()
        {
            if (this.shownWidth > 0)
            {
                this.writer.WriteLine();
                this.shownWidth = 0;
            }
        }

        [GeneratedRegex(@"\b(\d+)/(\d+)\b", RegexOptions.CultureInvariant)]
        private static partial Regex CountPattern();
    }
}
