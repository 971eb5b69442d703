using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace M2MDevice.Cli
{
    /// <summary>
    /// The result of one command as ordered named fields, written either as `NAME: value` lines or as
    /// one JSON object (`--json`) whose keys are the JSON names and whose byte values are lowercase hex.
    /// </summary>
    public sealed class CliOutput
    {
        private readonly List<Field> fields = new List<Field>();

        /// <summary>Adds bytes shown as lowercase hex.</summary>
        public CliOutput Add(string textName, string jsonName, byte[] value)
        {
            fields.Add(new Field(textName, jsonName, CliOptions.ToHex(value), null));
            return this;
        }

        /// <summary>Adds a plain string (a status word, a message).</summary>
        public CliOutput Add(string textName, string jsonName, string value)
        {
            fields.Add(new Field(textName, jsonName, value, null));
            return this;
        }

        /// <summary>Adds a number, printed in decimal and as a JSON number (SQN values stay below 2^53).</summary>
        public CliOutput Add(string textName, string jsonName, long value)
        {
            fields.Add(new Field(textName, jsonName, null, value));
            return this;
        }

        /// <summary>Adds a field that only the JSON form carries (e.g. the result name).</summary>
        public CliOutput AddJsonOnly(string jsonName, string value)
        {
            fields.Add(new Field(null, jsonName, value, null));
            return this;
        }

        /// <summary>Adds a line that only the text form carries (e.g. `MAC failure`).</summary>
        public CliOutput AddTextLine(string line)
        {
            fields.Add(new Field(line, null, null, null));
            return this;
        }

        /// <summary>Writes the fields to writer, as JSON when json is true.</summary>
        public void WriteTo(TextWriter writer, bool json)
        {
            ArgumentNullException.ThrowIfNull(writer);
            if (json)
            {
                WriteJson(writer);
                return;
            }

            foreach (Field field in fields)
            {
                if (field.TextName == null)
                {
                    continue;
                }

                if (field.JsonName == null && field.Text == null && field.Number == null)
                {
                    writer.WriteLine(field.TextName);
                }
                else if (field.Number.HasValue)
                {
                    writer.WriteLine($"{field.TextName}: {field.Number.Value}");
                }
                else
                {
                    writer.WriteLine($"{field.TextName}: {field.Text}");
                }
            }
        }

        private void WriteJson(TextWriter writer)
        {
            using MemoryStream buffer = new MemoryStream();
            using (Utf8JsonWriter json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                foreach (Field field in fields)
                {
                    if (field.JsonName == null)
                    {
                        continue;
                    }

                    if (field.Number.HasValue)
                    {
                        json.WriteNumber(field.JsonName, field.Number.Value);
                    }
                    else
                    {
                        json.WriteString(field.JsonName, field.Text);
                    }
                }

                json.WriteEndObject();
            }

            writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }

        private sealed record Field(string TextName, string JsonName, string Text, long? Number);
    }
}
