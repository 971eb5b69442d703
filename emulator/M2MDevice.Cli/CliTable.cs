using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace M2MDevice.Cli
{
    /// <summary>A plain-text table: a header row and data rows, columns padded to their widest cell, two spaces apart.</summary>
    public sealed class CliTable
    {
        private readonly string[] headers;
        private readonly List<string[]> rows = new List<string[]>();

        /// <summary>Creates a table with these column headers.</summary>
        public CliTable(params string[] headers)
        {
            ArgumentNullException.ThrowIfNull(headers);
            this.headers = headers;
        }

        /// <summary>Number of data rows.</summary>
        public int Count => this.rows.Count;

        /// <summary>Adds a row (null cells print as "-").</summary>
        public CliTable Add(params string[] cells)
        {
            ArgumentNullException.ThrowIfNull(cells);
            if (cells.Length != this.headers.Length)
            {
                throw new ArgumentException($"a row has {this.headers.Length} cells", nameof(cells));
            }

            this.rows.Add(cells);
            return this;
        }

        /// <summary>Writes the table.</summary>
        public void WriteTo(TextWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            int[] widths = new int[this.headers.Length];
            for (int i = 0; i < widths.Length; i++)
            {
                widths[i] = this.headers[i].Length;
                foreach (string[] row in this.rows)
                {
                    widths[i] = Math.Max(widths[i], Cell(row[i]).Length);
                }
            }

            WriteRow(writer, this.headers, widths);
            foreach (string[] row in this.rows)
            {
                WriteRow(writer, row, widths);
            }
        }

        private static string Cell(string value) => string.IsNullOrEmpty(value) ? "-" : value;

        private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
        {
            var line = new StringBuilder();
            for (int i = 0; i < cells.Length; i++)
            {
                string cell = Cell(cells[i]);
                line.Append(i == cells.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }
}
